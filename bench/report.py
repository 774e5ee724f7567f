"""results.json and results.md: every figure with its target and whether it was met."""

from __future__ import annotations

import json
from pathlib import Path

PASS, FAIL, INFO = "ok", "below target", "–"


def _status(ok: bool | None) -> str:
    return INFO if ok is None else (PASS if ok else FAIL)


def number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")      # 10 000 with a narrow no-break space


def _size(n: int) -> str:
    return f"{number(n)} passages"


def table_rows(results: dict) -> list[dict]:
    """One row per figure: measure, size, value, target, status (also stored in results.json)."""
    r = results["results"]
    rows = []

    def add(measure, size, value, target="", ok=None):
        rows.append({"measure": measure, "size": size, "value": value, "target": target, "status": _status(ok)})

    for b in r.get("build_throughput", []):
        add("Full build vs raw model.encode", f"{b['kb']}, {_size(b['passages'])}",
            f"{b['build_passages_per_s']} vs {b['raw_passages_per_s']} passages/s = **{b['ratio']}×** "
            f"({b['runs']} run(s), raw on {b['raw_measured_on']})", "≥ 0.9×", b["ratio"] >= 0.9)
    for q in r.get("query_latency", []):
        target = q.get("target_p95_ms")
        add("Hybrid search, new question (query embedding included)",
            f"{_size(q['passages'])} ({q['vectors']}, {q['dense_kind']})",
            f"p50 {q['p50_ms']} ms, **p95 {q['p95_ms']} ms**", f"p95 ≤ {target} ms" if target else "",
            q["p95_ms"] <= target if target else None)
    for q in r.get("query_latency", []):
        add("Hybrid search, repeated question (cached embedding)", _size(q["passages"]),
            f"p50 {q['cached_p50_ms']} ms, p95 {q['cached_p95_ms']} ms")
    for q in r.get("query_latency", []):
        add("Whole answer (`ask`), new question", _size(q["passages"]),
            f"p50 {q['ask_p50_ms']} ms, p95 {q['ask_p95_ms']} ms")
    for d in r.get("dense_recall", []):
        filtered = (f"; filtered (public viewer) {d['filtered_recall_at_10']}"
                    if "filtered_recall_at_10" in d else "")
        add("HNSW recall@10 vs exact", f"{_size(d['passages'])} ({d['vectors']})",
            f"{d['recall_at_10']}{filtered}; dense search p50 flat {d['flat_p50_ms']} ms, "
            f"HNSW {d['hnsw_p50_ms']} ms; HNSW build {d['hnsw_build_s']} s")
    for m in r.get("memory", []):
        target = m.get("target_mb")
        add("Peak RSS, service with index and model, answering", f"{m['label']}, {_size(m['passages'])}",
            f"{m['peak_rss_mb']} MB", f"< {target} MB" if target else "",
            m["peak_rss_mb"] < target if target else None)
    if "startup" in r:
        s = r["startup"]
        add("Start-up: process start → first answer", f"sample KB, {_size(s['passages'])}",
            f"{s['seconds']} s (max {s['max_seconds']} s, {s['runs']} runs)", "≤ 10 s", s["seconds"] <= 10)
    if "slack" in r:
        a, b = r["slack"]["ack_while_loading"], r["slack"]["burst"]
        if a.get("todo"):
            add("Slack ack while the model loads", "", f"TODO: {a['todo']}", "< 3000 ms")
        else:
            add("Slack ack while the model loads (HTTP, signed /spørg)", "sample KB",
                f"worst {a['worst_ack_ms']} ms over {a['requests_while_loading']} requests; listening after "
                f"{a['listening_s']} s, ready after {a['ready_s']} s",
                "< 3000 ms", a["worst_ack_ms"] < 3000 and a["all_acked_200"] and a["answered_after_loading"])
            add(f"{b['questions']} concurrent @-mentions (HTTP → fake Slack API)", "sample KB",
                f"answered once: {b['answered_once']}, apologies {b['apologies']}, deliveries refused "
                f"(then retried) {b['refused_first_delivery']}; time to answer p50 {b['answer_p50_s']} s, "
                f"**p95 {b['answer_p95_s']} s**",
                "all acked and answered once",
                b["answered_once"] and b["apologies"] == 0 and b["refused_first_delivery"] == 0)
    if "generation" in r:
        g = r["generation"]
        add("Generated answer: overhead besides the endpoint (passages, prompt, checks)",
            f"sample KB, {_size(g['passages'])}, {g['questions']} questions",
            f"p50 {g['overhead_p50_ms']} ms, **p95 {g['overhead_p95_ms']} ms**; "
            f"{g['generated_share']:.0%} passed the checks", f"p95 ≤ {g['target_overhead_p95_ms']} ms",
            g["overhead_p95_ms"] <= g["target_overhead_p95_ms"])
        add("Whole answer with generation (fake endpoint)", f"model time {g['model_ms']} ms",
            f"p50 {g['generated_p50_ms']} ms, p95 {g['generated_p95_ms']} ms (extractive p50 "
            f"{g['extractive_p50_ms']} ms, p95 {g['extractive_p95_ms']} ms; endpoint call as the client sees it "
            f"p50 {g['call_p50_ms']} ms, p95 {g['call_p95_ms']} ms)")
    if "incremental" in r:
        i = r["incremental"]
        add(f"Incremental reindex, 1 changed document of {number(i['documents'])}", _size(i["passages"]),
            f"{i['seconds']} s (max {i['max_seconds']} s), {i['embedded_per_run']} passages embedded",
            "≤ 3 s", i["seconds"] <= 3)
        add("Metadata-only change (front matter)", _size(i["passages"]),
            f"{i['metadata_only_embedded']} passages embedded, {i['metadata_only_seconds']} s",
            "0 embedded", i["metadata_only_embedded"] == 0)
    if "incremental_large" in r:
        i = r["incremental_large"]
        add(f"Incremental reindex, 1 changed document of {number(i['documents'])}",
            f"{_size(i['passages'])} (synthetic vectors, {i['dense_kind']})",
            f"{i['seconds']} s (max {i['max_seconds']} s), {i['embedded_per_run']} passages embedded", "", None)
    if "soak" in r:
        k = r["soak"]
        add(f"Soak: {k['events']} events in {k['seconds']:.0f} s with a /kb-reindex midway (HTTP → fake Slack API)",
            "sample KB",
            f"answered once: {k['answered_once']} ({k['answered']}/{k['events']}, {k['duplicates_sent']} retries "
            f"ignored), acked {k['acked_200']}/{k['deliveries']}, apologies {k['apologies']}, log errors "
            f"{k['log_errors']}, reindex ok: {k['reindex_ok']}; answer p50 {k['answer_p50_s']} s, p95 "
            f"{k['answer_p95_s']} s; **RSS +{k['rss_growth_mb']} MB** ({k['rss_start_mb']} → {k['rss_end_mb']} MB)",
            f"every event answered once, 0 errors, RSS growth < {k['rss_limit_mb']} MB",
            k["answered_once"] and k["apologies"] == 0 and k["log_errors"] == 0 and k["reindex_ok"]
            and k["acked_200"] == k["deliveries"] and k["rss_growth_mb"] < k["rss_limit_mb"])
    for section, error in results.get("errors", {}).items():
        rows.append({"measure": f"`{section}` measurements", "size": "", "value": f"failed: {error}",
                     "target": "", "status": "failed"})
    return rows


