"""Grouping questions into topics: the same question asked differently lands in one topic."""

from indexer.language.topics import group_questions

# What a question log holds besides the questions being grouped: words every question uses.
LOG = ["hvad er et strategisk partnerskab", "strategisk partnerskab i renovering",
       "hvem er med i et strategisk partnerskab", "partnerskab og udbud", "fordele ved partnerskab",
       "hvordan starter man et strategisk partnerskab", "salon om partnerskabets skala",
       "strategisk partnerskab eller totalentreprise", "hvem ejer et strategisk partnerskab",
       "strategiske partnerskaber i almene boliger", "udbud af strategisk partnerskab",
       "tildelingskriterier strategisk partnerskab", "hvad har fsb lært af partnerskabet",
       "er &os et strategisk partnerskab", "evaluering af strategiske partnerskaber"]


def _texts(questions, topics):
    return [[questions[i] for i in t.members] for t in topics]


def test_rewordings_typos_and_spellings_share_a_topic_and_other_questions_do_not():
    questions = ["hvornår er næste salon", "hvornår er den næste salon?", "naeste salon dato",
                 "hvad koster et strategisk partnerskab", "hvad koster et stragegisk partnerskab ca",
                 "hvor længe varer et strategisk partnerskab", "genhusning af beboere"]
    grouped = _texts(questions, group_questions(questions, reference=LOG))
    assert grouped == [questions[:3], questions[3:5], [questions[5]], [questions[6]]]


def test_without_a_reference_common_words_tie_more_together():
    questions = ["hvad koster et strategisk partnerskab", "udbud af strategisk partnerskab i almene boliger"]
    assert len(group_questions(questions, reference=LOG)) == 2
    assert len(group_questions(questions)) == 1


def test_the_most_asked_question_leads_and_empty_questions_stay_alone():
    questions = ["tilmelding til salonen", "hvordan tilmelder jeg mig salonen", "hvad", "hvad"]
    topics = group_questions(questions)
    assert [t.lead for t in topics] == [0, 2, 3]
    assert topics[0].members == [0, 1]
