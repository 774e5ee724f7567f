"""Synthetic, seeded, Danish-like knowledge bases, questions and clustered vectors for the benchmark.

Articles are Markdown with front matter and `##` sections of ~55–95 words, so the real chunker
makes one passage per section of about the model length of the sample knowledge base's passages
(~230 tokens; the compound-heavy synthetic words tokenise longer, so sections have fewer words),
and the Danish BM25 sees topic words that repeat within a document and differ between documents.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.index.embedding import ComputedEmbedder, stable_hash

NOUNS = """
partnerskab bygherre boligorganisation afdeling renovering helhedsplan udbud tilbud entreprenør
rådgiver beboer beboerinddragelse byggesag målpris økonomi evaluering nøgletal kvalitet tidsplan
kontrakt samarbejde tillid læring projektering byggeplads tagudskiftning facade vinduer
energirenovering klimaskærm ventilation badeværelse køkken tilgængelighed landsbyggefonden skema
godkendelse kommune bestyrelse afdelingsmøde budget risiko incitament bonus værdi portefølje strategi
drift vedligehold tilstandsvurdering digitalisering data bæredygtighed materiale genbrug affald
sikkerhed arbejdsmiljø styregruppe følgegruppe salon netværk vejledning erfaring proces fase opstart
overlevering mangel gennemgang aftale forhandling kompetence pris tildelingskriterium dialog workshop
rammeaftale volumen skala transaktionsomkostning gevinst effektivisering standardisering gentagelse
produktivitet byggeproces fugt skimmel isolering altan friareal genhusning kommunikation information
referat underentreprenør håndværker projektleder driftschef boligsocialt fællesareal opgang
varmeforbrug energimærke solceller regnvand beplantning legeplads parkering affaldsløsning
""".split()

VERBS = """
sikrer styrker kræver understøtter påvirker reducerer øger fastlægger beskriver vurderer drøfter
aftaler planlægger gennemfører evaluerer prioriterer koordinerer inddrager dokumenterer forbedrer
forenkler udfordrer forankrer afklarer synliggør
""".split()

ADJECTIVES = """
tidlig fælles strategisk langsigtet økonomisk tværfaglig konkret løbende samlet fleksibel ny stor
lille vigtig bæredygtig digital åben tydelig realistisk grundig
""".split()

CONNECTORS = ["og", "samt", "men også", "sammen med", "frem for", "på tværs af"]
PREPOSITIONS = ["i", "på", "for", "til", "med", "under", "efter", "før", "gennem", "ved"]
OPENERS = ["Når", "Hvis", "Fordi", "Selvom", "Efter at"]
QUESTION_FORMS = [
    "hvordan {verb} man {noun} i {noun2}?",
    "hvad betyder {noun} for {noun2}?",
    "hvem har ansvaret for {noun} under {noun2}?",
    "hvornår skal {noun} med i {noun2}?",
    "er der erfaringer med {adj} {noun} og {noun2}?",
    "hvad koster {noun} ved {noun2}?",
    "hvordan sikrer vi {adj} {noun} i {noun2}",
    "gode råd om {noun} og {noun2}",
]
TOPICS = 60
TOPIC_WORDS = 14


@dataclass(frozen=True)
class SyntheticKB:
    folder: Path
    documents: int
    sections_per_doc: int

    @property
    def passages(self) -> int:
        """One passage per section: each section is one short paragraph."""
        return self.documents * self.sections_per_doc

    def doc_path(self, i: int) -> Path:
        return self.folder / "articles" / f"artikel-{i:05d}.md"


class DanishLikeText:
    """Seeded sentence generator; each topic prefers its own nouns (Zipf-like), as real articles do."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        topic_rng = random.Random(1000 + seed)
        self.topic_nouns = [topic_rng.sample(NOUNS, TOPIC_WORDS) for _ in range(TOPICS)]
        self.weights = [1.0 / (rank + 1) for rank in range(TOPIC_WORDS)]

    def noun(self, topic: int) -> str:
        if self.rng.random() < 0.7:
            return self.rng.choices(self.topic_nouns[topic], self.weights)[0]
        return self.rng.choice(NOUNS)

    def sentence(self, topic: int) -> str:
        r = self.rng
        words = [r.choice(ADJECTIVES), self.noun(topic), r.choice(VERBS), self.noun(topic),
                 r.choice(CONNECTORS), self.noun(topic), r.choice(PREPOSITIONS), "den", r.choice(ADJECTIVES),
                 self.noun(topic)]
        if r.random() < 0.4:
            words = [r.choice(OPENERS).lower(), "der", "er", r.choice(ADJECTIVES), self.noun(topic), ","] + words
        if r.random() < 0.5:
            words += [r.choice(PREPOSITIONS), self.noun(topic)]
        text = " ".join(words).replace(" ,", ",")
        return text[0].upper() + text[1:] + "."

    def paragraph(self, topic: int, min_words: int = 55, max_words: int = 95) -> str:
        target = self.rng.randint(min_words, max_words)
        sentences, count = [], 0
        while count < target:
            s = self.sentence(topic)
            sentences.append(s)
            count += len(s.split())
        return " ".join(sentences)

    def heading(self, topic: int) -> str:
        return f"{self.noun(topic).capitalize()} og {self.noun(topic)}"


