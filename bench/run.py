"""`make bench` (python -m bench.run): build speed, query latency, recall, memory, start-up, Slack, reindex.

Writes bench/results.json and bench/results.md. `--quick` runs every measurement at tiny sizes with
the fake embedder (the smoke test uses it); the figures it gives mean nothing.

Example: python -m bench.run --only latency,memory --workdir /tmp/bench --keep
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import build_speed, generation, incremental, latency, report, slack, soak, startup, synthetic
from bench.measure import PROJECT_ROOT, git_commit, machine_info, now_iso
from indexer.audience import Viewer
from indexer.config import DEFAULT_MODEL, IndexSettings
from indexer.index.build import build_index

log = logging.getLogger("bench")

SECTIONS = ("startup", "slack", "generate", "build", "latency", "memory", "incremental", "soak")   # cheap ones first
RESULT_KEYS = {"startup": ["startup"], "slack": ["slack"], "generate": ["generation"], "build": ["build_throughput"],
               "latency": ["query_latency", "dense_recall", "large_build_seconds"], "memory": ["memory"],
               "incremental": ["incremental", "incremental_large"], "soak": ["soak"]}
EVAL_QUESTIONS = PROJECT_ROOT / "tests" / "eval" / "questions.jsonl"


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions. Passages = documents × sections (one passage per synthetic section)."""

    model: str = DEFAULT_MODEL
    sections: int = 10
    small_docs: int = 100          # 1k passages: a subset of the big KB, vectors reused from its build
    big_docs: int = 1000           # 10k passages, real model: build speed, latency, memory, reindex
    large_docs: int = 10000        # 100k passages, synthetic vectors
    runs: int = 3                  # repetitions of the cheap measurements
    big_runs: int = 1              # the 10k full build takes minutes on 2 cores
    raw_sample: int = 1000         # raw encode speed at 10k: a random sample of the same passages
    question_rounds: int = 3
    questions_per_round: int = 100
    recall_queries: int = 200
    memory_questions: int = 20
    slack_runs: int = 2
    burst: int = 50
    incremental_runs: int = 3
    generation_questions: int = 100
    soak_events: int = 200
    soak_seconds: float = 60.0


QUICK = Plan(model="fake:hashing", sections=4, small_docs=5, big_docs=20, large_docs=40, runs=2, big_runs=1,
             raw_sample=20, question_rounds=2, questions_per_round=5, recall_queries=5, memory_questions=2,
             slack_runs=1, burst=4, incremental_runs=2, generation_questions=5, soak_events=20, soak_seconds=4.0)

CLOSING_NOTE = ("Each figure is the median of the runs shown; build and raw-encode runs alternate in one process, "
                "so a busy machine slows both sides of a ratio alike. The load average is recorded because "
                "other work on the same 2 cores slows every absolute figure.")
TARGET_P95_MS = {"medium": 30, "large": 100}
TARGET_MEMORY_MB = {"medium": 1024}


