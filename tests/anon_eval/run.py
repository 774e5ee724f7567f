"""`make anon-eval`: the anonymiser measured on hand-written minutes, per shape, tuning and sealed parts.

Each minute in ``corpus/<part>/`` is a lesson file with a YAML file beside it that lists, written
before the anonymiser ever ran on it, the personal data planted in it (``personal``; name parts
that are also Danish words are listed in ``case_sensitive`` and searched as written) and the trap
words that must survive (``traps``). The minutes of a part are built into an index (the fake
embedder: the text is what matters here) with the corpus's own directory and allowlist, and:

- personal data found: planted values that are gone from the anonymised lesson (body and front matter);
- leaks: planted values in any file of the built index folder, each read as what it holds (see
  ``read_index``; digits compared without separators, names as whole words; a name part that is a
  Danish word only in its own lesson's stored text), or in an answer to a question about the lesson;
- trap words kept: traps still there, as written, in the indexed lessons' passages;
- held back: lessons the gate held back, and of those, how many had nothing personal left after
  replacement (an unnecessary hold).

Targets: 0 leaks; ≥ 95 % of trap words kept; at most 1 lesson in 8 held back with nothing personal left.
The sealed part is for reporting only: nothing is tuned on it. When a sealed part has been seen, it
moves to the tuning part and a new sealed part is written before the anonymiser runs on it. A sealed
part the anonymiser has not run on yet (``UNSEEN``) is left out of ``--part all`` (and so out of
``make anon-eval``): it is run once, by its own name, and then taken out of ``UNSEEN``.

Example:
    python -m tests.anon_eval.run --part tuning
    python -m tests.anon_eval.run --part sealed6     # once, the first time the anonymiser sees it
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from indexer.anonymise.gate import LessonGate
from indexer.audience import Viewer
from indexer.config import IndexSettings
from indexer.index.build import build_index
from indexer.index.embedding import HashingEmbedder
from indexer.index.keyword import GRAMS_FOLDER
from indexer.knowledge.documents import parse_document
from indexer.service import KnowledgeService

CORPUS = Path(__file__).parent / "corpus"
PARTS = ("tuning", "sealed", "sealed3", "sealed4", "sealed5", "sealed6")
UNSEEN: tuple[str, ...] = ()     # parts written and committed but never run: not part of "all"
ARTICLE = ("---\ntitle: \"Om partnerskaber\"\naudience: public\n---\n\n## Baggrund\n\n"
           "Strategiske partnerskaber er langvarige samarbejder mellem bygherre, rådgivere og entreprenør.\n")


@dataclass
class Minute:
    name: str
    shape: str
    text: str
    personal: list[str]
    case_sensitive: frozenset[str]
    traps: list[str]


@dataclass
class Outcome:
    minute: Minute
    held: bool
    findings: int
    anonymised: str
    personal_left: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    traps_kept: int = 0


def load_part(part: str) -> list[Minute]:
    minutes = []
    for path in sorted((CORPUS / part).glob("*.md")):
        notes = yaml.safe_load(path.with_suffix(".yaml").read_text(encoding="utf-8")) or {}
        minutes.append(Minute(path.stem, notes["shape"], path.read_text(encoding="utf-8"),
                              [str(v) for v in notes.get("personal") or []],
                              frozenset(str(v) for v in notes.get("case_sensitive") or []),
                              [str(v) for v in notes.get("traps") or []]))
    return minutes


# -- finding a planted value -------------------------------------------------------------------
_SEPARATED = r"[\s.\-\u2010-\u2015\u2212/()+\u200b]{0,2}"   # any dash people or Word type


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def is_number(value: str) -> bool:
    return len(_digits(value)) >= 8 and len(_digits(value)) >= len(re.sub(r"\W", "", value)) - 2


def name_parts(value: str) -> list[str]:
    parts = {value, *re.split(r"[\s\-]+", value)}
    return [p for p in parts if len(p.strip(".")) >= 2]


def _word(part: str, text: str, case_sensitive: bool) -> bool:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.search(rf"(?<![\w]){re.escape(part)}(?![\w])", text, flags) is not None


def present(value: str, text: str, minute: Minute, own_text: bool = True) -> bool:
    """Is ``value`` (or a part of a name) in ``text``? Danish-word parts count only in the lesson's own text."""
    if is_number(value):      # the same digits with at most two separators between any two of them
        return re.search(_SEPARATED.join(_digits(value)), text) is not None
    if "@" in value or re.search(r"\d", value):    # e-mails and street addresses: as a whole
        return _word(value, text, case_sensitive=False)
    words = {w.lower() for w in minute.case_sensitive}
    for part in name_parts(value):
        sensitive = part in minute.case_sensitive
        if (sensitive and not own_text) or (not sensitive and part.lower() in words):
            continue          # "bo" of "bo-sand" is the Danish word; "Bo" is looked for as written
        if _word(part, text, sensitive):
            return True
    return False