def article_text(text: DanishLikeText, i: int, sections: int, tags_suffix: str = "") -> str:
    topic = i % TOPICS
    r = text.rng
    title = f"{text.noun(topic).capitalize()} i {text.noun(topic)} – erfaring {i}"
    audience = "network" if r.random() < 0.1 else "public"
    tags = ", ".join(sorted({text.noun(topic) for _ in range(3)})) + tags_suffix
    lines = ["---", f'title: "{title}"', f"date: 20{20 + i % 6}-0{1 + i % 9}-1{i % 10}", f"tags: [{tags}]",
             f"audience: {audience}", "---", "", f"# {title}", ""]
    for _ in range(sections):
        lines += [f"## {text.heading(topic)}", "", text.paragraph(topic), ""]
    return "\n".join(lines)


def write_kb(folder: Path, documents: int, sections_per_doc: int = 10, seed: int = 7) -> SyntheticKB:
    """Write `documents` articles of `sections_per_doc` sections each under folder/articles/."""
    folder = Path(folder)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    kb = SyntheticKB(folder, documents, sections_per_doc)
    text = DanishLikeText(seed)
    for i in range(documents):
        kb.doc_path(i).write_text(article_text(text, i, sections_per_doc), encoding="utf-8")
    return kb


def change_body(kb: SyntheticKB, i: int, seed: int) -> None:
    """Rewrite one section of document i (its passage changes, so it is re-embedded).

    The new text depends on the current one, so a kept working folder still gets a real change.
    """
    path = kb.doc_path(i)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines) if line.startswith("## "))
    lines[first + 2] = DanishLikeText(seed + zlib.crc32(text.encode("utf-8"))).paragraph(i % TOPICS)
    path.write_text("\n".join(lines), encoding="utf-8")


def change_metadata(kb: SyntheticKB, i: int, marker: str) -> None:
    """Change only front matter (the tags) of document i: nothing needs re-embedding."""
    path = kb.doc_path(i)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    n = next(n for n, line in enumerate(lines) if line.startswith("tags: ["))
    lines[n] = f"tags: [{marker}-{zlib.crc32(text.encode('utf-8'))}]"     # always a real change
    path.write_text("\n".join(lines), encoding="utf-8")


def questions(n: int, seed: int) -> list[str]:
    """n distinct Danish-like questions (distinct, so the query-embedding cache cannot hide work)."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < n:
        form = rng.choice(QUESTION_FORMS)
        q = form.format(verb=rng.choice(VERBS).removesuffix("r"), noun=rng.choice(NOUNS),
                        noun2=rng.choice(NOUNS), adj=rng.choice(ADJECTIVES))
        seen.setdefault(q)
    return list(seen)


class ClusteredVectorEmbedder(ComputedEmbedder):
    """Stands in for the model when embedding 100k passages would take hours on 2 cores.

    Each passage vector is its document's cluster centre plus noise (cosine ~0.5 within a cluster,
    ~0 between clusters), normalised, of the real model's dimension; deterministic per text.
    """

    def __init__(self, dimension: int = 384, clusters: int = 500, noise: float = 1.0, seed: int = 11):
        super().__init__("synthetic:clustered", dimension)
        rng = np.random.default_rng(seed)
        centres = rng.standard_normal((clusters, dimension)).astype(np.float32)
        self.centres = centres / np.linalg.norm(centres, axis=1, keepdims=True)
        self.noise = noise

    def _vector(self, cluster: int, seed: int) -> np.ndarray:
        noise = np.random.default_rng(seed).standard_normal(self._dimension).astype(np.float32)
        v = self.centres[cluster] + self.noise * noise / np.sqrt(self._dimension)
        return v / np.linalg.norm(v)

    def encode(self, texts: list[str], kind: str = "passage", show_progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            title = text.split(" — ", 1)[0]        # passages of one document share a cluster
            out[row] = self._vector(stable_hash(title) % len(self.centres), stable_hash(text))
        return out

    def sample_queries(self, n: int, seed: int) -> np.ndarray:
        """Query vectors from the same distribution as the passages (for recall measurements)."""
        rng = np.random.default_rng(seed)
        return np.vstack([self._vector(int(rng.integers(len(self.centres))), int(rng.integers(2**62)))
                          for _ in range(n)])
