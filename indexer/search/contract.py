"""The answer the search API gives: a stable contract for the bot, the CLI and other tools."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CONFIDENT, PARTIAL, NONE = "confident", "partial", "none"
LEVELS = (CONFIDENT, PARTIAL, NONE)


@dataclass
class Citation:
    n: int
    doc_id: str          # path relative to the knowledge-base root, e.g. "articles/udbud.md"
    title: str           # shown to users; lessons get an anonymised label, never a file name
    section: str         # section path, e.g. "Udbudsfasen › Tildelingskriterier"
    url: str | None
    path: str | None     # source file path for admins; None for lessons
    passage_id: str
    score: float
    text: str            # the passage text (anonymised for lessons)


@dataclass
class NearestDocument:
    doc_id: str
    title: str
    url: str | None


@dataclass
class Answer:
    question: str
    answer: str                      # Danish; sentences followed by [n]
    confident: bool
    citations: list[Citation]
    nearest: list[NearestDocument] = field(default_factory=list)  # shown when not confident
    answer_id: str = ""
    # "confident": the answer; "partial": the nearest passages under a Danish caveat, the question
    # is worth passing on to the network; "none": nothing related was found. Defaults from ``confident``.
    level: str = ""
    generated: bool = False          # written by the language model (checked against its citations)
    fallback: str | None = None      # why a wanted generated answer fell back to this extractive one

    def __post_init__(self):
        if not self.level:
            self.level = CONFIDENT if self.confident else NONE
        if self.level not in LEVELS:
            raise ValueError(f"answer level must be one of {', '.join(LEVELS)}, got {self.level!r}")

    def to_json(self) -> dict:
        """The `ask --json` contract: keys and order are stable; ``level`` and ``generated`` were added
        last, ``fallback`` only when a wanted generated answer fell back to the extractive one."""
        data = {
            "question": self.question,
            "answer": self.answer,
            "confident": bool(self.confident),
            "citations": [
                {
                    "n": c.n, "doc_id": c.doc_id, "title": c.title, "section": c.section,
                    "url": c.url, "path": c.path, "passage_id": c.passage_id,
                    "score": round(float(c.score), 6), "text": c.text,
                }
                for c in self.citations
            ],
            "level": self.level,
            "generated": bool(self.generated),
        }
        if self.fallback:
            data["fallback"] = self.fallback
        return data

    def as_dict(self) -> dict:
        return asdict(self)