# -- one part -------------------------------------------------------------------------------------
def evaluate(part: str, workdir: Path) -> list[Outcome]:
    minutes = load_part(part)
    kb = workdir / part / "kb"
    (kb / "lessons").mkdir(parents=True)
    (kb / "articles").mkdir()
    for name in ("directory.yaml", "allowlist.yaml"):
        shutil.copy(CORPUS / name, kb / name)
    (kb / "articles" / "om-partnerskaber.md").write_text(ARTICLE, encoding="utf-8")
    for m in minutes:
        (kb / "lessons" / f"{m.name}.md").write_text(m.text, encoding="utf-8")
    for m in minutes:   # the corpus plants what it says it plants
        missing = [v for v in m.personal if not present(v, m.text, m)]
        if missing:
            raise SystemExit(f"{part}/{m.name}: planted values not in the minute: {missing}")

    settings = IndexSettings(kb_dir=kb, index_dir=workdir / part / "index", model="fake:hashing")
    summary = build_index(settings, embedder=HashingEmbedder())
    held = {h["doc_id"] for h in summary.held_back}
    gate = LessonGate.from_kb(kb)
    index_text = read_index(settings.index_dir)
    stored = _stored_text(settings)
    service = KnowledgeService(settings, embedder=HashingEmbedder())
    viewer = Viewer.everything({"os", "fsb-hjem"})

    outcomes = []
    for m in minutes:
        doc_id = f"lessons/{m.name}.md"
        doc = parse_document(kb / doc_id, kb)
        clean, findings = gate.prepare(doc)
        anonymised = "\n".join(str(v) for v in (clean.body, clean.title, clean.meeting, clean.summary,
                                                clean.url, " ".join(clean.tags), " ".join(clean.authors)) if v)
        out = Outcome(m, doc_id in held, len(findings), anonymised)
        out.personal_left = [v for v in m.personal if present(v, anonymised, m)]
        own = stored.get(doc_id, "")
        answers = _answers(service, viewer, m, doc_id)
        for v in m.personal:
            if present(v, index_text, m, own_text=False) or present(v, own, m) \
                    or present(v, answers["all"], m, own_text=False) or present(v, answers["own"], m):
                out.leaks.append(v)
        if not out.held:
            out.traps_kept = sum(trap in own for trap in m.traps)
        outcomes.append(out)
    return outcomes


