"""Danish texts and Block Kit for reviewing held-back lessons: the list, the lesson modal, the outcome.

Only ever shown to an admin: in a modal, an ephemeral reply or the admin's DM with the bot — never
in a channel, because a held-back lesson's file name and flagged words may be personal.
"""

from __future__ import annotations

import json
import re

from bot.slack.text import safe, truncate

ACTION_LIST = "kb_review_list"          # App Home button: open the list
ACTION_OPEN = "kb_review_open"          # a lesson's button in the list
VIEW_LESSON = "kb_review_lesson"        # the lesson modal's callback id
CHOICE = "decision"                     # the radio buttons' action id; their block is "span-<offset>"
APPROVE_BLOCK = "approve"               # the checkbox approving the whole lesson (VIDENSBANK_REVIEW_LESSONS=all)
MAX_LESSONS = 20
MAX_SPANS = 25                          # 3 blocks each; a modal holds 100
MAX_TEXT_BLOCKS = 12
KIND_NAMES = {"name": "muligt navn", "person": "kendt person", "phone": "telefonnummer", "cpr": "cpr-nummer",
              "email": "e-mail", "address": "adresse", "birthdate": "fødselsdato", "held": "holdt tilbage",
              "unknown": "ukendt", "approval": "venter på godkendelse"}
CHOICES_NAME = (("allow", "ikke et navn – tillad ordet"), ("replace", "erstat som navn"), ("hold", "hold tilbage"))
CHOICES_OTHER = (("allow", "ikke en personoplysning – tillad det"), ("replace", "erstat"),
                 ("hold", "hold tilbage"))
FIELD_NAMES = {"body": "teksten", "title": "titlen", "meeting": "mødet (meeting)", "summary": "resuméet",
               "tags": "emneord (tags)", "authors": "forfattere", "url": "linket (url)"}

NOTHING_HELD = "Ingen erfaringer venter på gennemgang – alle er indekseret."
NOT_FOUND = "Erfaringen findes ikke længere i vidensbanken. Åbn listen igen med `/kb-review`."
CHANGED = "Filen er ændret, siden du åbnede den – åbn den igen, så gennemgår du den nye udgave."
NO_DECISION = "Vælg, hvad der skal ske med mindst ét af fundene."
SAVED = ("Dine beslutninger er gemt (med dit navn og tidspunkt). Jeg genindekserer nu og skriver "
         "resultatet i min DM til dig.")
APPROVE = "Godkend hele erfaringen"
AWAITING = "venter på godkendelse"
APPROVAL_ONLY = ("*Erfaringen venter på godkendelse.* Anonymiseringen fandt intet, men her skal en administrator "
                 "godkende hver erfaring, før den kommer i svarene. Læs teksten ovenfor: godkender du, bliver "
                 "den indekseret, som den står. Ændres filen, skal den godkendes igen.")
APPROVAL_WITH_SPANS = ("Godkender du hele erfaringen, bliver den indekseret, som den står, når fundene er "
                       "besluttet. Vælg da *tillad* eller *erstat* for hvert fund.")
NOT_NEEDED = ("Erfaringer skal ikke godkendes enkeltvis her (`VIDENSBANK_REVIEW_LESSONS` er ikke `all`). "
              "Åbn listen igen med `/kb-review`.")
UNDECIDED = "Beslut hvert fund (tillad eller erstat), før du godkender hele erfaringen."
APPROVED = ("Erfaringen er godkendt (med dit navn og tidspunkt). Jeg genindekserer nu og skriver resultatet "
            "i min DM til dig.")
APPROVED_BUSY = ("Erfaringen er godkendt. Der kører allerede en genindeksering, så godkendelsen træder i kraft "
                 "ved den næste – kør `/kb-reindex`, når den er færdig.")
SAVED_BUSY = ("Dine beslutninger er gemt. Der kører allerede en genindeksering, så de træder i kraft ved "
              "den næste – kør `/kb-reindex`, når den er færdig.")


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def _modal(title: str, blocks: list[dict], **extra) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": title[:24]},
            "close": {"type": "plain_text", "text": "Luk"}, "blocks": blocks[:100], **extra}


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 2900)}}


def message_modal(title: str, text: str) -> dict:
    """A modal with one message: a refusal, an outcome, an error."""
    return _modal(title, [_section(text)])


def list_modal(lessons: list[tuple[str, str, int, bool]]) -> dict:
    """The held-back lessons: (doc id, title members would see, number of findings, waiting for approval),
    each with "Gennemgå"."""
    if not lessons:
        return message_modal("Til gennemgang", NOTHING_HELD)
    why = ("fordi de måske stadig rummer personoplysninger eller venter på godkendelse"
           if any(awaiting for *_, awaiting in lessons) else "fordi de måske stadig rummer personoplysninger")
    blocks = [_section(f"*{len(lessons)} erfaring(er) er holdt tilbage*, {why}. De er ikke i svarene, før du "
                       "har gennemgået dem.")]
    for doc_id, title, findings, awaiting in lessons[:MAX_LESSONS]:
        reasons = [f"{findings} fund"] * bool(findings) + [AWAITING] * awaiting
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": truncate(
            f"*{safe(title)}*\n`{safe(doc_id)}` · {' · '.join(reasons)}", 2900)},
            "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Gennemgå"},
                          "action_id": ACTION_OPEN, "value": doc_id}})
    if len(lessons) > MAX_LESSONS:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                       f"… og {len(lessons) - MAX_LESSONS} mere (se `python -m indexer review`)."}]})
    return _modal("Til gennemgang", blocks)


_MARK = re.compile(r"\x00(\d*)\x01(.*?)\x02(\w*)\x03", re.DOTALL)


