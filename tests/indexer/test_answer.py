"""Answers: extractive, numbered citations, honest when unsure, stable JSON shape."""

from indexer.audience import Viewer
from indexer.service import EMPTY_QUESTION

JSON_KEYS = ["question", "answer", "confident", "citations", "level", "generated"]   # the last two added later
CITATION_KEYS = ["n", "doc_id", "title", "section", "url", "path", "passage_id", "score", "text"]


def test_answer_json_shape_is_exactly_the_contract(knowledge_service):
    data = knowledge_service.ask("hvordan foregår genhusningen af beboerne?").to_json()
    assert list(data) == JSON_KEYS
    assert isinstance(data["confident"], bool)
    assert data["citations"], "a relevant question gets citations"
    for i, citation in enumerate(data["citations"], start=1):
        assert list(citation) == CITATION_KEYS
        assert citation["n"] == i
    first = data["citations"][0]
    assert first["doc_id"] == "articles/beboere.md"
    assert first["title"] == "Beboerinddragelse i renovering"
    assert first["section"] == "Genhusning"
    assert first["url"] == "https://example.dk/beboere"
    assert first["passage_id"].startswith("articles/beboere.md#")


def test_confident_answer_quotes_sentences_with_citation_numbers(knowledge_service):
    answer = knowledge_service.ask("hvem hjælper familierne med genhusning?")
    assert answer.confident
    assert "genhusningskoordinator" in answer.answer
    assert "[1]" in answer.answer
    cited = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", answer.answer)}
    assert cited <= {c.n for c in answer.citations}


def test_unanswerable_question_says_so_and_lists_nearest(knowledge_service):
    answer = knowledge_service.ask("hvad er reglerne for hundehold i lejligheden?")
    assert not answer.confident
    assert answer.answer.startswith("Jeg fandt ikke et sikkert svar")


def test_empty_question_gets_a_danish_hint(knowledge_service):
    answer = knowledge_service.ask("   ")
    assert answer.answer == EMPTY_QUESTION and not answer.confident


def test_follow_up_uses_context(knowledge_service):
    alone = knowledge_service.search("hvor meget vægter det?", Viewer.public())
    followed = knowledge_service.search("hvor meget vægter det?", Viewer.public(),
                                        context="hvad er tildelingskriterierne i udbuddet?")
    assert followed.hits[0].doc_id == "articles/udbud.md"
    assert not alone.hits or alone.hits[0].score <= followed.hits[0].score
