"""`python -m bot forget-user U…`: delete one person's data from the bot's state database.

A click command, added to the ``python -m bot`` group in :mod:`bot.cli`.
"""

from __future__ import annotations

from pathlib import Path

import click

from bot.config import BotSettings, InvalidSetting
from bot.state.db import StateDatabaseNotFound, StateDB
from bot.state.forget import USER_ID, forget_user
from bot.state.pseudonyms import HashKeyProblem, default_key_file, load_or_create_key
from indexer import IndexSettings, friendly_errors, index_options

TABLES = {
    "votes": "votes", "reasons": "👎 reasons", "handoffs": "hand-offs to the network",
    "thread_questions": "thread memory rows", "answers": "stored answers", "question_log": "question log rows",
    "pending_uploads": "pending uploads", "reindex_runs": "rebuild records (user id removed)",
}


@click.command("forget-user")
@index_options
@click.argument("user_id")
@click.option("--state-db", "state_db", type=click.Path(path_type=Path), envvar="VIDENSBANK_STATE_DB",
              default=None, help="The bot's state database (default: <index dir>/state.db).")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking.")
@friendly_errors
def forget_user_command(settings: IndexSettings, user_id: str, state_db: Path | None, yes: bool):
    """Delete everything state.db holds about one Slack user: votes, 👎 reasons, hand-offs, the
    questions they asked in threads and DMs with the answers given, pending uploads.

    Uses the same hash key as the bot (VIDENSBANK_HASH_KEY or VIDENSBANK_HASH_KEY_FILE); run it
    where the bot runs. Example: python -m bot forget-user U0123ABCD --yes
    """
    if not USER_ID.fullmatch(user_id):
        raise click.BadParameter(f"{user_id!r} is not a Slack user id (like U0123ABCD); find it in the "
                                 "person's Slack profile under ⋮ → Copy member ID", param_hint="USER_ID")
    try:
        bot_settings = BotSettings.from_env(index_dir=settings.index_dir, kb_dir=settings.kb_dir)
    except InvalidSetting as exc:
        raise click.ClickException(str(exc)) from None
    path = Path(state_db or bot_settings.state_db)
    if not path.is_file():
        raise StateDatabaseNotFound(path)
    key_file = bot_settings.hash_key_file or default_key_file(path)
    if not bot_settings.hash_key and not key_file.is_file():
        raise click.ClickException(
            f"No hash key at {key_file}: without the bot's key its pseudonyms cannot be matched to "
            f"{user_id}. Set VIDENSBANK_HASH_KEY or VIDENSBANK_HASH_KEY_FILE as the bot has them.")
    try:
        key = load_or_create_key(bot_settings.hash_key, key_file)
    except HashKeyProblem as exc:
        raise click.ClickException(str(exc)) from None
    if not yes:
        click.confirm(f"Delete everything {path} holds about {user_id}?", abort=True)
    state = StateDB(path, key=key)
    try:
        changed = forget_user(state, user_id)
    finally:
        state.close()
    click.echo(f"Forgot {user_id} in {path}:")
    for table, label in TABLES.items():
        click.echo(f"  {changed.get(table, 0):>5} {label}")
    click.echo("Questions asked with /spørg are stored without a link to anyone; they are deleted "
               "with the retention period (VIDENSBANK_RETENTION_DAYS).")
