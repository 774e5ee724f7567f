"""Split a document's Markdown into passages that follow its headings (~80–250 words)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.language.sentences import split_sentences

MIN_WORDS = 80
MAX_WORDS = 250
FLUSH_AT_PARAGRAPH = 180
SECTION_SEPARATOR = " › "
INTRO_SECTION = "Indledning"
# Recorded in the index manifest. A build reuses the passages of unchanged documents only when these
# match, so bump "version" whenever a change to this module changes the passages it makes.
CHUNKING_PARAMS = {"version": 1, "min_words": MIN_WORDS, "max_words": MAX_WORDS,
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
    """Yield (section_path, paragraphs) in document order."""
    path: list[tuple[int, str]] = []
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph():
        if current:
            paragraphs.append(plain(" ".join(current)))
            current.clear()

    def section_name() -> str:
        return SECTION_SEPARATOR.join(name for _, name in path) or INTRO_SECTION

    for line in body.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            close_paragraph()
            if paragraphs:
                yield section_name(), list(paragraphs)
                paragraphs.clear()
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
            item = _LIST_ITEM.sub("", line).strip().rstrip(",;")
            # Each list item becomes its own sentence, so an answer can quote one item alone.
            item = item[:1].upper() + item[1:]
            current.append(item if item.endswith((".", "!", "?", ":")) else item + ".")
            close_paragraph()
        else:
            current.append(line.strip())
    close_paragraph()
    if paragraphs:
        yield section_name(), list(paragraphs)


def _pack(paragraphs: list[str]) -> list[list[str]]:
    """Greedy packing of whole sentences into chunks; never splits a sentence."""
    chunks: list[list[str]] = []
    current: list[str] = []
    words = 0
    for paragraph in paragraphs:
        sentences = split_sentences(paragraph)
        for i, sentence in enumerate(sentences):
            n = len(sentence.split())
            if current and words + n > MAX_WORDS:
                chunks.append(current)
                current, words = [], 0
            current.append(sentence)
            words += n
            if i == len(sentences) - 1 and words >= FLUSH_AT_PARAGRAPH:
                chunks.append(current)
                current, words = [], 0
    if current:
        if chunks and words < MIN_WORDS and sum(len(s.split()) for s in chunks[-1]) + words <= MAX_WORDS + 50:
            chunks[-1].extend(current)
        else:
            chunks.append(current)
    return chunks


def chunk_document(doc_id: str, title: str, body: str) -> list[Passage]:
    passages: list[Passage] = []
    for section, paragraphs in _sections(body):
        for sentences in _pack(paragraphs):
            text = " ".join(sentences)
            ordinal = len(passages)
            passages.append(Passage(
                passage_id=f"{doc_id}#{ordinal}", doc_id=doc_id, ordinal=ordinal, section=section,
                text=text, embed_text=f"{title} — {section}\n{text}",
            ))
    return passages
