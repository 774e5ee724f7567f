"""`python -m indexer`: fast help, clear one-line errors, build/status/validate/review/anonymise."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_help_never_imports_torch():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom indexer.cli import cli\n"
            "for a in ([], ['build'], ['status'], ['validate'], ['review'], ['anonymise'], ['add'], ['stats']):\n"
            "    assert CliRunner().invoke(cli, [*a, '--help']).exit_code == 0, a\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'sentence_transformers', 'faiss')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_build_then_status_then_if_stale(kb_dir, tmp_path):
    index = tmp_path / "ix"
    args = ["--kb", str(kb_dir), "--index", str(index), "--model", "fake:hashing"]
    result = invoke("build", *args)
    assert result.exit_code == 0
    assert "Documents: 4 added, 0 changed, 0 removed, 0 unchanged." in result.output
    status = invoke("status", *args, "--json")
    data = json.loads(status.output)
    assert data["model"] == "fake:hashing" and data["counts"]["articles"] == 3 and data["stale"] is False
    assert data["counts"]["events"] == 1
    again = invoke("build", *args, "--if-stale")
    assert again.output.startswith("Index is up to date")


def test_status_without_index_says_how_to_build(kb_dir, tmp_path):
    result = invoke("status", "--kb", str(kb_dir), "--index", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: No index found in {tmp_path / 'none'}. Build it with: "
                                     f"python -m indexer build --index {tmp_path / 'none'}  (or: make index)")


def test_invalid_article_is_one_line_with_file_and_line(kb_dir, tmp_path):
    (kb_dir / "articles" / "broken.md").write_text("---\ntitle: [ups\n---\nTekst\n", encoding="utf-8")
    for command in ("validate", "build"):
        result = invoke(command, "--kb", str(kb_dir), "--index", str(tmp_path / "ix"), "--model", "fake:hashing")
        assert result.exit_code == 1
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "broken.md:3: invalid YAML in front matter" in errors[0]
        assert "Traceback" not in result.output


def test_validate_reports_counts(kb_dir):
    result = invoke("validate", "--kb", str(kb_dir))
    assert result.exit_code == 0
    assert "4 documents OK (3 articles, 1 lessons)." in result.output
    assert "events.yaml OK (1 events)." in result.output


def test_invalid_events_file_is_named_by_validate(kb_dir):
    (kb_dir / "events.yaml").write_text("events:\n  - id: x\n    title: T\n    kind: fest\n", encoding="utf-8")
    result = invoke("validate", "--kb", str(kb_dir))
    assert result.exit_code == 1
    assert "events.yaml" in result.output and "kind" in result.output


def test_anonymise_prints_text_and_report_without_names(kb_dir):
    result = invoke("anonymise", "--kb", str(kb_dir), str(kb_dir / "lessons" / "udbud-dialog.md"))
    assert result.exit_code == 0
    assert "Sune" not in result.output and "Bakkegaard" not in result.output and "KAB" not in result.output
    assert "projektlederen" in result.output
    assert "Replaced:" in result.output


def test_review_lists_held_back_lessons_without_values(kb_dir, tmp_path):
    (kb_dir / "lessons" / "tvivl.md").write_text(
        "---\ntitle: Tvivlsom\nmeeting: udviklingsmøde maj 2021\naudience: network\n---\n\n## Referat\n\n"
        "Vi talte med Qwertzuiop om tidsplanen.\n", encoding="utf-8")
    args = ["--kb", str(kb_dir), "--index", str(tmp_path / "ix"), "--model", "fake:hashing"]
    built = invoke("build", *args)
    assert "Lessons held back for review (not indexed): 1" in built.output
    assert "lessons/tvivl.md:9:14 possible name" in built.output
    result = invoke("review", *args)
    assert result.exit_code == 0
    assert "lessons/tvivl.md:9:14 possible name" in result.output
    assert "Qwertzuiop" not in built.output + result.output
    status = json.loads(invoke("status", *args, "--json").output)
    assert status["review_count"] == 1 and status["counts"]["lessons"] == 1


def test_validate_reports_every_problem_in_one_run(kb_dir):
    articles = kb_dir / "articles"
    (articles / "uden-titel.md").write_text("---\ndate: 2027-01-01\n---\n\nTekst.\n", encoding="utf-8")
    (articles / "ugyldig.md").write_text("---\ntitle: [\n---\n\nTekst.\n", encoding="utf-8")
    (articles / "kopi.md").write_text((articles / "udbud.md").read_text(encoding="utf-8"), encoding="utf-8")
    (kb_dir / "events.yaml").write_text("events:\n  - {id: x, title: T, kind: fest}\n  - {id: y, kind: salon}\n",
                                        encoding="utf-8")
    (kb_dir / "synonyms.yaml").write_text("groups: 7\n", encoding="utf-8")
    result = invoke("validate", "--kb", str(kb_dir))
    assert result.exit_code == 1
    assert "5 problem(s) found:" in result.output
    for expected in ("uden-titel.md:2: front matter has no 'title'", "ugyldig.md:3: invalid YAML",
                     "udbud.md: title 'Udbud af et strategisk partnerskab' is also used by",
                     "event 'x': field 'kind' is 'fest'", "synonyms.yaml"):
        assert expected in result.output, expected
    assert "5 documents OK" in result.output and "directory.yaml OK" in result.output
    assert "Traceback" not in result.output
