import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.text import clean_question, escape, neutralise, safe, safe_url, split_text


def test_clean_question_removes_mentions_and_decodes_entities():
    text = "<@UBOT> hvordan har &amp;os organiseret <!here> beboerinddragelsen? &lt;3 <@U123|mette>"
    assert clean_question(text) == "hvordan har &os organiseret beboerinddragelsen? <3"


def test_clean_question_keeps_link_labels_and_channel_names():
    text = "se <https://example.dk/a|artiklen> og <#C123|udbud> <!subteam^S1|@team> @channel"
    assert clean_question(text) == "se artiklen og #udbud channel"


def test_neutralise_strips_broadcasts_and_person_mentions():
    text = "Hej <!channel> <!here|here> <!everyone> <@U999> <!subteam^S1> @here @everyone @Channel"
    out = neutralise(text)
    assert "<" not in out
    for word in ("@here", "@everyone", "@Channel"):
        assert word not in out
    assert "@\u200bhere" in out


def test_email_addresses_are_not_treated_as_broadcasts():
    assert neutralise("skriv til info@here.dk") == "skriv til info@here.dk"


def test_escape_reserved_characters():
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert safe("<!channel> &os") == " &amp;os"


def test_safe_url_allows_only_http_links():
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("https://a.dk/x|y>z") == "https://a.dk/x%7Cy%3Ez"


def test_split_text_prefers_paragraphs_and_keeps_limit():
    text = ("Første afsnit. " * 150).strip() + "\n\n" + ("Andet afsnit. " * 150).strip()
    pieces = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert pieces[0].endswith("Første afsnit.")


def test_split_text_never_cuts_an_entity():
    text = "x" * 2998 + "&amp;" + "y" * 10
    pieces = split_text(text, 3000)
    assert all(len(p) <= 3000 for p in pieces)
    assert "&amp;" in "".join(pieces)


TOKENS = ["ab", "ord", " ", "\n", "\n\n", ". ", "&amp;", "<http://x.dk|y>", "xxxxxxxxxxxxxxxx"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=120), st.integers(min_value=20, max_value=120))
def test_split_text_fits_the_limit_and_never_cuts_entities_or_links(tokens, limit):
    text = "".join(tokens)
    pieces = split_text(text, limit)
    assert all(len(p) <= limit for p in pieces)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)
    for piece in pieces:
        rest = piece.replace("&amp;", "").replace("<http://x.dk|y>", "")
        assert not set(rest) & set("&<>|"), piece
