"""Builds that die or cannot write lose nothing: the current index keeps answering and the next
build succeeds."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.errors import IndexNotWritable
from indexer.index import manifest as mf
from indexer.index.build import build_index
from indexer.index.keyword import KeywordIndex
from indexer.service import KnowledgeService

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "hvordan foregår genhusning af beboerne?"
WORDS = ("beboere renovering partnerskab udbud målpris tempo afdeling rådgiver entreprenør bygherre "
         "helhedsplan dialog tillid økonomi tidsplan kvalitet læring portefølje").split()


def _answers_from_the_old_index(settings, embedder, build_id):
    service = KnowledgeService(settings, embedder=embedder)
    assert service.snapshot().build_id == build_id
    assert service.ask(QUESTION).citations[0].doc_id == "articles/beboere.md"


def _no_half_builds(index_dir) -> bool:
    return not [p for p in mf.builds_dir(index_dir).iterdir() if p.name.startswith(".tmp")]


def _many_articles(kb_dir: Path, n: int = 400) -> None:
    rng = random.Random(5)
    for i in range(n):
        sections = "\n".join(f"## Afsnit {j}\n\n" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".\n"
                             for j in range(4))
        (kb_dir / "articles" / f"fyld-{i:04d}.md").write_text(
            f'---\ntitle: "Fyldartikel {i}"\n---\n\n{sections}', encoding="utf-8")


def test_a_build_killed_with_sigkill_leaves_the_old_index_and_the_next_build_succeeds(built_index, fake_embedder):
    before = (built_index.index_dir / mf.POINTER).read_text()
    _many_articles(built_index.kb_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIDENSBANK_", "SLACK_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "indexer", "build", "--kb", str(built_index.kb_dir), "--index",
         str(built_index.index_dir), "--model", built_index.model], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    builds = mf.builds_dir(built_index.index_dir)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".tmp-") for p in builds.iterdir()):   # half-written: kill it now
        assert process.poll() is None, "the build finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL
    assert (built_index.index_dir / mf.POINTER).read_text() == before
    _answers_from_the_old_index(built_index, fake_embedder, before.strip())
    summary = build_index(built_index, embedder=fake_embedder, wait=False)   # the lock died with it
    assert len(summary.added) == 400 and _no_half_builds(built_index.index_dir)
    assert KnowledgeService(built_index, embedder=fake_embedder).snapshot().build_id == summary.build_id


def test_a_full_disk_stops_the_build_and_keeps_the_index(built_index, fake_embedder, monkeypatch):
    before = (built_index.index_dir / mf.POINTER).read_text()
    real_save = KeywordIndex.save

    def disk_full(self, folder):
        real_save(self, folder)
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "vocab.index.json"))

    monkeypatch.setattr(KeywordIndex, "save", disk_full)
    with pytest.raises(IndexNotWritable, match=r"\(No space left on device\); the current index is unchanged"):
        build_index(built_index, embedder=fake_embedder, full=True)
    assert (built_index.index_dir / mf.POINTER).read_text() == before and _no_half_builds(built_index.index_dir)
    _answers_from_the_old_index(built_index, fake_embedder, before.strip())
    monkeypatch.setattr(KeywordIndex, "save", real_save)
    assert build_index(built_index, embedder=fake_embedder, full=True).build_id != before.strip()


def test_a_read_only_index_folder_is_one_clear_line(built_index, fake_embedder, monkeypatch):
    before = (built_index.index_dir / mf.POINTER).read_text()

    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr("indexer.index.build.open", read_only, raising=False)
    result = CliRunner().invoke(cli, ["build", "--kb", str(built_index.kb_dir), "--index",
                                      str(built_index.index_dir), "--model", built_index.model])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: Cannot write the index in {built_index.index_dir} (Read-only file "
                                     "system); the current index is unchanged and keeps answering. Free some "
                                     "space or make the folder writable, then build again.")
    _answers_from_the_old_index(built_index, fake_embedder, before.strip())


def test_an_unreadable_knowledge_base_file_is_not_blamed_on_the_index(built_index, fake_embedder, monkeypatch):
    path = built_index.kb_dir / "articles" / "udbud.md"
    real_read = Path.read_bytes

    def denied(self):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(PermissionError):
        build_index(built_index, embedder=fake_embedder)
