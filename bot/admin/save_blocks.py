"""Danish texts and modal views for «Gem i vidensbanken»: loading, problems, the form, saving."""

from __future__ import annotations

from bot.admin.messages import summary_lines
from bot.admin.upload_blocks import AUDIENCE_NAMES
from bot.slack.text import link, safe, truncate

CALLBACK_ID = "kb_save_thread"              # the message shortcut
VIEW_CALLBACK_ID = "kb_save_thread_form"    # the modal's submission
MODAL_TITLE = "Gem i vidensbanken"
MAX_TAG_OPTIONS = 100

# block ids of the form's inputs (errors are keyed by them)
TITLE, BODY, TAGS, NEW_TAGS, AUDIENCE = "title", "body", "tags", "new_tags", "audience"

WHAT = "bruge genvejen «Gem i vidensbanken»"
NOT_IN_CHANNEL = ("Jeg kan ikke læse tråden, fordi jeg ikke er med i kanalen. Invitér mig med "
                  "`/invite @Vidensbanken`, og brug genvejen igen.")
THREAD_GONE = "Jeg kan ikke finde tråden – den er måske slettet. Der er intet at gemme."
MISSING_SCOPE = ("Appen må ikke læse tråde her endnu (den mangler rettigheden `channels:history`, "
                 "`groups:history` eller `im:history`). Geninstallér appen fra `manifest.yaml`.")
READ_FAILED = "Jeg kunne ikke læse tråden lige nu ({error}). Prøv igen om lidt."
NO_REPLIES = ("Tråden har endnu ingen svar fra medlemmerne, så teksten er tom. Skriv selv svaret, "
              "eller vent til netværket har svaret.")
FINDINGS = ("⚠️ Anonymiseringen fandt stadig {n} sted(er), der kan være personoplysninger. "
            "Læs teksten igennem, før du gemmer.")
TRUNCATED = "✂️ Tråden var lang, så teksten er afkortet til 3.000 tegn. Tjek slutningen."
EMPTY_TITLE = "Skriv en titel – helst spørgsmålet, som artiklen svarer på."
EMPTY_BODY = "Teksten er tom. Skriv svaret, før du gemmer."
DUPLICATE_TITLE = "Der findes allerede en artikel med den titel ({doc_id}). Vælg en anden titel."
HAS_USER_ID = ("Teksten indeholder et Slack-bruger-id. Skriv personens rolle i stedet "
               "(fx «projektlederen hos bygherren»), eller fjern det.")
BUSY = "Vidensbanken er ved at blive genindekseret. Vent et øjeblik, og tryk «Gem» igen."
INVALID = "Artiklen kan ikke gemmes: {detail}"


def read_problem(error: str) -> str:
    """The Danish message for a conversations.replies error."""
    if error in ("not_in_channel", "channel_not_found"):
        return NOT_IN_CHANNEL
    if error in ("thread_not_found", "message_not_found"):
        return THREAD_GONE
    if error == "missing_scope":
        return MISSING_SCOPE
    return READ_FAILED.format(error=f"`{safe(error)}`")


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 2900)}}


def _modal(blocks: list[dict], *, submit: str | None = None, close: str = "Luk", **extra) -> dict:
    view = {"type": "modal", "title": _plain(MODAL_TITLE), "close": _plain(close), "blocks": blocks, **extra}
    if submit:
        view["submit"] = _plain(submit)
    return view


def loading_view() -> dict:
    return _modal([_section("⏳ Jeg læser tråden og skriver et udkast …")])


def problem_view(text: str) -> dict:
    return _modal([_section(f"❌ {text}")])


def saving_view(title: str) -> dict:
    return _modal([_section(f"⏳ Gemmer «{safe(title)}» og genindekserer. Du får besked i din DM med mig, "
                            "når artiklen kan findes i svarene.")])


def _option(value: str, text: str) -> dict:
    return {"text": _plain(truncate(text, 75)), "value": value[:150]}


def audience_options(partnerships: list[tuple[str, str]]) -> list[dict]:
    """public, network and one option per partnership (id, name)."""
    options = [_option(level, f"{AUDIENCE_NAMES[level]}") for level in ("public", "network")]
    options += [_option(f"partnership:{pid}", f"partnerskabet {name}") for pid, name in partnerships]
    return options


def form_view(draft, *, metadata: str, tags: list[str], audiences: list[dict], audience: str,
              notes: list[str]) -> dict:
    """The form: title, text, tags (known ones and new ones), audience; ``notes`` go on top."""
    blocks = [_section(note) for note in notes]
    blocks.append({"type": "input", "block_id": TITLE, "label": _plain("Titel (spørgsmålet)"),
                   "element": {"type": "plain_text_input", "action_id": "value", "max_length": 150,
                               **({"initial_value": draft.title} if draft.title else {})}})
    blocks.append({"type": "input", "block_id": BODY, "label": _plain("Tekst (Markdown)"),
                   "hint": _plain("Svarene fra tråden uden navne. «## Overskrift» deler teksten i afsnit."),
                   "element": {"type": "plain_text_input", "action_id": "value", "multiline": True,
                               "max_length": 3000, **({"initial_value": draft.body} if draft.body else {})}})
    if tags:
        blocks.append({"type": "input", "block_id": TAGS, "optional": True, "label": _plain("Tags"),
                       "element": {"type": "multi_static_select", "action_id": "value",
                                   "placeholder": _plain("Vælg tags"),
                                   "options": [_option(t, t) for t in tags[:MAX_TAG_OPTIONS]]}})
    blocks.append({"type": "input", "block_id": NEW_TAGS, "optional": True, "label": _plain("Nye tags"),
                   "hint": _plain("Adskilt med komma, fx «byggeudvalg, beboerinddragelse»."),
                   "element": {"type": "plain_text_input", "action_id": "value", "max_length": 300}})
    initial = next((o for o in audiences if o["value"] == audience), audiences[1])
    blocks.append({"type": "input", "block_id": AUDIENCE, "label": _plain("Hvem må se artiklen?"),
                   "element": {"type": "static_select", "action_id": "value", "options": audiences,
                               "initial_option": initial}})
    return _modal(blocks, submit="Gem", close="Annullér", callback_id=VIEW_CALLBACK_ID,
                  private_metadata=metadata)


def saved_text(title: str, doc_id: str, summary, thread_link: str | None) -> str:
    source = f" Kilde: {link(thread_link, 'tråden i Slack')}." if thread_link else ""
    return "\n".join([f"✅ *«{safe(title)}» er gemt i vidensbanken* som `{safe(doc_id)}` og kan nu findes "
                      f"i svarene.{source}", *summary_lines(summary)])
