"""The checks a generated answer must pass, the Danish test, the prompt file and the LLM settings."""

from __future__ import annotations

import pytest

from indexer.config import IndexSettings, InvalidIndexSetting, LLMSettings
from indexer.search.generate.danish import is_danish
from indexer.search.generate.failures import GenerationFailed
from indexer.search.generate.grounding import check_answer, facts, source_facts, split_answer
from indexer.search.generate.prompt import (
    EARLIER_KEY,
    QUESTION_KEY,
    SOURCES_KEY,
    build_messages,
    prompt_parts,
    without_mentions,
)

# Invented passages in the style of the knowledge base.
GENHUSNING = ("Når lejlighederne renoveres, skal nogle beboere genhuses i en periode. En fast "
              "genhusningskoordinator hjælper familierne med flytning, opbevaring og praktiske spørgsmål.")
KRITERIER = ("Et typisk eksempel er, at kompetencer og organisering vægter 60 procent, mens økonomien "
             "vægter 40 procent. Porteføljen i Kildeparken er på 1,5 mia. kr. fordelt på 3.000 boliger.")
DIALOG = ("Hos KAB brugte man tre dialogmøder á to timer den 12.03.2021, jf. § 4 i udbudsbetingelserne. "
          "Det gav færre misforståelser om samarbejdsformen i Søndergården.")
SOURCES = {1: GENHUSNING, 2: KRITERIER, 3: DIALOG}


def reason(text: str) -> str:
    try:
        check_answer(text, SOURCES)
    except GenerationFailed as failed:
        return failed.reason
    return "ok"


@pytest.mark.parametrize("answer", [
    "Familierne får hjælp af en fast genhusningskoordinator til flytning, opbevaring og praktiske spørgsmål [1].",
    "Beboerne bliver støttet af en koordinator, når de skal flytte [1].",
    "Kompetencer og organisering vægter 60 procent, økonomien 40 procent [2]. KAB holdt tre dialogmøder [3].",
    "Hos KAB brugte man tre dialogmøder á to timer. [3] Det gav færre misforståelser [3]",
    "Ifølge kilden var der 3 dialogmøder i marts 2021 [3].",
    "Porteføljen i Kildeparken er på 1.500 mio. kr. og 3 000 boliger [2].",
    "KAB's dialogmøder fulgte § 4 [3].",
    "Dialogmøderne i Søndergården gav færre misforståelser [1][3].",
    "- Nogle beboere genhuses i en periode [1]\n- En fast genhusningskoordinator hjælper familierne [1]",
])
def test_faithful_answers_pass(answer):
    assert reason(answer) == "ok"


@pytest.mark.parametrize("answer, expected", [
    ("En fast genhusningskoordinator hjælper familierne [4].", "unknown_citation"),
    ("En fast genhusningskoordinator hjælper familierne. Beboerne genhuses [1].", "uncited_sentence"),
    ("Kompetencer og organisering vægter 70 procent [2].", "ungrounded_fact"),           # a number
    ("Porteføljen i Kildeparken er på 1,5 mio. kr. [2].", "ungrounded_fact"),              # the scale
    ("KAB holdt fire dialogmøder [3].", "ungrounded_fact"),                              # a number word
    ("KAB holdt dialogmøderne i maj 2021 [3].", "ungrounded_fact"),                      # a month
    ("Møderne blev holdt den 12.04.2021 [3].", "ungrounded_fact"),                      # a date
    ("Dialogmøderne fulgte § 5 i udbudsbetingelserne [3].", "ungrounded_fact"),          # a § reference
    ("Hos COWI brugte man tre dialogmøder [3].", "ungrounded_fact"),                     # an acronym
    ("Projektlederen Sune Bakkegaard holdt dialogmøderne [3].", "ungrounded_fact"),      # a name
    ("KAB holdt tre dialogmøder [2].", "ungrounded_fact"),                               # the wrong source
    ("Dialogmøderne sikrede lavere huslejer og hurtigere byggeri for beboerne [3].", "ungrounded_words"),
    ("The dialogue meetings gave fewer misunderstandings about the collaboration [3].", "not_danish"),
])
def test_unfaithful_answers_fail_with_their_reason(answer, expected):
    assert reason(answer) == expected


def test_citations_after_the_full_stop_belong_to_the_sentence_before():
    sentences = split_answer("KAB holdt tre møder. [3] Det gav færre misforståelser. [1][3]\n[2]")
    assert [(s.text, s.cited) for s in sentences] == [("KAB holdt tre møder .", (3,)),
                                                      ("Det gav færre misforståelser .", (1, 3, 2))]


def test_facts_are_compared_by_value():
    assert facts("1,5 mia. kr.") == source_facts("1.500 mio. kr.") == {"n1.5e+09"}
    assert facts("3 000 boliger") == facts("3.000 boliger") == {"n3000"}
    assert facts("den 12. marts 2021") == source_facts("12.03.2021") == {"n12", "m3", "n2021"}
    assert facts("Sagen gik til KAB's bestyrelse og &os") == {"name:kab", "name:&os"}
    assert facts("Familierne fik hjælp.") == set()           # a capital that opens a sentence is no name


