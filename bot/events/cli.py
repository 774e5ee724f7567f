"""`python -m bot events`: list upcoming events in Danish, or write them as an .ics calendar file.

A click command, added to the ``python -m bot`` group in :mod:`bot.cli`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from bot.events.calendar import events_to_ics
from indexer import TZ, InvalidAudience, InvalidEvents, Viewer, format_event_text, load_events, upcoming_events


def _now() -> dt.datetime:
    return dt.datetime.now(TZ)


@click.command("events")
@click.option("--kb", "kb_dir", type=click.Path(path_type=Path), envvar="VIDENSBANK_KB_DIR",
              default="knowledge_base", show_default=True, help="Knowledge-base folder (holds events.yaml).")
@click.option("--ics", "ics_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an iCalendar file instead of listing ('-' for stdout).")
@click.option("--all", "include_all", is_flag=True, help="Include past events too.")
@click.option("--audience", default="public", show_default=True, metavar="AUDIENCE",
              help="Only events this audience may see: public, network or partnership:<name>.")
@click.option("--now", "now_text", default=None, metavar="YYYY-MM-DDTHH:MM",
              help="Pretend it is this time (Europe/Copenhagen); for checking a file ahead of time.")
def events(kb_dir: Path, ics_file: Path | None, include_all: bool, audience: str, now_text: str | None):
    """List upcoming events in Danish, or write them to an .ics file (tba events are left out).

    Example: python -m bot events --ics arrangementer.ics
    """

    try:
        viewer = Viewer.parse(audience)
    except InvalidAudience as exc:
        raise click.BadParameter(str(exc), param_hint="--audience") from None
    now = _parse_now(now_text)
    try:
        every = load_events(kb_dir / "events.yaml")
    except InvalidEvents as exc:
        raise click.ClickException(f"{exc}\nFix the file and run `python -m indexer validate`.") from None
    if include_all:
        chosen = sorted((e for e in every if e.visible_to(viewer)),
                        key=lambda e: (e.is_tba, e.start or now))
    else:
        chosen = upcoming_events(every, viewer, now)

    if ics_file is not None:
        data = events_to_ics(chosen, now=now)
        dated = sum(1 for e in chosen if not e.is_tba)
        if str(ics_file) == "-":
            click.echo(data.decode("utf-8"), nl=False)
        else:
            ics_file.write_bytes(data)
            click.echo(f"Wrote {dated} event(s) to {ics_file}"
                       + (f" ({len(chosen) - dated} without a date left out)." if dated < len(chosen) else "."),
                       err=True)
        return
    if not chosen:
        click.echo("Der er ingen kommende arrangementer." if not include_all else "Der er ingen arrangementer.")
        return
    click.echo("\n\n".join(format_event_text(e) for e in chosen))


def _parse_now(text: str | None) -> dt.datetime:
    if not text:
        return _now()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date-time like 2027-05-01T12:00", param_hint="--now") from None
    return moment.replace(tzinfo=TZ) if moment.tzinfo is None else moment.astimezone(TZ)
