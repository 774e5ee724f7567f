"""The evaluation question files are consistent with their knowledge bases, and calibration reads
only tuning questions. Cheap: the articles are parsed, nothing is indexed or searched."""

from __future__ import annotations

import re
from functools import cache

import pytest

from indexer.knowledge.documents import load_knowledge_base
from indexer.language.words import analyse
from tests.eval import calibrate
from tests.eval.answer_quality import states
from tests.eval.evaluation import (CORPORA, EVENTS_DOC, SEALED3, SEALED4, SPLIT_LABELS, TUNE, load_questions,
                                   viewer_for)
from tests.eval.side_by_side import columns

KINDS = {"factoid", "paraphrase", "keyword", "typo", "compound", "loanword", "abbreviation", "follow-up",
         "unanswerable"}
# Written blind under the strict rule (every nugget copied verbatim from its article), each corpus all
# of one sealed split that is run once and never tuned on.
BLIND = {"construction": SEALED3, "residents": SEALED4}
_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def documents(name: str) -> dict:
    return {d.doc_id: d for d in load_knowledge_base(CORPORA[name].kb_dir).documents}


@cache
def stems_and_words(name: str, doc_id: str) -> tuple[set[str], set[str]]:
    text = documents(name)[doc_id].body
    return set(analyse(text)), set(_WORD.findall(text.lower()))


@pytest.mark.parametrize("name", list(CORPORA))
def test_every_question_has_a_known_split_kind_and_unique_id(name):
    questions = load_questions(CORPORA[name].questions)
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    assert {q.split for q in questions} <= set(SPLIT_LABELS)
    assert {q.kind for q in questions} <= KINDS
    for q in questions:
        assert q.answerable == bool(q.expected), q.id
        assert q.answerable or not q.nuggets, q.id
        assert q.kind != "follow-up" or q.context, q.id


@pytest.mark.parametrize("name", list(CORPORA))
def test_every_expected_article_exists_and_the_asker_may_see_it(name):
    docs = documents(name)
    for q in load_questions(CORPORA[name].questions):
        for doc_id in q.expected:
            if doc_id == EVENTS_DOC:
                assert (CORPORA[name].kb_dir / EVENTS_DOC).is_file(), q.id
                continue
            assert doc_id in docs, f"{q.id}: {doc_id} is not in {CORPORA[name].kb_dir}"
            assert viewer_for(q).allows(docs[doc_id].audience), f"{q.id}: may not see {doc_id}"


@pytest.mark.parametrize("name", list(CORPORA))
def test_every_nugget_is_stated_by_an_expected_article(name):
    """By the rule answers are scored with: a nugget no expected article states could never be found."""
    for q in load_questions(CORPORA[name].questions):
        for nugget in q.nuggets:
            articles = [stems_and_words(name, d) for d in q.expected if d != EVENTS_DOC]
            assert any(states(stems, nugget, words) for stems, words in articles), f"{q.id}: {nugget!r}"


@pytest.mark.parametrize("name", list(BLIND))
def test_the_blind_corpus_nuggets_are_verbatim_and_every_answerable_question_has_one_to_three(name):
    docs = documents(name)
    for q in load_questions(CORPORA[name].questions):
        if q.answerable:
            assert 1 <= len(q.nuggets) <= 3, q.id
        for nugget in q.nuggets:
            assert any(nugget in docs[d].body for d in q.expected), f"{q.id}: {nugget!r}"


@pytest.mark.parametrize("blind", list(BLIND))
def test_each_blind_split_is_its_blind_corpus_and_all_of_it(blind):
    split = BLIND[blind]
    for name, corpus in CORPORA.items():
        splits = {q.split for q in load_questions(corpus.questions)}
        assert (splits == {split}) if name == blind else (split not in splits), name


@pytest.mark.parametrize("name", list(BLIND))
def test_a_blind_corpus_has_answerable_and_unanswerable_questions_and_asks_for_its_restricted_articles(name):
    """About seven in ten answerable, and the network and partnership articles asked for by their readers."""
    questions = load_questions(CORPORA[name].questions)
    answerable = sum(q.answerable for q in questions) / len(questions)
    assert 0.6 <= answerable <= 0.8, answerable
    restricted = {d for d, doc in documents(name).items() if doc.audience != "public"}
    asked = {d for q in questions for d in q.expected}
    assert restricted and restricted <= asked
    assert any(q.audience and q.audience.startswith("partnership:") and q.expected for q in questions)


def test_calibration_is_given_only_tuning_questions_and_never_a_blind_corpus():
    given = calibrate.tuning_questions()
    assert not set(BLIND) & set(given)
    assert {"main", "operations"} <= set(given)
    for name, questions in given.items():
        assert {q.split for q in questions} == {TUNE}
        assert len(questions) == sum(q.split == TUNE for q in load_questions(CORPORA[name].questions))


def test_calibration_searches_only_tuning_questions_even_when_handed_every_question(monkeypatch):
    searched = []
    monkeypatch.setattr(calibrate, "run_method", lambda service, questions, params: searched.extend(questions) or [])
    pairs = [(None, load_questions(corpus.questions)) for corpus in CORPORA.values()]
    calibrate.tuning_outcomes(pairs, None)
    assert searched and {q.split for q in searched} == {TUNE}
    assert not {q.id for q in searched} & {q.id for name in BLIND for q in load_questions(CORPORA[name].questions)}


def test_the_side_by_side_table_has_a_column_only_where_a_corpus_has_questions():
    labels = [label for label, _, _ in columns({name: None for name in CORPORA})]
    assert "construction sealed3" in labels
    assert not any(label.startswith("construction ") and label != "construction sealed3" for label in labels)
    assert "main sealed2" in labels and "operations tuning" in labels
    assert not any(label.endswith(" sealed3") and not label.startswith("construction") for label in labels)
    assert [label for label in labels if label.startswith("residents ") or label.endswith(" sealed4")] == [
        "residents sealed4"]
