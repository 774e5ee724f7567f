"""The answer-level figures judge what a reader would: a heading label is context, and a nugget of
stop words can still be stated."""

from tests.eval.answer_quality import dangling, nugget_share


def test_a_sentence_shown_after_its_heading_does_not_dangle():
    assert dangling("Det betyder, at huslejen stiger.")
    assert not dangling("_Det strukturelle niveau_ — Her er fokus på organisering og aftaler.")
    assert dangling("Her er fokus på organisering og aftaler.")


def test_a_nugget_of_stop_words_is_stated_by_its_words_as_written():
    text = "Vejledningen svarer på to spørgsmål: Hvornår er et partnerskab det rigtige valg?"
    assert nugget_share(text, ["Hvornår"]) == 1.0
    assert nugget_share(text, ["hvordan"]) == 0.0
    assert nugget_share(text, ["det rigtige valg", "hvordan"]) == 0.5
