"""Danish texts and Block Kit for articles uploaded from Slack: problems, the preview, the outcome."""

from __future__ import annotations

from bot.admin.messages import awaiting_approval, code, local_time, summary_lines
from bot.slack.text import literal, safe, truncate
from indexer import EMPTY, NO_TEXT, TOO_COMPLEX, TOO_LARGE, TOO_LONG, UNREADABLE, WRONG_TYPE, Converted

ACTION_ADD = "kb_upload_add"
ACTION_CANCEL = "kb_upload_cancel"
AUDIENCE_NAMES = {"network": "netværket", "public": "alle (offentlig)"}   # the network first: the default
ACTION_AUDIENCE = "kb_upload_audience"     # select: who may see it (value "<upload id>|<audience>")
ACTION_KIND = "kb_upload_kind"             # select: article or lesson (value "<upload id>|<kind>")
PREVIEW_LINES = 5
PREVIEW_HEADINGS = 15
KIND_NAMES = {"article": "artikel", "lesson": "erfaring (anonymiseres)"}
PERSONAL_NAMES = {"person": "kendte personer", "name": "navne", "email": "e-mails", "phone": "telefonnumre",
                  "cpr": "cpr-numre", "address": "adresser", "birthdate": "fødselsdatoer", "held": "holdt tilbage",
                  "unknown": "ukendt"}
PERSONAL_ARTICLE = ("Filen ser ud til at indeholde personoplysninger, så jeg tilføjer den ikke som artikel. "
                    "Vælg *erfaring* under Type, så bliver den anonymiseret (og holdt tilbage til gennemgang, "
                    "hvis noget stadig ser personligt ud) – eller ret filen, og upload den igen.")

NO_FILE = ("Der er ingen fil i den besked. Brug genvejen på en besked med en .md-, .docx- eller "
           ".pdf-fil – eller send filen direkte til mig.")
SENT_TO_DM = "Jeg har sendt en forhåndsvisning til dig i min DM («Vidensbanken» under Apps)."
DOWNLOAD_FAILED = ("Jeg kunne ikke hente «{name}» fra Slack. Prøv at uploade den igen. Sker det igen, "
                   "mangler appen måske rettigheden `files:read`.")
GONE = "Forhåndsvisningen findes ikke længere. Upload filen igen."
EXPIRED = "Forhåndsvisningen er udløbet. Upload filen igen, hvis den stadig skal med."
NOT_YOURS = "Det er en anden administrators upload – kun den, der uploadede filen, kan tilføje den."
ALREADY = {"added": "Filen er allerede tilføjet.", "adding": "Filen er ved at blive tilføjet.",
           "cancelled": "Uploaden er annulleret. Upload filen igen, hvis den skal med.",
           "failed": "Tilføjelsen mislykkedes tidligere. Upload filen igen."}


def problem_text(reason: str, name: str, detail: str = "") -> str:
    """A Danish sentence for each reason a file cannot become an article."""
    name = literal(name or "filen")
    if reason == WRONG_TYPE:
        return (f"Jeg kan kun tilføje filer af typen .md, .docx eller .pdf – «{name}» er ikke en af dem. "
                "Gem den i et af de formater, og upload den igen.")
    if reason == TOO_LARGE:
        return f"«{name}» er for stor. Grænsen er 10 MB – del dokumentet op, eller gem det uden billeder."
    if reason == TOO_LONG:
        return (f"«{name}» indeholder for meget tekst til én artikel (mere end 1 million tegn). "
                "Del dokumentet op i flere artikler, og upload dem hver for sig.")
    if reason == TOO_COMPLEX:
        return (f"Jeg kunne ikke nå at læse «{name}» – filen tog for lang tid eller for meget hukommelse "
                "at læse. Gem den igen (fx uden billeder eller som .docx i stedet for .pdf), og prøv igen.")
    if reason == EMPTY:
        return f"«{name}» er tom eller indeholder for lidt tekst, så der er intet at tilføje."
    if reason == NO_TEXT:
        return (f"«{name}» indeholder ingen tekst, jeg kan læse – det er sikkert en scannet PDF. "
                "Gem den med tekst (eller kør tekstgenkendelse), og prøv igen.")
    if reason == UNREADABLE:
        return (f"Jeg kunne ikke læse «{name}» – filen ser ud til at være beskadiget, beskyttet eller "
                f"i et andet format, end endelsen siger. Detaljer: {code(detail)}")
    if reason == "duplicate_title":
        return (f"Der findes allerede en artikel med samme titel ({code(detail)}). Giv dokumentet en "
                "anden titel (første overskrift, dokumentets titel eller filnavnet), og upload det igen.")
    return f"«{name}» kan ikke tilføjes. Detaljer: {code(detail)}"


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id,
              "value": value}
    if style:
        button["style"] = style
    return button


