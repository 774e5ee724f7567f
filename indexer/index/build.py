"""Build the index: load → anonymise → chunk → embed → store, incrementally, swapped in atomically."""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import logging
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from indexer.anonymise.gate import LessonGate
from indexer.config import IndexSettings
from indexer.errors import IndexNotWritable, VidensbankError
from indexer.index import manifest as mf
from indexer.index.chunking import CHUNKING_PARAMS, Passage, chunk_document
from indexer.index.dense import DenseIndex
from indexer.index.embedding import embedder_for
from indexer.index.keyword import KEYWORD_PARAMS, KeywordIndex, count_passages
from indexer.index.reuse import PreviousBuild
from indexer.index.store import document_row, open_db, vector_to_blob
from indexer.index.term_counts import TermCounts
from indexer.knowledge.documents import Document, load_knowledge_base
from indexer.knowledge.synonyms import load_synonyms
from indexer.parameters import ConfidenceModel, load_fusion_params

log = logging.getLogger(__name__)

EMBED_CHUNK = 512
Progress = Callable[[str, int, int], None]


class BuildInProgress(VidensbankError):
    def __init__(self, index_dir):
        super().__init__(f"another build of {index_dir} is running; wait for it to finish")


@dataclass
class BuildSummary:
    build_id: str = ""
    skipped: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    reused: int = 0
    held_back: list[dict] = field(default_factory=list)   # {"doc_id", "kind", "line", "column"}
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    def lines(self) -> list[str]:
        """English summary for admins."""
        if self.skipped:
            return [f"Index is up to date ({self.documents} documents, {self.passages} passages)."]
        out = [
            f"Documents: {len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged.",
            f"Passages: {self.passages} ({self.embedded} embedded, {self.reused} reused from cache).",
        ]
        if self.held_back:
            docs = sorted({h["doc_id"] for h in self.held_back})
            out.append(f"Lessons held back for review (not indexed): {len(docs)}")
            for h in self.held_back:
                out.append(f"  {h['doc_id']}:{h['line']}:{h['column']} possible {h['kind']}")
        out.extend(f"Warning: {w}" for w in self.warnings)
        out.append(f"Built in {self.seconds:.1f} s.")
        return out


@contextmanager
def build_lock(index_dir: Path, wait: bool = True):
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / "build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BuildInProgress(index_dir) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def embed_hash(model: str, prefix: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{prefix}{text}".encode("utf-8")).hexdigest()


def _noop(stage: str, done: int, total: int) -> None:
    pass


def plan_is_stale(settings: IndexSettings) -> bool:
    """True when the knowledge base, its lesson inputs or the model differ from the current build.

    Cheap: hashes files only, never loads the model.
    """
    current = mf.try_current_manifest(settings.index_dir)
    if current is None or current.get("model") != settings.model:
        return True
    docs = load_knowledge_base(settings.kb_dir).documents
    gate = LessonGate.from_kb(settings.kb_dir, settings.review_lessons)
    if any(current.get(k) != v for k, v in retrieval_params(settings.kb_dir).items()):
        return True
    return {d.doc_id: gate.effective_hash(d) for d in docs} != current.get("documents", {})


def retrieval_params(kb_dir) -> dict:
    """Retrieval parameters travel with the index they were calibrated for; synonyms with its vocabulary."""
    return {"fusion": load_fusion_params().as_dict(), "confidence": ConfidenceModel.load().as_dict(),
            "keyword": dict(KEYWORD_PARAMS), "chunking": dict(CHUNKING_PARAMS),
            "synonyms": load_synonyms(kb_dir).as_dict()}


def build_index(settings: IndexSettings, embedder=None, full: bool = False, if_stale: bool = False,
                dense_kind: str | None = None, progress: Progress = _noop, wait: bool = True) -> BuildSummary:
    start = time.perf_counter()
    try:
        with build_lock(settings.index_dir, wait=wait):
            summary = _build(settings, embedder, full, if_stale, dense_kind or settings.dense_kind, progress)
    except OSError as exc:
        if exc.errno in _NOT_WRITABLE and not _in_folder(exc, settings.kb_dir):
            raise IndexNotWritable(settings.index_dir, exc.strerror or str(exc)) from None
        raise
    summary.seconds = time.perf_counter() - start
    log.info("build finished: %s", " ".join(summary.lines()))
    return summary


_NOT_WRITABLE = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT}


def _in_folder(exc: OSError, folder: Path) -> bool:
    """Is the file the error is about inside ``folder`` (the knowledge base, not the index)?"""
    name = exc.filename
    try:
        return bool(name) and Path(name).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, ValueError):
        return False


