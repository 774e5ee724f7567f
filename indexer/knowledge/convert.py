"""Turn an uploaded file (.md, .docx, .pdf) into Markdown for the knowledge base. No Slack here.

The result is a :class:`Converted`: a title, a Markdown body with ``##`` headings, and any front
matter a Markdown file already had. Every problem is a :class:`ConversionError` whose ``reason``
lets callers say it in their own language (the bot in Danish, the CLI in English).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import yaml

from indexer.errors import VidensbankError
from indexer.knowledge.front_matter import AliasInFrontMatter, load_front_matter

MAX_BYTES = 10 * 1024 * 1024
# A .docx is a zip: what it unpacks to is checked before it is opened (a 130 KiB file can hold
# 80 million characters). Real documents unpack to a few times their size; pictures do not grow.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
# An article longer than this is a book, or a file made to fill the memory of whoever reads it.
MAX_TEXT_CHARS = 1_000_000
SUPPORTED_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".pdf": "pdf"}
MIN_WORDS = 3

# reasons
WRONG_TYPE, TOO_LARGE, EMPTY, UNREADABLE, NO_TEXT = "wrong_type", "too_large", "empty", "unreadable", "no_text"
TOO_LONG = "too_long"          # more text than MAX_TEXT_CHARS (or a zip that unpacks to too much)
TOO_COMPLEX = "too_complex"    # the converter ran out of time or memory (indexer.knowledge.sandbox)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"[.!?:;…\"”»)]$")
_PAGE_NUMBER = re.compile(r"^\s*(side\s+)?\d{1,4}(\s*(/|af)\s*\d{1,4})?\s*$", re.IGNORECASE)
_JUNK_PDF_TITLE = re.compile(r"^(microsoft word\s*-\s*|untitled|unavngivet|dokument\d*$)", re.IGNORECASE)


class ConversionError(VidensbankError):
    def __init__(self, reason: str, message: str):
        self.reason = reason
        super().__init__(message)


@dataclass
class Converted:
    title: str | None            # None: the caller falls back to the file name
    body: str                    # Markdown without front matter, headings as ## / ###
    source_name: str
    meta: dict = field(default_factory=dict)   # front matter a Markdown file already had

    @property
    def word_count(self) -> int:
        return len(re.findall(r"\w+", self.body))

    @property
    def headings(self) -> list[str]:
        return [m.group(2) for line in self.body.split("\n") if (m := _HEADING.match(line))]

    def first_lines(self, n: int = 5) -> list[str]:
        lines = [line.strip() for line in self.body.split("\n")]
        return [line for line in lines if line and not _HEADING.match(line)][:n]


def file_kind(name: str) -> str:
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no extension)"
        raise ConversionError(WRONG_TYPE, f"{name}: {shown} files are not supported; use .md, .docx or .pdf")
    return SUPPORTED_SUFFIXES[suffix]


def check_size(name: str, size: int | None) -> None:
    """Before downloading: refuse empty and too large files by their announced size."""
    if size is not None and size > MAX_BYTES:
        raise ConversionError(TOO_LARGE, f"{name} is {size / 1024 / 1024:.1f} MB; the limit is "
                                         f"{MAX_BYTES // 1024 // 1024} MB")
    if size == 0:
        raise ConversionError(EMPTY, f"{name} is empty")


def convert_file(name: str, data: bytes) -> Converted:
    kind = file_kind(name)
    check_size(name, len(data))
    converted = {"markdown": convert_markdown, "docx": convert_docx, "pdf": convert_pdf}[kind](name, data)
    _check_length(name, len(converted.body))
    converted.body = _tidy(converted.body)
    if len(re.findall(r"\w+", converted.body)) < MIN_WORDS:
        if kind == "pdf":
            raise ConversionError(NO_TEXT, f"{name} has no text layer (a scanned PDF?); "
                                           "export it with text or run OCR first")
        raise ConversionError(EMPTY, f"{name} has no text")
    return converted


def _check_length(name: str, chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise ConversionError(TOO_LONG, f"{name} holds more than {MAX_TEXT_CHARS:,} characters of text; "
                                        "split it into several articles")


def fallback_title(name: str) -> str:
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ").strip()
    return " ".join(stem.split()).capitalize() or "Uden titel"


# -- Markdown ---------------------------------------------------------------------------------------
def convert_markdown(name: str, data: bytes) -> Converted:
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConversionError(UNREADABLE, f"{name}:{line}: not valid UTF-8 text; save it as UTF-8") from None
    _check_length(name, len(text))
    text = text.replace("\r\n", "\n")
    meta: dict = {}
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise ConversionError(UNREADABLE, f"{name}:1: front matter is not closed with '---'")
        try:
            meta = load_front_matter("\n".join(lines[1:end])) or {}
        except AliasInFrontMatter as exc:
            raise ConversionError(UNREADABLE, f"{name}:{exc.line + 2}: {exc}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            raise ConversionError(UNREADABLE, f"{name}:{line}: invalid YAML in front matter") from None
        if not isinstance(meta, dict):
            raise ConversionError(UNREADABLE, f"{name}:2: front matter must be key: value pairs")
        lines = lines[end + 1:]
    title = meta.get("title") if isinstance(meta.get("title"), str) and meta["title"].strip() else None
    body_lines, in_code = [], False
    for line in lines:
        if line.lstrip().startswith("```"):
            in_code = not in_code
        heading = None if in_code else _HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            if title is None and not any(x.strip() for x in body_lines):
                title = heading.group(2)       # a leading "# Title" becomes the title
                continue
            line = "## " + heading.group(2)    # other top-level headings become sections
        body_lines.append(line)
    return Converted(title=_clean_title(title), body="\n".join(body_lines), source_name=name, meta=meta)


# -- Word -----------------------------------------------------------------------------------------------
def convert_docx(name: str, data: bytes) -> Converted:
    import docx
    from docx.table import Table

    if not data.startswith(b"PK"):
        raise ConversionError(UNREADABLE, f"{name} is not a valid .docx file (is it an old .doc?)")
    check_unzipped_size(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ConversionError(UNREADABLE, f"{name} could not be read as .docx ({exc.__class__.__name__})") \
            from None
    title = _clean_title(document.core_properties.title)
    out: list[str] = []
    chars = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = _docx_table(block)
            chars += sum(map(len, rows))
            _check_length(name, chars)
            out.extend(rows)
            continue
        text = _docx_inline(block)
        if not text:
            continue
        chars += len(text)
        _check_length(name, chars)          # stop reading as soon as the text is too long
        style = (block.style.name if block.style is not None else "") or ""
        level = _heading_level(style)
        if style == "Title" or (level == 1 and title is None and not out):
            if title is None:
                title = _clean_title(text)
                continue
            level = 1
        if level:
            out.extend(["", "#" * min(level + 1, 6) + " " + text, ""])
        elif style.startswith("List Number"):
            out.append("1. " + text)
        elif style.startswith("List") or _has_numbering(block):
            out.append("- " + text)
        else:
            out.extend([text, ""])
    return Converted(title=title, body="\n".join(out), source_name=name)


def check_unzipped_size(name: str, data: bytes) -> None:
    """Refuse a zip whose members unpack to more than MAX_UNZIPPED_BYTES, before anything is unpacked.

    zipfile never returns more than a member's declared size, so the declared sizes are a true bound.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ConversionError(UNREADABLE, f"{name} could not be read as .docx ({exc.__class__.__name__})") \
            from None
    if total > MAX_UNZIPPED_BYTES:
        raise ConversionError(TOO_LONG, f"{name} unpacks to {total / 1024 / 1024:.0f} MB; the limit is "
                                        f"{MAX_UNZIPPED_BYTES // 1024 // 1024} MB")