def write_results(results: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    results["table"] = table_rows(results)
    json_path = out_dir / "results.json"
    json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path = out_dir / "results.md"
    md_path.write_text(render_markdown(results), encoding="utf-8")
    return json_path, md_path


def render_markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Vidensbanken benchmark (`make bench`)",
        "",
        f"{results['date']} · commit `{results['commit']}` · {m['cores']} cores, {m['cpu_model']}, "
        f"{m['memory_gib']} GiB · Python {m['python']}, torch {m.get('torch', '?')}, faiss {m['faiss']} · "
        f"model `{results['model']}` · load average (1/5/15 min) at start {m['load_average_at_start']}, "
        f"at end {m.get('load_average_now')} · "
        f"{results['total_seconds']:.0f} s in all",
        "",
        "| Measure | Size | Result | Target | Status |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in results["table"]:
        lines.append(f"| {row['measure']} | {row['size']} | {row['value']} | {row['target']} | {row['status']} |")
    dates = {(v["date"], v["commit"]) for v in results.get("measured_at", {}).values()}
    if len(dates) > 1:
        lines += ["", "Measured in more than one run: " + "; ".join(
            f"{name} at {v['date']} (`{v['commit']}`)" for name, v in results["measured_at"].items()) + "."]
    if results.get("notes"):
        lines += ["", "Notes:", ""] + [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"
