"""Split a document's Markdown into passages that follow its headings (~80–250 words)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.language.sentences import LIST_ITEM, split_sentences

MIN_WORDS = 80
MAX_WORDS = 250
FLUSH_AT_PARAGRAPH = 180
SECTION_SEPARATOR = " › "
INTRO_SECTION = "Indledning"
# Recorded in the index manifest. A build reuses the passages of unchanged documents only when these
# match, so bump "version" whenever a change to this module changes the passages it makes.
CHUNKING_PARAMS = {"version": 3, "min_words": MIN_WORDS, "max_words": MAX_WORDS,
                   "flush_at_paragraph": FLUSH_AT_PARAGRAPH, "separator": SECTION_SEPARATOR}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


@dataclass
class Passage:
    passage_id: str
    doc_id: str
    ordinal: int
    section: str
    text: str
    embed_text: str

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def plain(text: str) -> str:
    """Markdown inline markup to plain text."""
    text = _LINK.sub(r"\1", text)
    return _EMPHASIS.sub("", text).strip()


def _sections(body: str):
    """Yield (section_path, paragraphs) in document order.

    A section whose text ends with a sentence announcing what follows ("Tre træk går igen:") and whose
    subsections follow directly gets their headings as its list: the passage then states what it
    announces, and an answer can quote it whole.
    """
    sections: list[tuple[int, str, list[str]]] = []     # (heading level, section path, paragraphs)
    path: list[tuple[int, str]] = []
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph():
        if current:
            paragraphs.append(plain(" ".join(current)))
            current.clear()

    def close_section():
        close_paragraph()
        sections.append((path[-1][0] if path else 1,
                         SECTION_SEPARATOR.join(name for _, name in path) or INTRO_SECTION, list(paragraphs)))
        paragraphs.clear()

    for line in body.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            close_section()
            level, name = len(heading.group(1)), plain(heading.group(2))
            if level == 1:
                path.clear()  # a top-level heading repeats the title; not part of the path
                continue
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, name))
            continue
        if not line.strip():
            close_paragraph()
        elif _LIST_ITEM.match(line):
            close_paragraph()
            # A list item stays an item, on its own line and as written, so an answer can show the
            # whole list as a list (or quote one item) instead of a run-on sentence after a colon.
            number = re.match(r"\s*(\d+)[.)]\s", line)
            item = plain(_LIST_ITEM.sub("", line).strip().rstrip(",;").rstrip())
            if item:   # a numbered step keeps its number: "1. Åbn appen"
                paragraphs.append(LIST_ITEM + (f"{number.group(1)}. " if number else "") + item)
        else:
            current.append(line.strip())
    close_section()
    for i, (level, section, paragraphs) in enumerate(sections):
        if paragraphs and paragraphs[-1].endswith(":") and not paragraphs[-1].startswith(LIST_ITEM):
            paragraphs.extend(LIST_ITEM + name for name in _subsections(sections, i))
        if paragraphs:
            yield section, paragraphs


def _subsections(sections: list[tuple[int, str, list[str]]], i: int) -> list[str]:
    """The headings of the subsections directly under section ``i``."""
    level, path, _ = sections[i]
    names = []
    for child_level, child_path, _ in sections[i + 1:]:
        if child_level <= level or not child_path.startswith(path + SECTION_SEPARATOR):
            break
        if child_level == level + 1 or (not names and child_level > level):
            names.append(child_path.split(SECTION_SEPARATOR)[-1])
    return names


def _atoms(paragraphs: list[str]) -> list[tuple[list[str], bool]]:
    """(units that stay together, ends a paragraph): a sentence alone, or a list with the sentence leading into it."""
    atoms: list[tuple[list[str], bool]] = []
    for paragraph in paragraphs:
        if paragraph.startswith(LIST_ITEM):
            previous = atoms[-1][0] if atoms else None
            in_list = previous is not None and (previous[-1].startswith(LIST_ITEM) or previous[-1].endswith(":"))
            if in_list and sum(len(u.split()) for u in previous) + len(paragraph.split()) <= MAX_WORDS:
                previous.append(paragraph)
                atoms[-1] = (previous, True)
            else:
                atoms.append(([paragraph], True))
            continue
        sentences = split_sentences(paragraph)
        atoms.extend(([s], i == len(sentences) - 1) for i, s in enumerate(sentences))
    return atoms


def _pack(paragraphs: list[str]) -> list[list[str]]:
    """Greedy packing of whole sentences (and whole lists, when they fit) into chunks; never splits a sentence."""
    chunks: list[list[str]] = []
    current: list[str] = []
    words = 0
    for units, paragraph_end in _atoms(paragraphs):
        n = sum(len(u.split()) for u in units)
        if current and words + n > MAX_WORDS:
            chunks.append(current)
            current, words = [], 0
        current.extend(units)
        words += n
        if paragraph_end and words >= FLUSH_AT_PARAGRAPH:
            chunks.append(current)
            current, words = [], 0
    if current:
        if chunks and words < MIN_WORDS and sum(len(s.split()) for s in chunks[-1]) + words <= MAX_WORDS + 50:
            chunks[-1].extend(current)
        else:
            chunks.append(current)
    return chunks


def _join(units: list[str]) -> str:
    """Sentences run on; each list item, and the text after a list, starts a new line."""
    text = ""
    for i, unit in enumerate(units):
        if i == 0:
            text = unit
        elif unit.startswith(LIST_ITEM) or units[i - 1].startswith(LIST_ITEM):
            text += "\n" + unit
        else:
            text += " " + unit
    return text


def chunk_document(doc_id: str, title: str, body: str) -> list[Passage]:
    passages: list[Passage] = []
    for section, paragraphs in _sections(body):
        for sentences in _pack(paragraphs):
            text = _join(sentences)
            ordinal = len(passages)
            passages.append(Passage(
                passage_id=f"{doc_id}#{ordinal}", doc_id=doc_id, ordinal=ordinal, section=section,
                text=text, embed_text=f"{title} — {section}\n{text}",
            ))
    return passages