def read_index(index_dir: Path) -> str:
    """Every file of a built index as text to look for names in, each read as what it holds.

    Text files are read as UTF-8; numpy files through numpy: their string arrays (UTF-32, which a
    byte scan cannot see) as text, their numeric arrays as the numbers they are; the FAISS file is
    checked to hold nothing but its vectors and their ids. Decoding numbers as text would find
    two-letter names ("Ib") in random float bytes. The character-gram vocabulary is read as a set of
    4-character fragments: only a gram that is a whole word ("#bo#") counts. A longer word leaves
    only fragments that other words make as well ("rene" of "grene", "#jan" of "januar"), and
    every gram comes from the words of passages stored in ``passages.db``, which is read whole.
    """
    texts = []
    for path in sorted(p for p in index_dir.rglob("*") if p.is_file()):
        grams = GRAMS_FOLDER in path.relative_to(index_dir).parts
        if path.suffix in (".npz", ".npy"):
            texts += [_gram_words(a.tolist()) if grams else " ".join(a.tolist()) for a in _string_arrays(path)]
        elif path.suffix == ".faiss":
            _only_vectors(path)
        elif grams and path.name.startswith("vocab"):
            texts.append(_gram_words(json.loads(path.read_text(encoding="utf-8"))))
        else:
            texts.append(path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(texts)


def _string_arrays(path: Path) -> list[np.ndarray]:
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as data:
            arrays = [data[k] for k in data.files]
    else:
        arrays = [np.load(path, allow_pickle=False)]
    for a in arrays:
        if a.dtype.kind not in "iufbU":
            raise SystemExit(f"{path}: an array of {a.dtype} the leak scan cannot read")
    return [a.ravel() for a in arrays if a.dtype.kind == "U"]


def _only_vectors(path: Path) -> None:
    import faiss

    index = faiss.read_index(str(path))
    payload = index.ntotal * (index.d * 4 + 8)            # float32 vectors and int64 ids
    if path.stat().st_size > payload + 1024:
        raise SystemExit(f"{path}: {path.stat().st_size} bytes for {index.ntotal} vectors – more than vectors")


def _gram_words(grams) -> str:
    return " ".join(g.strip("#") for g in grams if len(g) > 2 and g.startswith("#") and g.endswith("#"))


def _stored_text(settings: IndexSettings) -> dict[str, str]:
    """Everything a build stored about each document (its row and its passages)."""
    build = sorted((settings.index_dir / "builds").iterdir())[-1]
    conn = sqlite3.connect(build / "passages.db")
    try:
        out: dict[str, list[str]] = defaultdict(list)
        for row in conn.execute("select * from documents"):
            out[row[0]].append(" ".join(str(v) for v in row if v is not None))
        for doc_id, section, text in conn.execute("select doc_id, section, text from passages order by row"):
            out[doc_id] += [section or "", text]
        return {k: "\n".join(v) for k, v in out.items()}
    finally:
        conn.close()


def _answers(service, viewer, m: Minute, doc_id: str) -> dict[str, str]:
    questions = [m.text.split("title:", 1)[1].split("\n", 1)[0].strip(" \"'"), *m.traps[:2]]
    everything, own = [], []
    for q in questions:
        answer = service.ask(q, viewer)
        everything.append(answer.answer)
        for c in answer.citations:
            (own if c.doc_id == doc_id else everything).append(f"{c.title} {c.section} {c.text}")
    return {"all": "\n".join(everything), "own": "\n".join(own)}


# -- the report -----------------------------------------------------------------------------------
def report(part: str, outcomes: list[Outcome], verbose: bool = False) -> list[str]:
    by_shape: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_shape[o.minute.shape].append(o)
    header = (f"{'shape':<17} {'minutes':>7} {'personal found':>15} {'leaks':>6} {'traps kept':>11} "
              f"{'held back':>9} {'held, nothing left':>19}")
    lines = [f"== {part}: {len(outcomes)} minutes ==", header]

    def row(name: str, group: list[Outcome]) -> str:
        planted = sum(len(o.minute.personal) for o in group)
        found = planted - sum(len(o.personal_left) for o in group)
        traps = sum(len(o.minute.traps) for o in group if not o.held)
        kept = sum(o.traps_kept for o in group)
        held = sum(o.held for o in group)
        needless = sum(o.held and not o.personal_left for o in group)
        return (f"{name:<17} {len(group):>7} {f'{found}/{planted}':>15} {sum(len(o.leaks) for o in group):>6} "
                f"{f'{kept}/{traps}':>11} {held:>9} {needless:>19}")

    for shape in sorted(by_shape):
        lines.append(row(shape, by_shape[shape]))
    lines.append(row("all", outcomes))
    leaks = sum(len(o.leaks) for o in outcomes)
    traps = sum(len(o.minute.traps) for o in outcomes if not o.held)
    kept = sum(o.traps_kept for o in outcomes)
    needless = sum(o.held and not o.personal_left for o in outcomes)
    lines.append(f"targets: leaks {leaks} (0) · traps kept {100 * kept / max(traps, 1):.1f} % (≥ 95 %) · "
                 f"held with nothing personal left {needless}/{len(outcomes)} (≤ 1 in 8 = {len(outcomes) / 8:.1f})")
    if verbose:
        for o in outcomes:
            missing = [t for t in o.minute.traps if not o.held and t not in o.anonymised]
            if o.leaks or o.personal_left or o.held or missing:
                lines.append(f"  {o.minute.name}: held={o.held} findings={o.findings} "
                             f"left={o.personal_left} leaks={o.leaks} traps lost={missing}")
    return lines


def selected_parts(choice: str) -> tuple[str, ...]:
    """The parts ``--part choice`` runs: one by name, or for "all" every part but the unseen ones."""
    return tuple(p for p in PARTS if p not in UNSEEN) if choice == "all" else (choice,)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=[*PARTS, "all"], default="all",
                        help=f"One part, or all parts but the unseen ones ({', '.join(UNSEEN) or 'none'}).")
    parser.add_argument("-v", "--verbose", action="store_true", help="List every minute with a problem.")
    args = parser.parse_args(argv)
    parts = selected_parts(args.part)
    leaks = 0
    with tempfile.TemporaryDirectory(prefix="anon-eval-") as tmp:
        for part in parts:
            outcomes = evaluate(part, Path(tmp))
            leaks += sum(len(o.leaks) for o in outcomes)
            print("\n".join(report(part, outcomes, args.verbose)))
            print()
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
