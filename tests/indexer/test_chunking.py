"""Chunks follow headings, keep the section path and never split a sentence."""

from indexer.index.chunking import MAX_WORDS, chunk_document
from indexer.language.sentences import passage_units, split_sentences


def test_section_path_follows_headings():
    body = ("# Titel\n\nIndledende tekst.\n\n## Udbudsfasen\n\nOm udbud.\n\n### Tildelingskriterier\n\n"
            "Kvalitet vægter højt.\n\n## Opstart\n\nOm opstart.\n")
    sections = [p.section for p in chunk_document("articles/x.md", "Titel", body)]
    assert sections == ["Indledning", "Udbudsfasen", "Udbudsfasen › Tildelingskriterier", "Opstart"]


def test_long_sections_are_split_between_sentences_within_bounds():
    sentences = [f"Sætning nummer {i} handler om partnerskabets økonomi og læring over tid." for i in range(120)]
    body = "## Økonomi\n\n" + " ".join(sentences) + "\n"
    passages = chunk_document("articles/x.md", "Titel", body)
    assert len(passages) > 1
    for p in passages:
        assert p.word_count <= MAX_WORDS
        assert p.text.endswith(".")
    rebuilt = " ".join(p.text for p in passages)
    assert rebuilt == " ".join(sentences)          # nothing lost, nothing split mid-sentence


def test_passage_embeds_title_and_section():
    (p,) = chunk_document("articles/x.md", "Skala", "## Portefølje\n\nEn tekst om volumen.\n")
    assert p.embed_text.startswith("Skala — Portefølje\n")
    assert p.passage_id == "articles/x.md#0"


def test_danish_abbreviations_do_not_end_sentences():
    text = "Det kostede ca. 3,2 mio. kr. i alt. Mødet var den 28. oktober 2020. Fx deltog bl.a. KAB. Næste."
    assert split_sentences(text) == [
        "Det kostede ca. 3,2 mio. kr. i alt.", "Mødet var den 28. oktober 2020.",
        "Fx deltog bl.a. KAB.", "Næste."]


def test_clock_times_do_not_end_sentences():
    text = "Kontoret har åbent mandag fra kl. 8 til 9 og onsdag fra kl. 16 til 18. Lejen stiger pr. 1. juni."
    assert split_sentences(text) == ["Kontoret har åbent mandag fra kl. 8 til 9 og onsdag fra kl. 16 til 18.",
                                     "Lejen stiger pr. 1. juni."]


def test_markdown_links_and_emphasis_become_plain_text():
    (p,) = chunk_document("a.md", "T", "## S\n\nLæs **mere** i [vejledningen](https://x.dk).\n")
    assert p.text == "Læs mere i vejledningen."


def test_list_items_stay_items_on_their_own_lines_as_written():
    (p,) = chunk_document("a.md", "T", "## S\n\nTre ting:\n\n- tid;\n- penge,\n- tillid\n\nDet var det.\n")
    assert p.text == "Tre ting:\n- tid\n- penge\n- tillid\nDet var det."
    units = passage_units(p.text)
    assert [(u.text, u.item) for u in units] == [("Tre ting:", False), ("tid", True), ("penge", True),
                                                 ("tillid", True), ("Det var det.", False)]
    assert units[0].list_id == units[1].list_id == units[3].list_id and units[4].list_id is None


def test_numbered_steps_keep_their_numbers():
    (p,) = chunk_document("a.md", "T", "## S\n\nSådan gør du:\n\n1. Åbn **appen**.\n2. Skriv fejlen.\n")
    assert p.text == "Sådan gør du:\n- 1. Åbn appen.\n- 2. Skriv fejlen."


def test_a_list_is_not_split_between_passages_when_it_fits_in_one():
    filler = " ".join(f"Sætning nummer {i} handler om noget helt andet end listen." for i in range(19))
    items = "\n".join(f"- punkt {i} med et par flere ord her" for i in range(10))
    passages = chunk_document("a.md", "T", f"## S\n\n{filler}\n\nListen:\n\n{items}\n")
    holding = [p for p in passages if "Listen:" in p.text]
    assert len(holding) == 1 and all(f"punkt {i} " in holding[0].text for i in range(10))


def test_a_section_announcing_its_subsections_lists_their_headings():
    body = ("## Samarbejdsformen\n\nEt partnerskab er mere end en rammeaftale. Tre træk går igen:\n\n"
            "### Langsigtethed\n\nDet løber i mange år.\n\n### Åbenhed\n\nÅbne bøger.\n\n"
            "## Økonomi\n\nMålprisen er et pejlemærke.\n\n### Risiko\n\nEn fælles pulje.\n")
    passages = chunk_document("a.md", "T", body)
    assert passages[0].text == ("Et partnerskab er mere end en rammeaftale. Tre træk går igen:\n"
                                "- Langsigtethed\n- Åbenhed")
    assert [u.text for u in passage_units(passages[0].text) if u.item] == ["Langsigtethed", "Åbenhed"]
    # Without an announcing colon the subsections stay where they are.
    assert next(p for p in passages if p.section == "Økonomi").text == "Målprisen er et pejlemærke."
