"""What a generated answer adds to the time of an answer, against the local fake endpoint.

The fake answers after a fixed delay (standing in for the model's own time) with a faithful answer
quoted from the passages it receives, so every check runs in full. Measured per question: the
endpoint call as the client sees it, and the overhead – everything the step does besides waiting for
the endpoint (choosing passages, the prompt, the checks, renumbering) – whose p95 should stay within
5 ms. The whole answer with and without generation is timed too.
"""

from __future__ import annotations

import dataclasses
import time

from bench.measure import ms, percentile
from indexer.config import IndexSettings, LLMSettings
from indexer.parameters import ConfidenceModel
from indexer.search.generate.sources import top_sources
from indexer.service import KnowledgeService
from tests.fake_llm import MODEL, FakeLLM, first_sentences

MODEL_SECONDS = 0.05
TARGET_OVERHEAD_P95_MS = 5


def measure_generation(settings: IndexSettings, embedder, questions: list[str], k: int = 5) -> dict:
    fake = FakeLLM().start()
    fake.say(first_sentences, delay=MODEL_SECONDS)
    try:
        llm = LLMSettings(url=fake.base_url, model=MODEL, timeout=10)
        # Every answer counts as confident here, so every question is generated.
        service = KnowledgeService(dataclasses.replace(settings, llm=llm), embedder=embedder,
                                   confidence=ConfidenceModel(threshold=0.0))
        service.warm_up()
        service.ask(questions[0])                       # the client's connection pool, first-use costs
        snap = service.snapshot()
        overhead, calls, plain, whole, generated = [], [], [], [], 0
        for question in questions:
            start = time.perf_counter()
            answer = service.ask(question, k=k, generate=False)
            plain.append(time.perf_counter() - start)
            sources = top_sources(service.search(question, k=max(k, 5), snapshot=snap), snap, k, answer)
            attempt = service.writer.attempt(answer, sources)
            overhead.append(attempt.seconds - attempt.call_seconds)
            calls.append(attempt.call_seconds)
            generated += attempt.answer.generated
            start = time.perf_counter()
            service.ask(question, k=k)
            whole.append(time.perf_counter() - start)
        snap.close()
    finally:
        fake.stop()
    return {
        "questions": len(questions), "passages": snap.size, "model_ms": ms(MODEL_SECONDS),
        "generated_share": round(generated / len(questions), 3),
        "overhead_p50_ms": ms(percentile(overhead, 50)), "overhead_p95_ms": ms(percentile(overhead, 95)),
        "call_p50_ms": ms(percentile(calls, 50)), "call_p95_ms": ms(percentile(calls, 95)),
        "extractive_p50_ms": ms(percentile(plain, 50)), "extractive_p95_ms": ms(percentile(plain, 95)),
        "generated_p50_ms": ms(percentile(whole, 50)), "generated_p95_ms": ms(percentile(whole, 95)),
        "target_overhead_p95_ms": TARGET_OVERHEAD_P95_MS,
    }
