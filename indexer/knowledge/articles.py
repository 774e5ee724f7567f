"""A new article file: front matter, a free file name, an atomic write.

A file is written under a temporary name, checked by the same parser the indexer uses, and only
then linked to its final name, which never replaces an existing article (``slug.md``,
``slug-2.md``, …). Adding it to the index is :func:`indexer.operations.add_article`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indexer.audience import PUBLIC, InvalidAudience, validate_audience
from indexer.errors import VidensbankError
from indexer.knowledge.convert import Converted, fallback_title
from indexer.knowledge.documents import iter_source_files, parse_document
from indexer.knowledge.events import TZ

ARTICLES = "articles"
LESSONS = "lessons"
MAX_SLUG = 60
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_KEPT_FIELDS = ("tags", "url", "summary")


@dataclass(frozen=True)
class ArticleInfo:
    """What the bot shows about an article: no body text."""

    doc_id: str
    title: str
    date: str | None
    audience: str
    tags: tuple[str, ...] = ()


class ArticleError(VidensbankError):
    def __init__(self, reason: str, message: str, existing: str | None = None):
        self.reason = reason          # "duplicate_title" | "invalid"
        self.existing = existing
        super().__init__(message)


@dataclass
class NewArticle:
    title: str
    body: str
    date: str
    authors: list[str]
    audience: str = PUBLIC
    extra: dict = field(default_factory=dict)     # tags, url, summary from an uploaded .md
    kind: str = "article"                         # or "lesson": anonymised before it is indexed

    @property
    def folder(self) -> str:
        return LESSONS if self.kind == "lesson" else ARTICLES

    def text(self) -> str:
        meta = {"title": self.title, "date": dt.date.fromisoformat(self.date), "authors": self.authors,
                **self.extra, "audience": self.audience}
        if self.kind == "lesson":      # the uploader is no part of the minutes (and would be flagged)
            del meta["authors"]
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None,
                               width=1000)
        return f"---\n{front}---\n\n{self.body.lstrip()}"


def today() -> dt.date:
    return dt.datetime.now(TZ).date()


def prepare_article(converted: Converted, *, title: str | None = None, audience: str | None = None,
                    authors: list[str] | None = None, date: dt.date | None = None,
                    kind: str = "article") -> NewArticle:
    """Front matter for a converted file: explicit values win, then the file's own, then defaults."""
    meta = converted.meta or {}
    chosen = " ".join((title or converted.title or fallback_title(converted.source_name)).split())
    try:
        audience = validate_audience(str(audience or meta.get("audience") or PUBLIC))
    except InvalidAudience as exc:
        raise ArticleError("invalid", str(exc)) from None
    file_authors = meta.get("authors")
    if isinstance(file_authors, str):
        file_authors = [file_authors]
    extra = {k: meta[k] for k in _KEPT_FIELDS if meta.get(k)}
    return NewArticle(
        title=chosen, body=converted.body, date=(date or today()).isoformat(),
        authors=[str(a) for a in (authors or file_authors or [])], audience=audience, extra=extra, kind=kind,
    )


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title.translate(_DANISH).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug or "artikel"


def _title_key(title: str) -> str:
    return " ".join(title.lower().split())


def existing_title(kb_dir: Path, title: str) -> str | None:
    """The document id that already uses this title (the indexer refuses duplicates), or None."""
    wanted = _title_key(title)
    for path in iter_source_files(Path(kb_dir)):
        try:
            doc = parse_document(path, Path(kb_dir))
        except Exception:        # an invalid file is the build's problem, not this check's
            continue
        if doc is not None and _title_key(doc.title) == wanted:
            return doc.doc_id
    return None


def list_articles(kb_dir: Path) -> list[ArticleInfo]:
    """Every readable article of the knowledge base (lessons left out), by document id."""
    kb_dir = Path(kb_dir)
    out = []
    for path in iter_source_files(kb_dir):
        if path.relative_to(kb_dir).parts[0] != ARTICLES:
            continue
        try:
            doc = parse_document(path, kb_dir)
        except Exception:        # an invalid file is the build's problem, not this list's
            continue
        if doc is not None:
            out.append(ArticleInfo(doc.doc_id, doc.title, doc.date, doc.audience, tuple(doc.tags)))
    return out


def check_new_article(kb_dir: Path, article: NewArticle) -> None:
    clash = existing_title(kb_dir, article.title)
    if clash:
        raise ArticleError("duplicate_title",
                           f"an article titled {article.title!r} already exists ({clash}); "
                           "choose another title", existing=clash)


def write_article(kb_dir: Path, article: NewArticle) -> Path:
    """Write atomically under a free name; never replaces an existing file. Returns the path."""
    kb_dir = Path(kb_dir)
    check_new_article(kb_dir, article)
    folder = kb_dir / article.folder
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(article.text())
            handle.flush()
            os.fsync(handle.fileno())
        try:
            if parse_document(tmp, kb_dir) is None:
                raise ArticleError("invalid", "the article would be empty")
        except VidensbankError as exc:
            if isinstance(exc, ArticleError):
                raise
            raise ArticleError("invalid", str(exc).replace(str(tmp), "the new article")) from None
        return _link_free_name(tmp, folder, slugify(article.title))
    finally:
        tmp.unlink(missing_ok=True)


def _link_free_name(tmp: Path, folder: Path, slug: str) -> Path:
    taken = {p.name.lower() for p in folder.iterdir()}
    for n in range(1, 1000):
        target = folder / (f"{slug}.md" if n == 1 else f"{slug}-{n}.md")
        if target.name.lower() in taken:
            continue
        try:
            os.link(tmp, target)          # atomic, and fails instead of overwriting
        except FileExistsError:
            continue
        except OSError:                   # no hard links here: claim the name, then replace it
            try:
                os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                continue
            os.replace(tmp, target)
        return target
    raise ArticleError("invalid", f"no free file name for {slug!r} in {folder}")