def _build(settings, embedder, full, if_stale, dense_kind, progress) -> BuildSummary:
    index_dir = Path(settings.index_dir)
    loaded = load_knowledge_base(settings.kb_dir)
    documents = loaded.documents
    summary = BuildSummary(warnings=list(loaded.warnings), documents=len(documents))
    gate = LessonGate.from_kb(settings.kb_dir, settings.review_lessons)
    hashes = {d.doc_id: gate.effective_hash(d) for d in documents}

    previous = mf.try_current_manifest(index_dir)
    same_model = previous is not None and previous.get("model") == settings.model
    before = previous.get("documents", {}) if (same_model and not full) else {}
    for doc_id, h in hashes.items():
        if doc_id not in before:
            summary.added.append(doc_id)
        elif before[doc_id] != h:
            summary.changed.append(doc_id)
        else:
            summary.unchanged.append(doc_id)
    summary.removed = sorted(set(before) - set(hashes))
    params = retrieval_params(settings.kb_dir)
    params_same = previous is not None and all(previous.get(k) == v for k, v in params.items())
    if if_stale and same_model and not full and hashes == before and params_same:
        summary.skipped = True
        summary.passages = previous.get("counts", {}).get("passages", 0)
        summary.build_id = previous.get("build_id", "")
        return summary

    if embedder is None:
        embedder = embedder_for(settings)

    reuse = previous is not None and not full
    prev = PreviousBuild.open(index_dir, previous, settings.model) if reuse else None
    prefix = embedder.profile.passage_prefix

    def fresh(doc: Document) -> _Indexed | list[dict]:
        """Anonymise (lessons) and chunk one document; review findings when a lesson is held back."""
        if doc.kind == "lesson":
            doc, findings = gate.prepare(doc)
            if findings:
                return [{"doc_id": doc.doc_id, "kind": f.kind, "line": f.line, "column": f.column}
                        for f in findings]
        passages = chunk_document(doc.doc_id, doc.display_title, doc.body)
        return _Indexed(doc.doc_id, doc.kind, doc.audience, doc.display_title,
                        document_row(doc, len(passages)), passages,
                        [embed_hash(settings.model, prefix, p.embed_text) for p in passages])

    # Anonymise lessons before anything is chunked or stored; held-back lessons are not indexed.
    # An unchanged document is taken over from the previous build as it is (indexer.index.reuse).
    entries: list[_Indexed | list[dict]] = []
    for doc in documents:
        if prev is not None and prev.unchanged(doc.doc_id, hashes[doc.doc_id]):
            entries.append(_taken_over(doc, prev))
        else:
            entries.append(fresh(doc))

    all_hashes = {h for e in entries if isinstance(e, _Indexed) for h in e.hashes}
    cache: dict[str, np.ndarray] = prev.vectors(all_hashes) if prev is not None else {}
    by_id = {d.doc_id: d for d in documents}
    for i, e in enumerate(entries):
        # A consistent previous build has a vector for each of its passages; if not, start that document over.
        if isinstance(e, _Indexed) and e.prev_rows is not None and not all(h in cache for h in e.hashes):
            log.warning("previous build lacks vectors of %s; chunking it again", e.doc_id)
            entries[i] = fresh(by_id[e.doc_id])

    indexed: list[_Indexed] = []
    review_rows: list[dict] = []
    for e in entries:
        if isinstance(e, _Indexed):
            indexed.append(e)
        else:
            review_rows.extend(e)
    summary.held_back.extend(review_rows)
    all_passages = [p for e in indexed for p in e.passages]
    p_hashes = [h for e in indexed for h in e.hashes]
    text_of = {h: p.embed_text for e in indexed if e.prev_rows is None for p, h in zip(e.passages, e.hashes)}

    # In passage order, so documents finish one after another and progress means something.
    missing = list(dict.fromkeys(h for h in p_hashes if h not in cache))
    summary.embedded = len(missing)
    summary.reused = len(p_hashes) - len(missing)
    summary.passages = len(all_passages)

    # Progress is reported in documents: a document is done when all its passages have vectors.
    doc_needs: dict[str, set[str]] = {}
    for p, h in zip(all_passages, p_hashes):
        if h not in cache:
            doc_needs.setdefault(p.doc_id, set()).add(h)
    total_docs = len(indexed)
    done_docs = total_docs - len(doc_needs)
    progress("embed", done_docs, total_docs)
    embed_start = time.perf_counter()
    for i in range(0, len(missing), EMBED_CHUNK):
        batch = missing[i:i + EMBED_CHUNK]
        vectors = embedder.encode([text_of[h] for h in batch], kind="passage")
        for h, v in zip(batch, vectors):
            cache[h] = v
        # all(... in cache), not set.issubset(cache.keys()): that copies the whole cache per document.
        finished = [d for d, need in doc_needs.items() if all(h in cache for h in need)]
        for d in finished:
            del doc_needs[d]
        done_docs += len(finished)
        progress("embed", done_docs, total_docs)
    summary.embed_seconds = time.perf_counter() - embed_start
    dense_kind = DenseIndex.kind_for(len(all_passages), dense_kind, settings.hnsw_threshold)

    build_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    summary.build_id = build_id
    tmp = mf.builds_dir(index_dir) / f".tmp-{build_id}"
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        dimension = _write_build(tmp, indexed, all_passages, p_hashes, cache, review_rows, dense_kind,
                                 _term_counts(indexed, prev))
        counts = {
            "documents": len(indexed),
            "articles": sum(e.kind == "article" for e in indexed),
            "lessons": sum(e.kind == "lesson" for e in indexed),
            "passages": len(all_passages),
            "held_back": len({r["doc_id"] for r in review_rows}),
        }
        mf.write_manifest(tmp, {
            "build_id": build_id,
            "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "model": settings.model,
            "dimension": dimension,
            "query_prefix": embedder.profile.query_prefix,
            "passage_prefix": prefix,
            "dense_kind": dense_kind,
            "counts": counts,
            "documents": hashes,
            "kb_checksum": hashlib.sha256("".join(sorted(hashes.values())).encode()).hexdigest(),
            **params,
            "last_build": {k: (len(v) if isinstance(v, list) else v)
                           for k, v in summary.as_dict().items() if k not in ("warnings", "held_back")},
        })
        final = mf.builds_dir(index_dir) / build_id
        os.replace(tmp, final)
        mf.publish(index_dir, build_id)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


