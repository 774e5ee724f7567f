"""`python -m indexer anonymise FILE` and `review --show FILE` on lessons inside and outside the knowledge base.

Every person and number here is invented.
"""

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import cli

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ("Referat fra arbejdsgruppen\n\nDeltagere: Bo Sand, Kim Storm\n"
         "Bo: Ring til mig på 23 45 67 89.\nKim: enig. Sagen blev fulgt af Qorvexa i hele perioden.\n")


def run_cli(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    """The CLI as an admin runs it, with its own empty temporary folder to watch."""
    env = {**os.environ, "TMPDIR": str(tmp), "TEMP": str(tmp), "TMP": str(tmp)}
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_anonymise_a_file_outside_the_knowledge_base_writes_nothing_and_shows_no_raw_name(tmp_path):
    draft = tmp_path / "udkast" / "referat.md"
    draft.parent.mkdir()
    draft.write_text(DRAFT, encoding="utf-8")
    watched = tmp_path / "tmp"
    watched.mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    done = run_cli("anonymise", str(draft), "--kb", str(ROOT / "knowledge_base"), tmp=watched)
    assert "Traceback" not in done.stderr
    assert done.returncode == 1 and "would be held back" in done.stderr       # Qorvexa is flagged
    for raw in ("Bo Sand", "Kim Storm", "23 45 67 89", "Bo:", "Kim:"):
        assert raw not in done.stdout
    assert "Person A: Ring til mig på [telefonnummer]." in done.stdout
    assert sorted(p.name for p in tmp_path.rglob("*")) == before            # no copy, no temporary file
    assert not any(watched.iterdir())


def test_anonymise_a_clean_draft_without_front_matter_succeeds(tmp_path):
    draft = tmp_path / "noter.md"
    draft.write_text("Beslutning: Pavillonerne repareres efter stormen.\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["anonymise", str(draft), "--kb", str(ROOT / "knowledge_base")])
    assert done.exit_code == 0, done.output
    assert "Beslutning: Pavillonerne repareres efter stormen." in done.output
    assert "Findings: none" in done.output


def test_review_show_marks_each_flagged_span_with_its_type(tmp_path):
    draft = tmp_path / "referat.md"
    draft.write_text(DRAFT, encoding="utf-8")
    done = CliRunner().invoke(cli, ["review", "--show", str(draft), "--kb", str(ROOT / "knowledge_base")])
    assert done.exit_code == 0, done.output
    assert "⟦Qorvexa⟧[name]" in done.output          # the admin sees what is flagged, and why
    assert "Bo Sand" not in done.output and "[telefonnummer]" in done.output
    assert "5:" in done.output and " name" in done.output     # line 5 of the file


def test_review_show_checks_front_matter_too(tmp_path):
    lesson = tmp_path / "lessons" / "moede.md"
    lesson.parent.mkdir()
    lesson.write_text("---\ntitle: Møde\nmeeting: \"møde hos Bo Sand, tlf. 23 45 67 89\"\naudience: network\n---\n\n"
                      "Tidsplanen holdt.\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["review", "--show", str(lesson), "--kb", str(ROOT / "knowledge_base")])
    assert "meeting: møde hos Person A, tlf. [telefonnummer]" in done.output
    assert "Bo Sand" not in done.output and "23 45 67 89" not in done.output