class Bench:
    def __init__(self, plan: Plan, workdir: Path):
        self.plan = plan
        self.work = workdir
        self.notes: list[str] = []
        self.results: dict = {}
        self._embedder = None
        self.sample_settings: IndexSettings | None = None

    # -- shared pieces ---------------------------------------------------------------------------
    @property
    def embedder(self):
        if self._embedder is None:
            from indexer.index.embedding import get_embedder

            self._embedder = get_embedder(self.plan.model)
            self._embedder.warm_up()
        return self._embedder

    def settings(self, name: str, kb: Path) -> IndexSettings:
        return IndexSettings(kb_dir=kb, index_dir=self.work / f"index-{name}", model=self.plan.model)

    def sample(self) -> IndexSettings:
        """The sample knowledge base (a copy); without lessons/ if the anonymiser cannot run yet."""
        if self.sample_settings is None:
            kb = self.work / "sample-kb"
            if not kb.exists():
                shutil.copytree(PROJECT_ROOT / "knowledge_base", kb)
            settings = self.settings("sample", kb)
            try:
                build_index(settings, embedder=self.embedder)
            except Exception as exc:                    
                shutil.rmtree(kb / "lessons", ignore_errors=True)
                self.notes.append(f"Sample KB measured without lessons/: building it with lessons failed "
                                  f"({exc.__class__.__name__}: {str(exc).splitlines()[0][:120]}).")
                build_index(settings, embedder=self.embedder)
            self.sample_settings = settings
        return self.sample_settings

    def big(self, built: bool = True) -> tuple[synthetic.SyntheticKB, IndexSettings]:
        kb = synthetic.SyntheticKB(self.work / "kb-big", self.plan.big_docs, self.plan.sections)
        settings = self.settings("big", kb.folder)
        if not kb.folder.exists():
            synthetic.write_kb(kb.folder, kb.documents, kb.sections_per_doc, seed=7)
        if built and not (settings.index_dir / "CURRENT").exists():
            build_index(settings, embedder=self.embedder)
        return kb, settings

    def small(self) -> IndexSettings:
        """A subset of the big KB; built from a copy of the big index, so its vectors are reused."""
        big_kb, big_settings = self.big()
        folder = self.work / "kb-small"
        settings = self.settings("small", folder)
        if not (settings.index_dir / "CURRENT").exists():
            (folder / "articles").mkdir(parents=True, exist_ok=True)
            for i in range(self.plan.small_docs):
                shutil.copy2(big_kb.doc_path(i), folder / "articles")
            shutil.copytree(big_settings.index_dir, settings.index_dir, dirs_exist_ok=True)
            summary = build_index(settings, embedder=self.embedder)
            assert summary.embedded == 0, "the small index should reuse the big build's vectors"
        return settings

    def large(self) -> tuple[IndexSettings, synthetic.ClusteredVectorEmbedder]:
        kb = synthetic.SyntheticKB(self.work / "kb-large", self.plan.large_docs, self.plan.sections)
        settings = self.settings("large", kb.folder)
        vectors = synthetic.ClusteredVectorEmbedder(dimension=self.embedder_dimension())
        if not (settings.index_dir / "CURRENT").exists():
            if not kb.folder.exists():
                synthetic.write_kb(kb.folder, kb.documents, kb.sections_per_doc, seed=3)
            summary = build_index(settings, embedder=vectors, full=True)
            self.results["large_build_seconds"] = round(summary.seconds, 1)
        return settings, vectors

    def embedder_dimension(self) -> int:
        return int(self.embedder.encode(["dimension"], kind="query").shape[1])

    # -- sections ----------------------------------------------------------------------------------
    def build(self) -> None:
        rows = self.results.setdefault("build_throughput", [])
        sample = self.sample()
        row = build_speed.measure_build_throughput(sample, self.embedder, self.plan.runs)
        rows.append({"kb": "sample KB", **row})
        kb, settings = self.big(built=False)     # the measured full build makes the index
        row = build_speed.measure_build_throughput(settings, self.embedder, self.plan.big_runs,
                                                   raw_sample=self.plan.raw_sample)
        rows.append({"kb": "synthetic", **row})
        self.notes.append(f"Raw speed for the synthetic KB: a random {row['raw_measured_on']} of its passages, "
                          "encoded in pieces between the full build's embedding batches (that time is "
                          "taken out of the build's), so both sides see the same load.")

    def latency(self) -> None:
        p = self.plan
        n = p.question_rounds * p.questions_per_round
        rows, recalls = [], []
        viewer = Viewer.public()
        from indexer.service import KnowledgeService

        sizes = [("small", self.small(), "model vectors"), ("medium", self.big()[1], "model vectors")]
        large, vectors = self.large()
        sizes.append(("large", large, "synthetic vectors"))
        for seed, (key, settings, kind) in enumerate(sizes, start=101):
            service = KnowledgeService(settings, embedder=self.embedder)
            row = latency.measure_search_latency(service, synthetic.questions(n, seed), p.question_rounds, viewer)
            row.update(latency.measure_ask_latency(service, synthetic.questions(p.questions_per_round, seed + 50),
                                                   viewer))
            row.update({"size": key, "vectors": kind, "target_p95_ms": TARGET_P95_MS.get(key)})
            rows.append(row)
            if key != "small":
                if key == "medium":
                    queries = self.embedder.encode(synthetic.questions(p.recall_queries, 200), kind="query")
                else:
                    queries = vectors.sample_queries(p.recall_queries, seed=201)
                compared = latency.compare_dense(latency.index_vectors(settings.index_dir), queries,
                                                 service.snapshot().allowed_rows(viewer))
                recalls.append({"size": key, "vectors": kind, **compared})
            service.snapshot().close()
        self.results["query_latency"] = rows
        self.results["dense_recall"] = recalls
        large_passages = p.large_docs * p.sections
        self.notes.append(
            f"{report.number(large_passages)} passages: passage vectors are synthetic (clustered, normalised, dimension "
            f"{self.embedder_dimension()}), because embedding them with the model would take hours here; BM25 "
            "runs over the synthetic text and each question is embedded by the real model. Recall there uses "
            "query vectors drawn from the same clusters.")

    def memory(self) -> None:
        rows = [{"label": "sample KB", **startup.measure_memory(self.sample(), self.plan.memory_questions)},
                {"label": "synthetic", "target_mb": TARGET_MEMORY_MB.get("medium"),
                 **startup.measure_memory(self.big()[1], self.plan.memory_questions)},
                {"label": "synthetic vectors",
                 **startup.measure_memory(self.large()[0], self.plan.memory_questions)}]
        self.results["memory"] = rows

    def startup(self) -> None:
        self.results["startup"] = startup.measure_startup(self.sample(), self.plan.runs)

    def slack(self) -> None:
        questions = eval_questions(self.plan.burst)
        self.results["slack"] = slack.measure_slack(self.sample(), questions, self.plan.slack_runs, self.work)

    def generate(self) -> None:
        questions = eval_questions(self.plan.generation_questions)
        self.results["generation"] = generation.measure_generation(self.sample(), self.embedder, questions)
        self.notes.append(f"Generated answers: a local fake OpenAI-compatible endpoint answers after "
                          f"{generation.MODEL_SECONDS * 1000:.0f} ms with a faithful answer quoted from the "
                          "passages it receives, so every check runs; the overhead is the step's time besides "
                          "waiting for the endpoint.")

    def soak(self) -> None:
        """200 events in a minute with a /kb-reindex in the middle, on a copy of the sample KB and index."""
        sample = self.sample()
        settings = self.settings("soak", self.work / "soak-kb")
        if not settings.kb_dir.exists():
            shutil.copytree(sample.kb_dir, settings.kb_dir)
            shutil.copytree(sample.index_dir, settings.index_dir)
        self.results["soak"] = soak.measure_soak(settings, eval_questions(40), self.work,
                                                 self.plan.soak_events, self.plan.soak_seconds)

    def incremental(self) -> None:
        kb, settings = self.big()
        self.results["incremental"] = incremental.measure_incremental(kb, settings, self.embedder,
                                                                      self.plan.incremental_runs)
        # The same at 100k passages (synthetic vectors): how the reindex grows, and what HNSW costs it.
        large, vectors = self.large()
        large_kb = synthetic.SyntheticKB(large.kb_dir, self.plan.large_docs, self.plan.sections)
        self.results["incremental_large"] = incremental.measure_incremental(large_kb, large, vectors,
                                                                            self.plan.incremental_runs)