def _marked_text(review) -> list[str]:
    """The anonymised lesson as mrkdwn, each flagged span bold in ⟦ ⟧ with its number and type."""
    pieces = review.marked(lambda n, text, kind: f"\x00{n or ''}\x01{text}\x02{kind}\x03")
    out = []
    for field, text in pieces:
        text = safe(text)
        text = _MARK.sub(lambda m: f"*⟦{m.group(2)}⟧* `{m.group(1) or '?'}: {kind_name(m.group(3))}`", text)
        out.append(text if field == "body" else f"_{FIELD_NAMES.get(field, field)}:_ {text}")
    return out


def _chunks(texts: list[str], size: int = 2800) -> list[str]:
    chunks, current = [], ""
    for text in texts:
        for paragraph in text.split("\n"):
            if len(current) + len(paragraph) + 1 > size and current:
                chunks.append(current)
                current = ""
            current += paragraph[:size] + "\n"
    if current.strip():
        chunks.append(current)
    return chunks


def lesson_modal(review) -> dict:
    """The anonymised lesson with each flagged span marked, and per span the admin's three choices."""
    spans = [s for s in review.spans if s.kind != "held" or s.text][:MAX_SPANS]
    blocks = [
        _section(f"*{safe(review.title)}*\n`{safe(review.doc_id)}` · målgruppe `{safe(review.audience)}` · "
                 f"{len(review.spans)} fund" + (f" · {AWAITING}" if review.awaiting_approval else "")),
        {"type": "context", "elements": [{"type": "mrkdwn", "text":
            "Sådan ser erfaringen ud efter anonymiseringen. Det, der stadig kan være personoplysninger, "
            "er markeret *⟦sådan⟧* med nummer og type. Kun du ser denne visning."}]},
        {"type": "divider"},
    ]
    text_blocks = [_section(chunk) for chunk in _chunks(_marked_text(review))]
    blocks += text_blocks[:MAX_TEXT_BLOCKS]
    if len(text_blocks) > MAX_TEXT_BLOCKS:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                       "… resten af teksten vises ikke her (se `python -m indexer review --show`)."}]})
    blocks.append({"type": "divider"})
    for span in spans:
        choices = CHOICES_NAME if span.kind in ("name", "person") else CHOICES_OTHER
        options = [{"text": {"type": "plain_text", "text": label}, "value": value} for value, label in choices]
        where = FIELD_NAMES.get(span.field, span.field)
        element = {"type": "radio_buttons", "action_id": CHOICE, "options": options}
        chosen = next((o for o in options if o["value"] == span.decision), None)
        if chosen:
            element["initial_option"] = chosen
        label = f"{span.number}: «{span.text}» – {kind_name(span.kind)} i {where}, linje {span.line}"
        blocks.append({"type": "input", "block_id": f"span-{span.offset}", "optional": True,
                       "label": {"type": "plain_text", "text": truncate(label, 1900)}, "element": element})
    if len(review.spans) > len(spans):
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
                       f"Kun de første {len(spans)} fund vises; resten kan du tage bagefter."}]})
    meta = {"doc_id": review.doc_id, "content_hash": review.content_hash}
    submit = "Gem og genindeksér"
    if review.awaiting_approval and not review.spans:      # nothing to decide but the lesson itself
        blocks.append(_section(APPROVAL_ONLY))
        meta["approve"], submit = True, APPROVE
    elif review.awaiting_approval:
        blocks.append({"type": "input", "block_id": APPROVE_BLOCK, "optional": True,
                       "label": {"type": "plain_text", "text": "Godkendelse"},
                       "hint": {"type": "plain_text", "text": APPROVAL_WITH_SPANS.replace("*", "")},
                       "element": {"type": "checkboxes", "action_id": APPROVE_BLOCK, "options": [
                           {"text": {"type": "plain_text", "text": APPROVE}, "value": "approve"}]}})
    return _modal("Gennemgå erfaring", blocks, callback_id=VIEW_LESSON, private_metadata=json.dumps(meta),
                  submit={"type": "plain_text", "text": submit})


def approval_chosen(view: dict, meta: dict) -> bool:
    """Whether a submitted lesson modal approves the whole lesson (its only button, or the checkbox)."""
    if meta.get("approve") is True:
        return True
    box = (((view.get("state") or {}).get("values") or {}).get(APPROVE_BLOCK) or {}).get(APPROVE_BLOCK) or {}
    return any(o.get("value") == "approve" for o in box.get("selected_options") or [])


def chosen_decisions(view: dict) -> dict[int, str]:
    """span offset → decision, from a submitted lesson modal."""
    out = {}
    for block_id, values in ((view.get("state") or {}).get("values") or {}).items():
        if not block_id.startswith("span-"):
            continue
        selected = (values.get(CHOICE) or {}).get("selected_option") or {}
        if selected.get("value"):
            out[int(block_id[len("span-"):])] = selected["value"]
    return out


def home_blocks(held: int, awaiting: int = 0) -> list[dict]:
    """The admins' section of App Home; ``awaiting`` of the ``held`` lessons wait only for approval."""
    text = (f"*Til gennemgang:* {held} erfaring(er) er holdt tilbage af anonymiseringen." if held
            else "*Til gennemgang:* ingen erfaringer venter.")
    if awaiting:
        text = (f"*Til gennemgang:* {held} erfaring(er) er holdt tilbage – "
                f"{awaiting} {AWAITING}{'' if held == awaiting else ', resten af anonymiseringen'}.")
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text},
             "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Gennemgå"},
                           "action_id": ACTION_LIST, "value": "list"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Kun administratorer ser dette afsnit."}]}]