def _select(action_id: str, pending_id: str, options: list[tuple[str, str]], chosen: str) -> dict:
    items = [{"text": {"type": "plain_text", "text": label}, "value": f"{pending_id}|{value}"}
             for value, label in options]
    return {"type": "static_select", "action_id": action_id, "options": items,
            "initial_option": next((o for o in items if o["value"] == f"{pending_id}|{chosen}"), items[0])}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {PERSONAL_NAMES.get(kind, kind)}" for kind, n in sorted(counts.items()))


def preview_message(pending_id: str, article, converted: Converted, file_name: str, expires_at: str,
                    scan=None, partnerships: list[tuple[str, str]] = ()) -> dict:
    """chat.postMessage kwargs: what will be added, who may see it, article or lesson, "Tilføj" / "Annullér".

    A lesson is previewed anonymised; personal data found in the file is named by kind and count.
    """
    lesson = article.kind == "lesson"
    title = safe(article.title)
    facts = [f"*Fil:* {safe(file_name)}", f"*Ord:* {converted.word_count}",
             f"*Forfatter:* {safe(', '.join(article.authors) or '–')}", f"*Dato:* {article.date}"]
    audiences = [*AUDIENCE_NAMES.items(), *((f"partnership:{pid}", f"kun {name}") for pid, name in partnerships)]
    heading = "Ny erfaring" if lesson else "Ny artikel"
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": truncate(f"{heading}: {article.title}", 150)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(facts)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Målgruppe* – hvem må se den?"},
         "accessory": _select(ACTION_AUDIENCE, pending_id, audiences, article.audience)},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Type* – artikel, eller erfaring fra et møde?"},
         "accessory": _select(ACTION_KIND, pending_id, list(KIND_NAMES.items()), article.kind)},
    ]
    if scan is not None and scan.personal:
        found = _counts(scan.replaced)
        left = _counts(scan.left)
        if lesson:
            text = (f"🔒 *Anonymisering:* {found or 'intet at erstatte'} erstattes."
                    + (f" Stadig tvivl om: {left} – erfaringen holdes tilbage til gennemgang (`/kb-review`)."
                       if left else ""))
        else:
            text = f"⚠️ *Personoplysninger:* {_counts({**scan.replaced, **scan.left})}. {PERSONAL_ARTICLE}"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, 2900)}})
    headings = converted.headings
    if headings and not lesson:
        listed = "\n".join(f"• {safe(h)}" for h in headings[:PREVIEW_HEADINGS])
        more = f"\n… og {len(headings) - PREVIEW_HEADINGS} mere" if len(headings) > PREVIEW_HEADINGS else ""
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": truncate(f"*Afsnit*\n{listed}{more}", 2900)}})
    lines = scan.preview if (lesson and scan is not None) else converted.first_lines(PREVIEW_LINES)
    first = "\n".join("> " + safe(truncate(line, 200)) for line in lines[:PREVIEW_LINES])
    if first:
        label = "*Begyndelse (anonymiseret)*" if lesson else "*Begyndelse*"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": truncate(f"{label}\n{first}", 2900)}})
    blocks += [
        {"type": "actions", "elements": [
            _button("Tilføj", ACTION_ADD, pending_id, "primary"),
            _button("Annullér", ACTION_CANCEL, pending_id),
        ]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text":
            f"«Tilføj» gemmer {'erfaringen' if lesson else 'artiklen'} i vidensbanken og genindekserer. "
            f"Forhåndsvisningen udløber {local_time(expires_at)}."}]},
    ]
    return {"text": f"Forhåndsvisning af «{title}» – tilføj eller annullér.", "blocks": blocks}


def added_text(title: str, doc_id: str, summary) -> str:
    if doc_id in awaiting_approval(summary.held_back):
        return "\n".join([f"⏸️ *«{safe(title)}» er gemt* som `{safe(doc_id)}` og venter på godkendelse: hver "
                          "erfaring skal godkendes af en administrator, før den kommer i svarene. Godkend den "
                          "med `/kb-review`.", *summary_lines(summary)])
    if any(h["doc_id"] == doc_id for h in summary.held_back):
        return "\n".join([f"⏸️ *«{safe(title)}» er gemt* som `{safe(doc_id)}`, men holdt tilbage til gennemgang, "
                          "fordi den måske stadig rummer personoplysninger. Gennemgå den med `/kb-review`.",
                          *summary_lines(summary)])
    return "\n".join([f"✅ *«{safe(title)}» er tilføjet* som `{safe(doc_id)}` og kan nu findes i svarene.",
                      *summary_lines(summary)])


def cancelled_text(title: str) -> str:
    return f"🚫 Annulleret – «{safe(title)}» blev ikke tilføjet."
