"""VIDENSBANK_REVIEW_LESSONS=all: every lesson waits for an admin's approval of its version.

The lessons here are invented and name no one.
"""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from click.testing import CliRunner

from indexer.cli import cli
from indexer.config import IndexSettings, InvalidIndexSetting
from indexer.index.build import build_index, plan_is_stale
from indexer.index.status import index_status, review_list
from indexer.knowledge.review_decisions import load_decisions
from indexer.knowledge.validation import validate_knowledge_base
from indexer.reviews import ReviewError, decide_review, review_lesson
from indexer.service import KnowledgeService

CLEAN = ("---\ntitle: \"Affald på byggepladsen\"\nmeeting: \"udviklingsmøde marts 2021\"\naudience: network\n"
         "---\n\n## Referat\n\nSortering af byggeaffald i seks fraktioner sparede containerleje, fordi "
         "gipsplader og trykimprægneret træ blev hentet hver fredag.\n")
DOUBT = ("---\ntitle: \"Tvivl om stilladser\"\nmeeting: \"udviklingsmøde maj 2021\"\naudience: network\n---\n\n"
         "## Referat\n\nStilladset blev aftalt med Qwertzuiop, som kendte facadens svage murværk.\n")
CLEAN_ID, DOUBT_ID = "lessons/affald.md", "lessons/tvivl.md"
QUESTION = "sortering af byggeaffald i fraktioner og containerleje"


@pytest.fixture
def all_mode(index_settings):
    (index_settings.kb_dir / "lessons" / "affald.md").write_text(CLEAN, encoding="utf-8")
    return dataclasses.replace(index_settings, review_lessons="all")


def _cited(settings, embedder) -> set[str]:
    answer = KnowledgeService(settings, embedder=embedder).ask(QUESTION, _network())
    return {c.doc_id for c in answer.citations}


def _network():
    from indexer.audience import Viewer

    return Viewer.parse("network")


def _approve(settings, doc_id=CLEAN_ID, choices=None):
    review = review_lesson(settings, doc_id)
    return decide_review(settings, doc_id, review.content_hash, choices or {}, by="UADMIN", approve=True)


@pytest.mark.parametrize("value, mode", [(None, "flagged"), ("", "flagged"), (" ", "flagged"),
                                         ("flagged", "flagged"), ("all", "all"), ("ALL", "all")])
def test_the_setting_is_flagged_unless_set_to_all(value, mode):
    env = {} if value is None else {"VIDENSBANK_REVIEW_LESSONS": value}
    assert IndexSettings.from_env(env=env).review_lessons == mode


def test_a_bad_setting_is_one_clear_line_naming_the_variable(kb_dir, tmp_path):
    with pytest.raises(InvalidIndexSetting, match="VIDENSBANK_REVIEW_LESSONS must be 'flagged'.*not 'alle'"):
        IndexSettings.from_env(env={"VIDENSBANK_REVIEW_LESSONS": "alle"})
    done = CliRunner().invoke(cli, ["status", "--kb", str(kb_dir), "--index", str(tmp_path / "ix")],
                              env={"VIDENSBANK_REVIEW_LESSONS": "alle"})
    assert done.exit_code == 1 and "Traceback" not in done.output
    [line] = done.output.strip().splitlines()
    assert line.startswith("Error: VIDENSBANK_REVIEW_LESSONS must be 'flagged'") and "'alle'" in line


def test_with_all_a_clean_lesson_is_held_until_approved_then_answered(all_mode, fake_embedder):
    summary = build_index(all_mode, embedder=fake_embedder)
    waiting = {r["doc_id"] for r in summary.held_back if r["kind"] == "approval"}
    assert CLEAN_ID in waiting and "lessons/udbud-dialog.md" in waiting     # every lesson, clean or not
    assert CLEAN_ID not in _cited(all_mode, fake_embedder)
    assert index_status(all_mode)["awaiting_approval"] == 2
    _approve(all_mode)
    assert plan_is_stale(all_mode)                     # the approval is an input of the lesson
    build_index(all_mode, embedder=fake_embedder)
    assert CLEAN_ID in _cited(all_mode, fake_embedder)
    assert {r["doc_id"] for r in review_list(all_mode)} == {"lessons/udbud-dialog.md"}
    [approval] = [d for d in load_decisions(all_mode.kb_dir) if d.lesson == CLEAN_ID]
    assert (approval.decision, approval.offset, approval.length, approval.by) == ("approve", -1, 0, "UADMIN")


def test_a_changed_file_needs_a_new_approval(all_mode, fake_embedder):
    _approve(all_mode)
    build_index(all_mode, embedder=fake_embedder)
    assert CLEAN_ID in _cited(all_mode, fake_embedder)
    path = all_mode.kb_dir / CLEAN_ID
    path.write_text(path.read_text(encoding="utf-8") + "\nTrykimprægneret træ skal altid i egen container.\n",
                    encoding="utf-8")
    summary = build_index(all_mode, embedder=fake_embedder)
    assert CLEAN_ID in {r["doc_id"] for r in summary.held_back if r["kind"] == "approval"}
    assert CLEAN_ID not in _cited(all_mode, fake_embedder)
    assert review_lesson(all_mode, CLEAN_ID).awaiting_approval


