"""Load the knowledge base: articles and lessons as Markdown with YAML front matter."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indexer.audience import NETWORK, PUBLIC, InvalidAudience, validate_audience
from indexer.errors import DuplicateDocument, InvalidDocument
from indexer.knowledge.front_matter import AliasInFrontMatter, load_front_matter

log = logging.getLogger(__name__)

KINDS = {"articles": "article", "lessons": "lesson"}
_LIST_FIELDS = ("authors", "tags")
_TEXT_FIELDS = ("title", "url", "summary", "meeting", "partnership", "id")
# Where an article saved from a Slack thread came from; kept in the file, not used for search.
_PROVENANCE_FIELDS = ("source", "channel", "thread")
_KNOWN_FIELDS = set(_LIST_FIELDS) | set(_TEXT_FIELDS) | set(_PROVENANCE_FIELDS) | {"date", "audience"}


@dataclass
class Document:
    doc_id: str                 # path relative to the knowledge-base root, e.g. "articles/udbud.md"
    kind: str                   # "article" | "lesson"
    title: str
    body: str                   # Markdown after the front matter (raw for lessons until anonymised)
    content_hash: str           # sha256 of the file's bytes
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    url: str | None = None
    audience: str = PUBLIC
    summary: str | None = None
    meeting: str | None = None
    partnership: str | None = None
    source_path: str = ""
    body_line: int = 1          # 1-based line of the file where the body starts
    field_lines: dict[str, int] = field(default_factory=dict)   # front-matter key → its line in the file
    front_matter: bool = True   # False: an article without it, titled from its first heading or name

    @property
    def display_title(self) -> str:
        """What users see in a citation. A lesson never shows its title or file name."""
        if self.kind == "lesson":
            meeting = self.meeting or "udviklingsmøde"
            return f"Erfaring fra {meeting} (anonymiseret)"
        return self.title


@dataclass
class LoadResult:
    documents: list[Document]
    warnings: list[str]


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _kb_files(kb_dir: Path):
    """Every file in articles/ and lessons/ (sub-folders too), in order, with its folder."""
    for folder in KINDS:
        base = kb_dir / folder
        if base.is_dir():
            yield from ((folder, p) for p in sorted(base.rglob("*")) if p.is_file())


def _is_markdown(path: Path) -> bool:
    return path.suffix.lower() == ".md"


def iter_source_files(kb_dir: Path):
    return (path for _, path in _kb_files(kb_dir) if _is_markdown(path))


def source_files(kb_dir: Path) -> tuple[list[Path], list[str]]:
    """The Markdown files that are read, and a warning for every other file (only Markdown is read)."""
    paths, warnings = [], []
    for folder, path in _kb_files(kb_dir):
        if _is_markdown(path):
            paths.append(path)
        elif not path.name.startswith((".", "~$")):
            suffix = path.suffix.lower()
            if suffix in (".txt", ".markdown"):
                how = "rename it to .md"
            elif suffix in (".docx", ".pdf") and folder == "articles":
                how = f"add it with `python -m indexer add {path}`"
            else:
                how = "save it as Markdown (.md) with front matter"
            warnings.append(f"{path}: not Markdown, not indexed; {how}")
    return paths, warnings


def load_knowledge_base(kb_dir: Path) -> LoadResult:
    """Read every article and lesson; raise on the first invalid file, skip empty ones."""
    kb_dir = Path(kb_dir)
    if not kb_dir.is_dir():
        raise InvalidDocument(kb_dir, "knowledge-base folder not found; set VIDENSBANK_KB_DIR or --kb")
    documents: list[Document] = []
    paths, warnings = source_files(kb_dir)
    for message in warnings:
        log.warning(message)
    for path in paths:
        doc = parse_document(path, kb_dir)
        message = document_warning(path, doc)
        if message:
            log.warning(message)
            warnings.append(message)
        if doc is not None:
            documents.append(doc)
    check_duplicates(documents)
    return LoadResult(documents, warnings)


def document_warning(path: Path, doc: Document | None) -> str | None:
    """What an admin should know about a file that is read anyway."""
    if doc is None:
        return f"{path}: empty file skipped"
    if not doc.front_matter:
        source = "first heading" if doc.field_lines.get("title") else "file name"
        return f"{path}: no front matter; titled {doc.title!r} from its {source}, audience public"
    return None


def check_duplicates(documents: list[Document]) -> None:
    """Raise the first duplicate title or document id."""
    problems = duplicate_problems(documents)
    if problems:
        raise DuplicateDocument(problems[0])


def duplicate_problems(documents: list[Document]) -> list[str]:
    """Every document whose id or title another document already uses."""
    problems: list[str] = []
    seen_titles: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for doc in documents:
        key = doc.doc_id.lower()
        if key in seen_ids:
            problems.append(f"{doc.source_path}: document id {doc.doc_id!r} is also used by {seen_ids[key]}; "
                            "rename one of the files")
        seen_ids.setdefault(key, doc.source_path)
        if doc.kind == "lesson":      # a lesson's title is never shown: many minutes are just "Referat"
            continue
        title = " ".join(doc.title.lower().split())
        if title in seen_titles:
            problems.append(f"{doc.source_path}: title {doc.title!r} is also used by {seen_titles[title]}; "
                            "give each document its own title")
        seen_titles.setdefault(title, doc.source_path)
    return problems


def parse_document(path: Path, kb_dir: Path | None, kind: str | None = None, draft: bool = False) -> Document | None:
    """One article or lesson file. A file outside the knowledge base needs its ``kind`` given
    (e.g. ``python -m indexer anonymise notes.md`` reads it as a lesson); its id is then its name.
    A ``draft`` (such a file) may lack front matter and a lesson's audience."""
    return parse_bytes(path.read_bytes(), path, kb_dir, kind, draft)


