"""`python -m bot`: run the Slack bot, the console, or ask questions from the command line.

torch loads only when a command needs the model, so ``--help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click
from slack_sdk.errors import SlackApiError

from bot.app import build_bot, make_web_client, warm_up_in_background
from bot.config import BotSettings, InvalidSetting, default_state_db
from bot.console import render_answer_for_terminal, run_console
from bot.digest.cli import digest
from bot.events.cli import events
from bot.http_server import make_http_server
from bot.state.cli import forget_user_command
from bot.state.db import connect
from bot.state.pseudonyms import HashKeyProblem
from bot.state.usage import usage_stats
from indexer import (
    IndexSettings,
    InvalidAudience,
    KnowledgeService,
    Viewer,
    friendly_errors,
    index_options,
    load_env_file,
)

log = logging.getLogger(__name__)


def audience_option(fn):
    return click.option(
        "--audience", default="public", show_default=True, metavar="AUDIENCE",
        help="Answer as this audience: public, network or partnership:<name> (comma-separated).",
    )(fn)


def no_llm_option(fn):
    return click.option(
        "--no-llm", is_flag=True,
        help="Extractive answers only, even with VIDENSBANK_LLM_URL set (nothing is sent to the endpoint).",
    )(fn)


def parse_viewer(value: str | None):
    try:
        return Viewer.parse(value)
    except InvalidAudience as exc:
        raise click.BadParameter(str(exc), param_hint="--audience") from None


def make_service(settings: IndexSettings):
    ctx = click.get_current_context(silent=True)
    factory = (ctx.find_root().obj or {}).get("service_factory") if ctx else None
    if factory is not None:            # tests inject a fake service here
        return factory(settings)
    return KnowledgeService(settings)


def _bot_settings(settings: IndexSettings) -> BotSettings:
    try:
        return BotSettings.from_env(index_dir=settings.index_dir, kb_dir=settings.kb_dir)
    except InvalidSetting as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Debug logging (includes Slack payloads, so questions too).")
@click.pass_context
def cli(ctx: click.Context, verbose: bool):
    """Vidensbanken: a Slack knowledge assistant for the social-housing partnership network."""
    ctx.ensure_object(dict)["verbose"] = verbose
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("bm25s", "urllib3", "slack_sdk.socket_mode", "sentence_transformers", "httpx", "httpx2",
                  "openai", "faiss.loader"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@cli.command()
@index_options
@click.option("--http", "http_mode", is_flag=True,
              help="Serve /slack/events and /healthz over HTTP instead of Socket Mode.")
@click.option("--port", type=int, default=None, help="HTTP port (default: $PORT or 3000).")
@click.option("--host", default="0.0.0.0", show_default=True, envvar="HOST", help="HTTP address.")
@friendly_errors
def run(settings: IndexSettings, http_mode: bool, port: int | None, host: str):
    """Run the Slack bot: Socket Mode with SLACK_BOT_TOKEN and SLACK_APP_TOKEN, HTTP with --http,
    and the console when no Slack token is set.

    Example: python -m bot run
    """
    bot_settings = _bot_settings(settings)
    if not http_mode and not bot_settings.bot_token and not bot_settings.app_token:
        click.echo("No SLACK_BOT_TOKEN or SLACK_APP_TOKEN set: starting the console instead "
                   "(see README, 'Setting up the Slack app').", err=True)
        _console(settings, parse_viewer("public"), k=bot_settings.k)
        return
    try:
        bot_settings.check_http_mode() if http_mode else bot_settings.check_socket_mode()
    except InvalidSetting as exc:
        raise click.ClickException(str(exc)) from None
    if logging.getLogger().level > logging.INFO:     # a running bot reports what it does
        logging.getLogger().setLevel(logging.INFO)

    client = make_web_client(bot_settings)
    identity = _check_bot_token(client, bot_settings)
    if not http_mode:
        _check_app_token(client, bot_settings)
    log.info("connected to Slack as %s in %s", identity.get("user"), identity.get("team"))
    service = make_service(settings)
    try:
        bot = build_bot(bot_settings, service, client)
    except HashKeyProblem as exc:
        raise click.ClickException(str(exc)) from None
    warm_up_in_background(service)
    if http_mode:
        _serve_http(bot, host, port if port is not None else bot_settings.port)
    else:
        _serve_socket_mode(bot, bot_settings, client)


def _check_bot_token(client, settings: BotSettings) -> dict:
    try:
        return client.auth_test().data
    except SlackApiError as exc:
        raise click.ClickException(
            f"SLACK_BOT_TOKEN was rejected by Slack ({exc.response.get('error')}): copy the current "
            "Bot User OAuth Token (xoxb-…) from OAuth & Permissions, or reinstall the app.") from None
    except OSError as exc:
        raise click.ClickException(
            f"Cannot reach the Slack API at {client.base_url} ({exc}); check the network "
            "or SLACK_API_URL.") from None


def _serve_http(bot, host: str, port: int) -> None:
    service = bot.deps.service

    def health() -> dict:
        return {"ok": True, "ready": bool(getattr(service, "ready", False))}

    server = make_http_server(bot.app, host, port, health)
    log.info("listening on http://%s:%d/slack/events (health: /healthz)", host, server.server_port)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _check_app_token(client, settings: BotSettings) -> None:
    try:
        client.apps_connections_open(app_token=settings.app_token)
    except SlackApiError as exc:
        raise click.ClickException(
            f"SLACK_APP_TOKEN was rejected by Slack ({exc.response.get('error')}): create an "
            "app-level token with connections:write under Basic Information, and make sure "
            "Socket Mode is enabled.") from None


def _serve_socket_mode(bot, settings: BotSettings, client) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    handler = SocketModeHandler(bot.app, settings.app_token, web_client=client)
    try:
        handler.start()
    except KeyboardInterrupt:
        pass


@cli.command()
@index_options
@audience_option
@click.option("-k", type=click.IntRange(1, 20), default=5, show_default=True, help="Sources per answer.")
@no_llm_option
@friendly_errors
def console(settings: IndexSettings, audience: str, k: int, no_llm: bool):
    """Ask questions in the terminal, answered as the bot would answer them.

    Example: echo "hvad er et strategisk partnerskab?" | python -m bot console
    """
    _console(settings, parse_viewer(audience), k=k, generate=not no_llm)


def _console(settings: IndexSettings, viewer, k: int, generate: bool = True) -> None:
    service = make_service(settings)
    if sys.stdin.isatty():
        click.echo("Indlæser Vidensbanken …", err=True)
    service.warm_up()
    run_console(service, viewer, k=k, generate=generate)


@cli.command()
@index_options
@click.argument("question", required=False)
@click.option("--questions", "questions_file", type=click.File("r", encoding="utf-8"),
              help="JSONL file with one {\"question\": ...} per line ('-' for stdin).")
@click.option("-k", type=click.IntRange(1, 20), default=5, show_default=True, help="Sources per answer.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (one line per answer in batch).")
@no_llm_option
@audience_option
@friendly_errors
def ask(settings: IndexSettings, question: str | None, questions_file, k: int, as_json: bool,
        no_llm: bool, audience: str):
    """Answer one question, or every question in a JSONL file (the model is loaded once).

    Example: python -m bot ask "hvad er et strategisk partnerskab?" --json --no-llm
    """
    if bool(question) == bool(questions_file):
        raise click.UsageError("Give either a QUESTION or --questions FILE.jsonl, not both or neither.")
    viewer = parse_viewer(audience)
    batch = list(_read_questions(questions_file, viewer)) if questions_file else [(question, viewer)]
    service = make_service(settings)
    for i, (text, who) in enumerate(batch):
        answer = service.ask(text, viewer=who, k=k, generate=not no_llm)
        if as_json:
            indent = None if questions_file else 2
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=indent))
        else:
            if i:
                click.echo()
            click.echo(render_answer_for_terminal(answer))


def _read_questions(file, default_viewer):
    name = getattr(file, "name", "<stdin>")
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"{name}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise click.ClickException(
                f'{name}:{number}: each line must be an object like {{"question": "..."}}')
        viewer = parse_viewer(item["audience"]) if item.get("audience") else default_viewer
        yield item["question"], viewer



@cli.command()
@index_options
@click.option("--days", type=click.IntRange(1, 3650), default=30, show_default=True, help="Period in days.")
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True,
              help="How many unanswered questions to list.")
@click.option("--state-db", "state_db", type=click.Path(path_type=Path), envvar="VIDENSBANK_STATE_DB",
              default=None, help="The bot's state database (default: <index dir>/state.db).")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@friendly_errors
def stats(settings: IndexSettings, days: int, top: int, state_db: Path | None, as_json: bool):
    """Questions asked, share answered confidently, votes, and the most frequent questions
    without a confident answer (content gaps), from the bot's state database.

    Example: python -m bot stats --days 7
    """
    conn = connect(state_db or default_state_db(settings.index_dir), read_only=True)
    try:
        result = usage_stats(conn, days, dt.datetime.now(dt.timezone.utc), top=top)
    finally:
        conn.close()
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            click.echo(line)


cli.add_command(events)
cli.add_command(forget_user_command)
cli.add_command(digest)


def main() -> None:
    load_env_file()
    cli(obj={})


if __name__ == "__main__":
    main()
