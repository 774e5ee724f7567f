"""The App Home tab: what the bot can do, example questions, what you may see, and extra sections
(e.g. upcoming salons) supplied by other modules through ``BotDeps.home_sections``."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.admin.review_blocks import home_blocks
from bot.deps import deps_of
from indexer import Viewer

log = logging.getLogger(__name__)

EXAMPLE_QUESTIONS = [
    "Hvad er et strategisk partnerskab?",
    "Hvornår er næste salon?",
    "Hvad er erfaringerne med partnering i udbudsfasen?",
    "Hvordan har &os organiseret beboerinddragelsen?",
    "Hvor stort skal et partnerskab være?",
]
MAX_HOME_BLOCKS = 100


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _what_you_see(viewer: Viewer) -> str:
    if viewer.partnerships:
        return ("Du ser offentlige artikler, netværkets erfaringer og de anonymiserede erfaringer fra "
                "dit eget partnerskab, når du skriver til mig her.")
    if viewer.network:
        return "Du ser offentlige artikler og netværkets anonymiserede erfaringer, når du skriver til mig her."
    return ("Du ser de offentlige artikler. Er du med i netværket, så bed projektteamet om at "
            "tilføje dig, så kan du også se netværkets erfaringer.")


def build_home_view(viewer: Viewer, extra_sections: list[dict] | None = None) -> dict:
    """The home tab view; ``extra_sections`` are appended after a divider."""
    examples = "\n".join(f"• _{q.replace('&', '&amp;')}_" for q in EXAMPLE_QUESTIONS)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Vidensbanken", "emoji": True}},
        _section("Jeg svarer på spørgsmål om strategiske partnerskaber i almene boliger ud fra "
                 "netværkets artikler og erfaringer – altid med kilder, så du kan læse videre."),
        {"type": "divider"},
        _section("*Sådan spørger du*\n"
                 "• Nævn mig i en kanal: `@Vidensbanken hvordan vælger man partnere?` – "
                 "jeg svarer i tråden.\n"
                 "• Skriv til mig under *Beskeder* her i appen.\n"
                 "• Brug `/spørg <dit spørgsmål>` – svaret ser kun du, og du kan dele det i kanalen.\n"
                 "• Stil opfølgende spørgsmål i tråden, fx _og hvad med fsb HJEM?_"),
        _section("*Eksempler*\n" + examples),
        _section("*Hjælp mig med at blive bedre*\n"
                 "Tryk 👍 eller 👎 under et svar. Finder jeg ikke et sikkert svar, kan du trykke "
                 "*Spørg netværket*, så sender jeg spørgsmålet videre til de andre medlemmer."),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": _what_you_see(viewer)}]},
    ]
    if extra_sections:
        blocks.append({"type": "divider"})
        blocks += extra_sections[: MAX_HOME_BLOCKS - len(blocks)]
    return {"type": "home", "blocks": blocks}


def register(app: App) -> None:
    app.event("app_home_opened")(handle_app_home_opened)


def handle_app_home_opened(event, client, context, logger):
    if event.get("tab") != "home":
        return
    deps = deps_of(context)
    user = event["user"]
    viewer = deps.audiences.for_user(user)
    extra: list[dict] = []
    for section in deps.home_sections:
        try:
            extra += section(viewer)
        except Exception:
            logger.exception("an App Home section failed; showing the home tab without it")
    if deps.reviews is not None and deps.admin is not None and deps.admin.is_admin(client, user):
        try:      # admins only: held-back lessons wait for their review
            extra += home_blocks(*deps.reviews.held_counts())
        except Exception:
            logger.exception("the review section of App Home failed; showing the home tab without it")
    try:
        client.views_publish(user_id=user, view=build_home_view(viewer, extra))
    except SlackApiError as exc:     # e.g. not_enabled: the org switched the home tab off for this app
        logger.warning("could not publish App Home for %s: %s", user, exc.response.get("error"))