@dataclass
class _Indexed:
    """One document going into the build: never a raw lesson (its row and title are anonymised)."""

    doc_id: str
    kind: str
    audience: str
    title: str
    row: dict                             # its row in the documents table
    passages: list[Passage]
    hashes: list[str]                     # embed_hash of each passage
    prev_rows: list[int] | None = None    # its passages' rows in the previous build, when taken over


def _taken_over(doc: Document, prev: PreviousBuild) -> _Indexed | list[dict]:
    if doc.doc_id in prev.review:         # held back before, and nothing it depends on has changed
        return prev.review[doc.doc_id]
    stored = prev.passages.get(doc.doc_id, [])
    row = prev.rows[doc.doc_id] if doc.kind == "lesson" else document_row(doc, len(stored))
    passages = [Passage(s.passage_id, doc.doc_id, s.ordinal, s.section, s.text, embed_text="")
                for s in stored]
    return _Indexed(doc.doc_id, doc.kind, doc.audience, row["display_title"], row, passages,
                    [s.embed_hash for s in stored], [s.row for s in stored])


def _term_counts(indexed: list[_Indexed], prev: PreviousBuild | None) -> tuple[TermCounts, TermCounts]:
    """Both keyword channels' counts: the previous build's rows where taken over, new rows tokenised."""
    if prev is None or prev.counts is None:
        return count_passages([(e.title, p.section, p.text) for e in indexed for p in e.passages])
    new = [(e.title, p.section, p.text) for e in indexed if e.prev_rows is None for p in e.passages]
    words, grams = count_passages(new, after=prev.counts)
    order: list[int] = []
    next_new = prev.counts[0].rows
    for e in indexed:
        if e.prev_rows is not None:
            order.extend(e.prev_rows)
        else:
            order.extend(range(next_new, next_new + len(e.passages)))
            next_new += len(e.passages)
    return words.take(order), grams.take(order)


def _write_build(folder: Path, indexed: list[_Indexed], all_passages, p_hashes, cache, review_rows,
                 dense_kind, term_counts: tuple[TermCounts, TermCounts]) -> int:
    db = open_db(folder / "passages.db")
    with db.conn:
        db["documents"].insert_all((e.row for e in indexed), batch_size=500)
        audience = {e.doc_id: e.audience for e in indexed}
        # Plain executemany for the two big tables: sqlite-utils' per-value checks were 2 s at 100k rows.
        db.conn.executemany(
            "insert into passages (row, passage_id, doc_id, ordinal, section, text, embed_hash, audience) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            ((row, p.passage_id, p.doc_id, p.ordinal, p.section, p.text, h, audience[p.doc_id])
             for row, (p, h) in enumerate(zip(all_passages, p_hashes))))
        db.conn.executemany("insert into vectors (embed_hash, vector) values (?, ?)",
                            ((h, vector_to_blob(cache[h])) for h in sorted(set(p_hashes))))
        if review_rows:
            db["review"].insert_all(review_rows)
    db.conn.close()
    if all_passages:
        matrix = np.vstack([cache[h] for h in p_hashes]).astype(np.float32)
    else:
        matrix = np.zeros((0, 1), dtype=np.float32)
    DenseIndex.build(matrix, dense_kind).save(folder / "dense.faiss")
    keyword_dir = folder / "keyword"
    keyword_dir.mkdir()
    KeywordIndex.from_counts(*term_counts).save(keyword_dir)
    return int(matrix.shape[1]) if all_passages else 0
