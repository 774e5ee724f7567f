"""`make eval`'s generated-vs-extractive comparison, on a tiny invented question file and the fake endpoint."""

from __future__ import annotations

import dataclasses
import json

import pytest

from indexer.config import LLMSettings
from indexer.parameters import ConfidenceModel
from indexer.service import KnowledgeService
from tests.conftest import FIXED_NOW
from tests.eval.evaluation import load_questions
from tests.eval.generation import compare, load_nuggets, nugget_found, report
from tests.eval.generation_checks import load, verdict
from tests.eval.generation_checks import report as checks_report
from tests.fake_llm import GENHUSNING, MODEL, payload_of

KRITERIER = "hvor meget vægter kompetencer og økonomi i tildelingskriterierne?"
MODER = "hvordan holdes beboermøderne?"
RECORDS = [
    {"id": "g1", "question": GENHUSNING, "expected": ["articles/beboere.md"],
     "nuggets": ["genhusningskoordinator hjælper familierne", "flytning og opbevaring",
                 "beboere genhuses i en periode"]},
    {"id": "g2", "question": KRITERIER, "expected": ["articles/udbud.md"],
     "nuggets": ["kompetencer og organisering vægter 60 procent"]},
    {"id": "g3", "question": MODER, "expected": ["articles/beboere.md"]},
]
REPLIES = {
    GENHUSNING: "Nogle beboere genhuses i en periode [1]. Familierne får hjælp af en fast "
                "genhusningskoordinator til flytning og opbevaring [1].",
    KRITERIER: "Kompetencer og organisering vægter 70 procent [1].",                 # a wrong number
    MODER: "Resident meetings explain the renovation, the schedule and the rent [1].",  # not Danish
}


@pytest.fixture
def questions_file(tmp_path):
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def service(built_index, fake_embedder, fake_llm):
    fake_llm.say(lambda request: REPLIES[payload_of(request)["spørgsmål"]])
    llm = LLMSettings(url=fake_llm.base_url, model=MODEL, timeout=3)
    return KnowledgeService(dataclasses.replace(built_index, llm=llm), embedder=fake_embedder,
                            clock=lambda: FIXED_NOW, confidence=ConfidenceModel(threshold=0.0))


def test_generated_and_extractive_side_by_side(service, questions_file):
    questions, nuggets = load_questions(questions_file), load_nuggets(questions_file)
    assert set(nuggets) == {"g1", "g2"}
    extractive, generated = compare(service, questions, nuggets)
    assert (generated.answers, generated.generated, generated.grounding_failures) == (3, 1, 2)
    assert dict(generated.fallbacks) == {"ungrounded_fact": 1, "not_danish": 1}
    assert (extractive.generated, extractive.grounding_failures, dict(extractive.fallbacks)) == (0, 0, {})
    # g1: the model states all three nuggets, the quoted sentences two; g2 fell back to the quote.
    assert generated.nugget_recall == "1.00" and extractive.nugget_recall == "0.83"


def test_the_report_prints_both_rows_and_the_reasons(service, questions_file):
    lines = report(service, load_questions(questions_file), service.settings.llm, load_nuggets(questions_file))
    text = "\n".join(lines)
    assert "| extractive | 0.00 | 0.00 | 0.83 | – |" in text
    assert "| generated | 0.33 | 0.67 | 1.00 | ungrounded_fact 1, not_danish 1 |" in text or \
           "| generated | 0.33 | 0.67 | 1.00 | not_danish 1, ungrounded_fact 1 |" in text


def test_without_an_endpoint_the_comparison_is_skipped(knowledge_service, questions_file):
    lines = report(knowledge_service, load_questions(questions_file), LLMSettings())
    assert any("skipped" in line for line in lines)


def test_a_nugget_needs_its_words_and_its_numbers():
    assert nugget_found("vægter 60 procent", "Kompetencer vægter typisk 60 procent [1].")
    assert not nugget_found("vægter 60 procent", "Kompetencer vægter typisk 70 procent [1].")
    assert not nugget_found("beboere genhuses i en periode", "En koordinator hjælper beboerne [1].")


def test_the_checks_tell_faithful_from_flawed_hand_written_answers():
    """A floor, not the figure: make eval prints the figures per half (README)."""
    items = load()
    faithful = [verdict(i) == "ok" for i in items if i["faithful"]]
    caught = [verdict(i) != "ok" for i in items if not i["faithful"]]
    assert sum(faithful) / len(faithful) >= 0.9 and sum(caught) / len(caught) >= 0.9
    text = "\n".join(checks_report(items))
    assert "| sealed |" in text and "| tune |" in text