@pytest.mark.parametrize("text, danish", [
    ("Et strategisk partnerskab udbydes typisk som ét samlet udbud, der dækker mange byggesager.", True),
    ("Familierne får hjælp af en fast koordinator, og partnering bruges i KAB's projekter.", True),
    ("A strategic partnership is usually tendered as one single tender covering many projects.", False),
    ("Ett strategiskt partnerskap upphandlas vanligtvis som en samlad upphandling för många år.", False),
    ("Et strategisk partnerskap lyses vanligvis ut som én samlet anbudskonkurranse som dekker "
     "mange byggesaker, og det er ikke bare prisen som teller.", False),
    ("Eine strategische Partnerschaft wird meistens als eine einzige Ausschreibung vergeben.", False),
    ("Et partnerskab udbydes som ét samlet udbud. However, the bidders compete on competence "
     "and organisation rather than on the price alone.", False),
    ("Ja.", True),                                   # too short to judge
])
def test_danish_is_told_from_its_neighbours(text, danish):
    assert is_danish(text) is danish


def test_prompt_file_explains_every_field_the_code_sends():
    parts = prompt_parts()
    assert {"system", "partial", "user"} <= set(parts)
    for key in (SOURCES_KEY, QUESTION_KEY, EARLIER_KEY):
        assert f'"{key}"' in parts["system"]
    assert "dansk" in parts["system"] and "[1]" in parts["system"]


def test_a_partial_answer_gets_the_partial_rule():
    assert prompt_parts()["partial"] in build_messages("spørgsmål", [], partial=True)[0]["content"]
    assert prompt_parts()["partial"] not in build_messages("spørgsmål", [])[0]["content"]


def test_mentions_and_channel_references_are_removed():
    assert without_mentions("<@U123|rikke> <!here> @bo hvad med #byggeri og <#C1|drift>? &os") == "hvad med og ? &os"


def test_llm_settings_are_off_unless_url_and_model_are_set():
    assert not LLMSettings.from_env({}).enabled
    assert not LLMSettings.from_env({"VIDENSBANK_LLM_URL": " ", "VIDENSBANK_LLM_MODEL": ""}).enabled
    on = LLMSettings.from_env({"VIDENSBANK_LLM_URL": "http://localhost:11434/v1", "VIDENSBANK_LLM_MODEL": "m",
                               "VIDENSBANK_LLM_TIMEOUT": "7.5", "VIDENSBANK_LLM_API_KEY": ""})
    assert on.enabled and on.timeout == 7.5 and on.api_key is None and on.max_audience == "public"


@pytest.mark.parametrize("env, message", [
    ({"VIDENSBANK_LLM_URL": "http://x/v1"}, "VIDENSBANK_LLM_MODEL is not set"),
    ({"VIDENSBANK_LLM_MODEL": "m"}, "VIDENSBANK_LLM_URL is not set"),
    ({"VIDENSBANK_LLM_TIMEOUT": "snart"}, "VIDENSBANK_LLM_TIMEOUT must be a number of seconds"),
    ({"VIDENSBANK_LLM_TIMEOUT": "0"}, "between 0 and 600"),
    ({"VIDENSBANK_LLM_MAX_AUDIENCE": "alle"}, "VIDENSBANK_LLM_MAX_AUDIENCE"),
    ({"VIDENSBANK_LLM_API_KEY": "nøgle"}, "VIDENSBANK_LLM_API_KEY holds characters"),
])
def test_invalid_llm_settings_name_the_variable(env, message):
    with pytest.raises(InvalidIndexSetting, match=message):
        LLMSettings.from_env(env)


@pytest.mark.parametrize("ceiling, sent, withheld", [
    ("public", ["public"], ["network", "partnership:os"]),
    ("network", ["public", "network"], ["partnership:os"]),
    ("partnership:os", ["public", "network", "partnership:os"], ["partnership:fsb-hjem"]),
    ("partnership:*", ["public", "network", "partnership:os", "partnership:fsb-hjem"], []),
])
def test_max_audience_decides_which_passages_may_be_sent(ceiling, sent, withheld):
    settings = LLMSettings.from_env({"VIDENSBANK_LLM_MAX_AUDIENCE": ceiling})
    assert all(settings.may_send(a) for a in sent)
    assert not any(settings.may_send(a) for a in withheld)


def test_index_settings_read_the_llm_settings(monkeypatch):
    monkeypatch.setenv("VIDENSBANK_LLM_URL", "http://localhost:8080/v1")
    monkeypatch.setenv("VIDENSBANK_LLM_MODEL", "llama")
    monkeypatch.setenv("VIDENSBANK_LLM_MAX_AUDIENCE", "network")
    llm = IndexSettings.from_env().llm
    assert (llm.url, llm.model, llm.max_audience) == ("http://localhost:8080/v1", "llama", "network")
