"""Danish texts and Block Kit for articles uploaded from Slack: problems, the preview, the outcome."""

from __future__ import annotations

from bot.admin.messages import code, local_time, summary_lines
from bot.slack.text import literal, safe, truncate
from indexer import EMPTY, NO_TEXT, TOO_COMPLEX, TOO_LARGE, TOO_LONG, UNREADABLE, WRONG_TYPE, Converted

ACTION_ADD = "kb_upload_add"
ACTION_CANCEL = "kb_upload_cancel"
PREVIEW_LINES = 5
PREVIEW_HEADINGS = 15
AUDIENCE_NAMES = {"public": "alle (offentlig)", "network": "netværket"}

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


def preview_message(pending_id: str, article, converted: Converted, file_name: str,
                    expires_at: str) -> dict:
    """chat.postMessage kwargs: what will be added, with "Tilføj" / "Annullér"."""
    title = safe(article.title)
    audience = AUDIENCE_NAMES.get(article.audience, article.audience)
    facts = [f"*Fil:* {safe(file_name)}", f"*Ord:* {converted.word_count}",
             f"*Forfatter:* {safe(', '.join(article.authors) or '–')}", f"*Målgruppe:* {safe(audience)}",
             f"*Dato:* {article.date}"]
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": truncate(f"Ny artikel: {article.title}", 150)}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(facts)}},
    ]
    headings = converted.headings
    if headings:
        listed = "\n".join(f"• {safe(h)}" for h in headings[:PREVIEW_HEADINGS])
        more = f"\n… og {len(headings) - PREVIEW_HEADINGS} mere" if len(headings) > PREVIEW_HEADINGS else ""
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": truncate(f"*Afsnit*\n{listed}{more}", 2900)}})
    first = "\n".join("> " + safe(truncate(line, 200)) for line in converted.first_lines(PREVIEW_LINES))
    if first:
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": truncate(f"*Begyndelse*\n{first}", 2900)}})
    blocks += [
        {"type": "actions", "elements": [
            _button("Tilføj", ACTION_ADD, pending_id, "primary"),
            _button("Annullér", ACTION_CANCEL, pending_id),
        ]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text":
            f"«Tilføj» gemmer artiklen i vidensbanken og genindekserer. "
            f"Forhåndsvisningen udløber {local_time(expires_at)}."}]},
    ]
    return {"text": f"Forhåndsvisning af «{title}» – tilføj eller annullér.", "blocks": blocks}


def added_text(title: str, doc_id: str, summary) -> str:
    return "\n".join([f"✅ *«{safe(title)}» er tilføjet* som `{safe(doc_id)}` og kan nu findes i svarene.",
                      *summary_lines(summary)])


def cancelled_text(title: str) -> str:
    return f"🚫 Annulleret – «{safe(title)}» blev ikke tilføjet."