def _heading_level(style: str) -> int:
    match = re.match(r"(?:Heading|Overskrift)\s*(\d)", style, re.IGNORECASE)
    return int(match.group(1)) if match else 0


def _has_numbering(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _docx_inline(paragraph) -> str:
    return " ".join(paragraph.text.split())


def _docx_table(table) -> list[str]:
    rows = [" | ".join(" ".join(cell.text.split()) for cell in row.cells) for row in table.rows]
    return [row for row in rows if row.replace("|", "").strip()] + [""]


# -- PDF --------------------------------------------------------------------------------------------
def convert_pdf(name: str, data: bytes) -> Converted:
    from pypdf import PdfReader

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ConversionError(UNREADABLE, f"{name} is not a valid PDF file")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ConversionError(UNREADABLE, f"{name} is password protected")
        pages, chars = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            chars += len(pages[-1])
            _check_length(name, chars)
        meta_title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except ConversionError:
        raise
    except Exception as exc:
        raise ConversionError(UNREADABLE, f"{name} could not be read as PDF ({exc.__class__.__name__})") \
            from None
    title = _clean_title(str(meta_title)) if meta_title else None
    if title and _JUNK_PDF_TITLE.match(title) or title and PurePath(title).suffix.lower() in (".doc", ".docx"):
        title = None
    out: list[str] = []
    for page in pages:
        out.extend(_pdf_paragraphs(page))
    if title is None:
        first = next((i for i, line in enumerate(out) if line.startswith("## ")), None)
        if first is not None and not any(line.strip() for line in out[:first]):
            title = out.pop(first)[3:]
    return Converted(title=title, body="\n\n".join(out), source_name=name)


def _pdf_paragraphs(text: str) -> list[str]:
    """Lines of one page → paragraphs; short lines without a full stop that start a block become ##."""
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if not line or not _PAGE_NUMBER.match(line)]
    width = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current: list[str] = []

    def flush():
        if current:
            paragraphs.append(_join_lines(current))
            current.clear()

    for i, line in enumerate(lines):
        if not line:
            flush()
            continue
        following = next((x for x in lines[i + 1:] if x), "")
        after_sentence = not current or bool(_SENTENCE_END.search(current[-1]))
        if after_sentence and _looks_like_heading(line, following, width):
            flush()
            paragraphs.append("## " + line)
            continue
        current.append(line)
        if _SENTENCE_END.search(line) and len(line) < 0.7 * width:
            flush()        # a short line ending a sentence ends its paragraph
    flush()
    return paragraphs


def _looks_like_heading(line: str, following: str, width: int) -> bool:
    words = line.split()
    return (1 <= len(words) <= 10 and len(line) <= 80 and len(line) < 0.7 * max(width, 1)
            and bool(following) and not _SENTENCE_END.search(line) and not line.endswith(",")
            and (line[0].isupper() or line[0].isdigit()) and not line.startswith(("-", "•")))


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line           # a word hyphenated at the line end
        else:
            text = f"{text} {line}" if text else line
    return text


# -- shared ---------------------------------------------------------------------------------------------
def _clean_title(title) -> str | None:
    if not isinstance(title, str):
        return None
    title = " ".join(title.replace("*", "").split()).strip(" #")
    return title[:200] or None


def _tidy(body: str) -> str:
    """At most one blank line in a row, blank lines around headings, no trailing spaces."""
    out: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        line = line.rstrip()
        if _HEADING.match(line) and out and out[-1]:
            out.append("")
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
        if _HEADING.match(line):
            out.append("")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