def parse_bytes(data: bytes, path: Path, kb_dir: Path | None = None, kind: str | None = None,
                draft: bool = False) -> Document | None:
    """``parse_document`` of text that is not (yet) a file: ``path`` names it in errors and its id."""
    if kind is None:
        rel = path.relative_to(kb_dir).as_posix()
        kind = KINDS[rel.split("/", 1)[0]]
    else:
        rel = f"{next(k for k, v in KINDS.items() if v == kind)}/{path.name}"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidDocument(path, "not valid UTF-8 text; save the file as UTF-8", line) from None
    text = text.lstrip("\ufeff")
    if not text.strip():
        return None
    lines = text.split("\n")
    shift = 0      # lines added in front of a draft without front matter
    if draft and lines[0].strip() != "---":
        lines = ["---", f"title: {json.dumps(path.stem)}", "audience: network", "---", *lines]
        shift = 4
    elif kind == "article" and lines[0].strip() != "---":
        return _article_without_front_matter(data, lines, path, rel)
    if lines[0].strip() != "---":
        raise InvalidDocument(
            path, "missing YAML front matter: the file must start with a line '---', then "
            "'title: ...', then a closing '---'", 1)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise InvalidDocument(path, "front matter is not closed: add a line '---' after it", 1) from None
    raw_meta = "\n".join(lines[1:end])
    try:
        meta = load_front_matter(raw_meta) or {}
    except AliasInFrontMatter as exc:
        raise InvalidDocument(path, str(exc), exc.line + 2) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise InvalidDocument(path, f"invalid YAML in front matter ({problem})", line) from None
    if not isinstance(meta, dict):
        raise InvalidDocument(path, "front matter must be YAML key: value pairs", 2)

    def line_of(key: str) -> int:
        for i in range(1, end):
            if lines[i].split(":", 1)[0].strip() == key:
                return i + 1
        return 2

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InvalidDocument(path, "front matter has no 'title' (required): add 'title: \"...\"'",
                              line_of("title") if "title" in meta else 2)
    for key in _LIST_FIELDS:
        value = meta.get(key)
        if value is None:
            meta[key] = []
        elif isinstance(value, str):
            meta[key] = [value]
        elif not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise InvalidDocument(path, f"'{key}' must be a list of text, e.g. {key}: [a, b]", line_of(key))
    for key in ("url", "summary", "meeting", "partnership"):
        value = meta.get(key)
        if value is not None and not isinstance(value, (str, int)):
            raise InvalidDocument(path, f"'{key}' must be text", line_of(key))
    date = meta.get("date")
    if date is not None:
        if isinstance(date, dt.datetime):
            date = date.date()
        if isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date)
            except ValueError:
                raise InvalidDocument(path, f"'date' must be YYYY-MM-DD, got {date!r}", line_of("date")) from None
        if not isinstance(date, dt.date):
            raise InvalidDocument(path, "'date' must be YYYY-MM-DD", line_of("date"))
        date = date.isoformat()
    if draft and not meta.get("audience"):
        meta["audience"] = NETWORK
    if kind == "lesson" and not meta.get("audience"):
        raise InvalidDocument(path, "a lesson must say who may see it: add 'audience: network' (or "
                              "'partnership:<name>'; 'public' only if everyone may read it)", 2)
    try:
        audience = validate_audience(str(meta.get("audience") or PUBLIC))
    except InvalidAudience as exc:
        raise InvalidDocument(path, str(exc), line_of("audience")) from None
    unknown = sorted(set(meta) - _KNOWN_FIELDS)
    if unknown:
        log.info("%s: ignoring unknown front-matter fields %s", path, ", ".join(unknown))
    body = "\n".join(lines[end + 1:])
    return Document(
        doc_id=rel, kind=kind, title=" ".join(title.split()), body=body,
        content_hash=file_hash(data), date=date,
        authors=[str(a) for a in meta["authors"]], tags=[str(t) for t in meta["tags"]],
        url=str(meta["url"]) if meta.get("url") else None, audience=audience,
        summary=str(meta["summary"]) if meta.get("summary") else None,
        meeting=str(meta["meeting"]) if meta.get("meeting") else None,
        partnership=str(meta["partnership"]) if meta.get("partnership") else None,
        source_path=str(path), body_line=end + 2 - shift,
        field_lines={key: line_of(key) for key in meta if isinstance(key, str)},
    )


def _article_without_front_matter(data: bytes, lines: list[str], path: Path, rel: str) -> Document:
    """Plain Markdown is an article too: its first heading (if it opens the file) is the title, else
    the file name; the audience is the articles' default. Lessons always need front matter."""
    first = next(i for i, line in enumerate(lines) if line.strip())
    heading = re.match(r"#{1,6}[ \t]+(.+?)[ \t#]*$", lines[first].strip())
    field_lines = {}
    if heading:
        title, field_lines["title"] = heading.group(1), first + 1
        lines = [*lines[:first], "", *lines[first + 1:]]      # the title is not also a section
    else:
        title = re.sub(r"[-_]+", " ", path.stem).strip() or path.stem
        title = title[:1].upper() + title[1:]
    return Document(doc_id=rel, kind="article", title=" ".join(title.split()), body="\n".join(lines),
                    content_hash=file_hash(data), audience=PUBLIC, source_path=str(path), body_line=1,
                    field_lines=field_lines, front_matter=False)