def test_switching_the_setting_gates_every_lesson_again_on_the_next_build(all_mode, fake_embedder):
    flagged = dataclasses.replace(all_mode, review_lessons="flagged")
    assert build_index(flagged, embedder=fake_embedder).held_back == []     # as before: nothing flagged
    assert CLEAN_ID in _cited(flagged, fake_embedder)
    assert plan_is_stale(all_mode) and not plan_is_stale(flagged)
    summary = build_index(all_mode, embedder=fake_embedder)                  # incremental, not --full
    assert CLEAN_ID in summary.changed and CLEAN_ID not in _cited(all_mode, fake_embedder)
    summary = build_index(flagged, embedder=fake_embedder)
    assert summary.held_back == [] and CLEAN_ID in _cited(flagged, fake_embedder)


def test_approving_a_lesson_with_flagged_spans_needs_every_span_decided(all_mode, fake_embedder):
    (all_mode.kb_dir / DOUBT_ID).write_text(DOUBT, encoding="utf-8")
    review = review_lesson(all_mode, DOUBT_ID)
    [span] = review.spans
    with pytest.raises(ReviewError) as undecided:
        _approve(all_mode, DOUBT_ID)
    assert undecided.value.reason == "undecided" and load_decisions(all_mode.kb_dir) == []
    with pytest.raises(ReviewError, match="undecided|decide each"):
        _approve(all_mode, DOUBT_ID, {span.offset: "hold"})
    _approve(all_mode, DOUBT_ID, {span.offset: "replace"})
    build_index(all_mode, embedder=fake_embedder)
    passages = KnowledgeService(all_mode, embedder=fake_embedder).snapshot().passages_of(DOUBT_ID)
    assert passages and not any("Qwertzuiop" in p["text"] for p in passages)


def test_flagged_mode_needs_no_approval_and_refuses_one(all_mode, fake_embedder):
    flagged = dataclasses.replace(all_mode, review_lessons="flagged")
    with pytest.raises(ReviewError) as refused:
        _approve(flagged)
    assert refused.value.reason == "not_needed"
    (all_mode.kb_dir / DOUBT_ID).write_text(DOUBT, encoding="utf-8")
    summary = build_index(flagged, embedder=fake_embedder)
    assert {r["doc_id"] for r in summary.held_back} == {DOUBT_ID}
    assert {r["kind"] for r in summary.held_back} == {"name"}


def test_review_yaml_with_an_approval_loads_and_validates_and_a_bad_one_is_named(all_mode):
    _approve(all_mode)
    report = validate_knowledge_base(all_mode.kb_dir)
    assert report.problems == [] and any("review.yaml OK (1 review decisions)" in line for line in report.lines)
    path = all_mode.kb_dir / "review.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["decisions"][0]["offset"] = 12
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    [problem] = validate_knowledge_base(all_mode.kb_dir).problems
    assert "decision 1: 'approve' is about the whole lesson" in problem


def _invoke(settings, *args, env_mode="all"):
    return CliRunner().invoke(cli, [*args, "--kb", str(settings.kb_dir), "--index", str(settings.index_dir),
                                    "--model", "fake:hashing"],
                              env={"VIDENSBANK_REVIEW_LESSONS": env_mode}, catch_exceptions=False)


def test_the_cli_lists_the_reason_and_approves_with_a_rebuild(all_mode):
    assert _invoke(all_mode, "build").exit_code == 0
    listed = _invoke(all_mode, "review")
    assert f"{CLEAN_ID}: waiting for approval" in listed.output
    assert "waiting for approval" in _invoke(all_mode, "status").output
    assert "waiting for an admin's approval" in _invoke(all_mode, "review", "--show",
                                                     str(all_mode.kb_dir / CLEAN_ID)).output
    refused = CliRunner().invoke(cli, ["review", "--approve", str(all_mode.kb_dir / CLEAN_ID), "--kb",
                                       str(all_mode.kb_dir), "--index", str(all_mode.index_dir),
                                       "--model", "fake:hashing"], input="n\n",
                                 env={"VIDENSBANK_REVIEW_LESSONS": "all"})
    assert refused.exit_code == 1 and "nothing was approved" in refused.output
    assert "Sortering af byggeaffald" in refused.output          # the admin saw the text first
    approved = _invoke(all_mode, "review", "--approve", str(all_mode.kb_dir / CLEAN_ID), "--yes")
    assert approved.exit_code == 0, approved.output
    assert f"Approved {CLEAN_ID}" in approved.output and "Documents:" in approved.output
    assert CLEAN_ID not in _invoke(all_mode, "review").output
    assert CLEAN_ID in {d.lesson for d in load_decisions(all_mode.kb_dir) if d.by == "cli"}


def test_the_cli_refuses_an_approval_that_is_not_needed_or_not_complete(all_mode):
    (all_mode.kb_dir / DOUBT_ID).write_text(DOUBT, encoding="utf-8")
    flagged = _invoke(all_mode, "review", "--approve", str(all_mode.kb_dir / CLEAN_ID), "--yes",
                      env_mode="flagged")
    assert flagged.exit_code == 1 and "lessons need no approval" in flagged.output
    spans = _invoke(all_mode, "review", "--approve", str(all_mode.kb_dir / DOUBT_ID), "--yes")
    assert spans.exit_code == 1 and "still has 1 flagged span(s)" in spans.output
    assert "Qwertzuiop" not in spans.output and load_decisions(all_mode.kb_dir) == []
