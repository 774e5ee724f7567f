"""Chunks follow headings, keep the section path and never split a sentence."""

from indexer.index.chunking import MAX_WORDS, chunk_document
from indexer.language.sentences import split_sentences


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


def test_markdown_links_and_emphasis_become_plain_text():
    (p,) = chunk_document("a.md", "T", "## S\n\nLæs **mere** i [vejledningen](https://x.dk).\n")
    assert p.text == "Læs mere i vejledningen."


def test_list_items_become_sentences_without_dangling_separators():
    (p,) = chunk_document("a.md", "T", "## S\n\nTre ting:\n\n- tid;\n- penge,\n- tillid\n")
    assert p.text == "Tre ting: Tid. Penge. Tillid."
    assert split_sentences(p.text) == ["Tre ting: Tid.", "Penge.", "Tillid."]
