"""`make bench` at tiny sizes with the fake embedder, so the benchmark code cannot rot unnoticed.

No timing is asserted: only that every measurement runs and the results files have their shape.
"""

import json

from bench.run import QUICK, SECTIONS, run


def test_every_measurement_runs_and_the_results_files_have_their_shape(tmp_path):
    results = run(QUICK, out_dir=tmp_path / "out", workdir=tmp_path / "work")

    saved = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert saved["errors"] == {}
    assert saved["model"] == "fake:hashing"
    assert {"cores", "cpu_model", "load_average_at_start"} <= set(saved["machine"])
    assert saved["date"] and saved["commit"]
    assert set(saved["section_seconds"]) == set(SECTIONS)
    r = saved["results"]
    assert [b["kb"] for b in r["build_throughput"]] == ["sample KB", "synthetic"]
    assert all(b["ratio"] > 0 and b["passages"] > 0 for b in r["build_throughput"])
    assert [q["size"] for q in r["query_latency"]] == ["small", "medium", "large"]
    assert all({"p50_ms", "p95_ms", "cached_p95_ms", "ask_p95_ms"} <= set(q) for q in r["query_latency"])
    assert all(0 <= d["recall_at_10"] <= 1 for d in r["dense_recall"])
    assert len(r["memory"]) == 3 and all(m["peak_rss_mb"] > 0 for m in r["memory"])
    assert r["startup"]["seconds"] > 0
    burst = r["slack"]["burst"]
    assert burst["answered_once"] and burst["apologies"] == 0
    assert r["slack"]["ack_while_loading"]["all_acked_200"]
    assert r["incremental"]["embedded_per_run"] > 0
    assert r["incremental"]["metadata_only_embedded"] == 0
    generation = r["generation"]
    assert generation["questions"] == QUICK.generation_questions and generation["generated_share"] == 1.0
    assert 0 < generation["overhead_p95_ms"] < generation["call_p95_ms"]
    large = r["incremental_large"]
    assert large["passages"] > r["incremental"]["passages"] and large["embedded_per_run"] > 0
    soak = r["soak"]
    assert soak["events"] == QUICK.soak_events and soak["answered_once"] and soak["reindex_ok"]
    assert soak["apologies"] == 0 and soak["log_errors"] == 0 and soak["acked_200"] == soak["deliveries"]

    table = (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
    assert table.startswith("# Vidensbanken benchmark")
    assert "| Measure | Size | Result | Target | Status |" in table
    assert all(f"| {row['measure']} |" in table for row in saved["table"])
    assert results["table"] == saved["table"]