def one_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {lines[-1][:300] if lines else ''}"


def eval_questions(n: int) -> list[str]:
    """n distinct answerable questions from the eval set, as members wrote them."""
    seen: dict[str, None] = {}
    for line in EVAL_QUESTIONS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if item.get("answerable", True) and item.get("kind") != "event":
                seen.setdefault(item["question"])
    questions = list(seen)[:n]
    if len(questions) < n:
        raise ValueError(f"{EVAL_QUESTIONS} has only {len(questions)} answerable questions, {n} needed")
    return questions


def run(plan: Plan, out_dir: Path, workdir: Path | None = None, only: tuple[str, ...] = SECTIONS,
        keep: bool = False, merge: Path | None = None) -> dict:
    """Measure the `only` sections; with `merge`, the other sections' figures come from that results.json."""
    start = time.perf_counter()
    work = Path(workdir or tempfile.mkdtemp(prefix="vidensbank-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(plan, work)
    header = {"date": now_iso(), "commit": git_commit(), "machine": machine_info(), "model": plan.model,
              "plan": dataclasses.asdict(plan)}
    timings: dict[str, float] = {}
    measured_at = {name: {"date": header["date"], "commit": header["commit"]} for name in only}
    if merge is not None:
        earlier = json.loads(Path(merge).read_text(encoding="utf-8"))
        for name in SECTIONS:
            if name not in only and name in earlier.get("section_seconds", {}):
                for key in RESULT_KEYS[name]:
                    if key in earlier["results"]:
                        bench.results[key] = earlier["results"][key]
                measured_at[name] = earlier.get("measured_at", {}).get(
                    name, {"date": earlier["date"], "commit": earlier["commit"]})
                timings[name] = earlier["section_seconds"][name]
        # Notes travel with the figures they explain; a re-measured section writes its own again.
        bench.notes += [n for n in earlier.get("notes", []) if n != CLOSING_NOTE
                        and not ("build" in only and n.startswith("Raw speed"))
                        and not ("latency" in only and "passage vectors are synthetic" in n)]

    def results() -> dict:
        header["machine"]["load_average_now"] = [round(x, 2) for x in os.getloadavg()]
        return {**header, "notes": list(dict.fromkeys(bench.notes + [CLOSING_NOTE])), "section_seconds": timings,
                "measured_at": measured_at, "results": bench.results, "errors": errors,
                "total_seconds": round(time.perf_counter() - start, 1)}

    errors: dict[str, str] = {}
    try:
        for name in only:
            log.info("measuring %s …", name)
            t = time.perf_counter()
            try:
                getattr(bench, name)()
            except Exception as exc:    # one broken measurement must not lose the others
                log.exception("%s failed", name)
                errors[name] = one_line(exc)
            timings[name] = round(time.perf_counter() - t, 1)
            log.info("%s done in %.0f s", name, timings[name])
            report.write_results(results(), out_dir)     # partial results survive a crash or a kill
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    final = results()
    report.write_results(final, out_dir)
    return final


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="Tiny sizes and the fake embedder (smoke test).")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent, help="Where results.* go.")
    parser.add_argument("--workdir", type=Path, help="Working folder (default: a temporary one).")
    parser.add_argument("--keep", action="store_true", help="Keep the working folder (reuse it next time).")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"Comma-separated subset of {SECTIONS}.")
    parser.add_argument("--merge", type=Path, help="Take the sections not measured now from this results.json.")
    args = parser.parse_args(argv)
    only = tuple(s for s in args.only.split(",") if s)
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}; choose from {SECTIONS}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    import bm25s  # noqa: F401  (it sets its own logger to DEBUG when imported)

    for noisy in ("indexer", "bm25s", "sentence_transformers", "httpx", "httpx2", "openai", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    results = run(QUICK if args.quick else Plan(), args.out, args.workdir, only, args.keep, args.merge)
    print(report.render_markdown(results))


if __name__ == "__main__":
    main()
