import json

from bot.answers.blocks import (
    ACTION_HANDOFF,
    ACTION_SHARE,
    ACTION_VOTE_DOWN,
    ACTION_VOTE_UP,
    MAX_BLOCKS,
    NOT_CONFIDENT,
    answer_fallback_text,
    handoff_message,
    render_answer_blocks,
    render_answer_messages,
)
from indexer.search.contract import NearestDocument
from tests.bot.bot_support import citation, make_answer


def _texts(blocks):
    out = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            if element.get("type") == "mrkdwn":
                out.append(element["text"])
    return "\n".join(out)


def _action_ids(blocks):
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_confident_answer_has_text_numbered_linked_sources_and_votes():
    blocks = render_answer_blocks(make_answer(answer_id="a1"))
    text = _texts(blocks)
    assert "langvarigt samarbejde om flere projekter [1]" in text
    assert ("1. <https://almennet.example.dk/artikler/strategisk-partnerskab|"
            "Hvad er et strategisk partnerskab? — Definition>") in text
    assert "2. <https://almennet.example.dk/artikler/udbud|Udbudsfasen — Tildelingskriterier>" in text
    assert _action_ids(blocks) == [ACTION_VOTE_UP, ACTION_VOTE_DOWN]
    assert {e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]} == {"a1"}
    assert NOT_CONFIDENT not in text


def test_source_without_url_is_plain_title():
    answer = make_answer(citations=[citation(1, title="Erfaring fra udviklingsmøde", url=None,
                                             section="Udbudsfasen")])
    assert "1. Erfaring fra udviklingsmøde — Udbudsfasen" in _texts(render_answer_blocks(answer))


def test_not_confident_says_so_lists_nearest_and_offers_the_network():
    answer = make_answer(confident=False, answer_id="a2",
                         nearest=[NearestDocument("articles/skala.md", "Partnerskabets skala",
                                                  "https://almennet.example.dk/artikler/skala")])
    blocks = render_answer_blocks(answer)
    text = _texts(blocks)
    assert NOT_CONFIDENT in text
    assert "<https://almennet.example.dk/artikler/skala|Partnerskabets skala>" in text
    assert _action_ids(blocks) == [ACTION_HANDOFF, ACTION_VOTE_UP, ACTION_VOTE_DOWN]
    assert "langvarigt samarbejde" not in text      # weak matches are not presented as the answer


def test_not_confident_without_handoff_channel_has_no_handoff_button():
    blocks = render_answer_blocks(make_answer(confident=False), handoff=False)
    assert ACTION_HANDOFF not in _action_ids(blocks)


def test_shareable_answer_repeats_the_question_and_has_share_button():
    blocks = render_answer_blocks(make_answer(question="hvad er et partnerskab?"), show_question=True,
                                  shareable=True)
    assert "Spørgsmål: _hvad er et partnerskab?_" in _texts(blocks)
    assert _action_ids(blocks)[-1] == ACTION_SHARE


def test_question_mentions_are_neutralised_and_text_escaped():
    question = "<!channel> @here hvad med &os <@U123> <!subteam^S1|@alle> <script>?"
    answer = make_answer(question=question, text="A & B <b> @everyone <!here>")
    blocks = render_answer_blocks(answer, show_question=True)
    raw = json.dumps(blocks, ensure_ascii=False)
    for bad in ("<!channel>", "<!here>", "<@U123>", "<!subteam", "@here", "@everyone", "<script>", "<b>"):
        assert bad not in raw
    assert "&amp;os" in raw and "A &amp; B &lt;b&gt;" in raw
    assert "@here" not in answer_fallback_text(make_answer(question=question, confident=False))


def test_long_answer_is_split_into_sections_of_at_most_3000_characters():
    long_text = " ".join(f"Sætning nummer {i} om partnerskaber [1]." for i in range(900))
    blocks = render_answer_blocks(make_answer(text=long_text))
    sections = [b for b in blocks if b["type"] == "section"]
    assert len(sections) > 3
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)


def test_huge_answer_is_split_into_messages_of_at_most_50_blocks():
    long_text = "\n\n".join(("Afsnit %d. " % i) * 300 for i in range(60))
    messages = render_answer_messages(make_answer(text=long_text, answer_id="a3"))
    assert len(messages) >= 2
    assert all(len(m["blocks"]) <= MAX_BLOCKS for m in messages)
    assert messages[-1]["blocks"][-1]["type"] == "actions"
    assert all(m["text"] for m in messages)


def test_fallback_text_is_short_and_plain():
    text = answer_fallback_text(make_answer(text="x" * 5000))
    assert len(text) <= 300


def test_handoff_message_quotes_the_question_links_the_thread_and_pings_no_one_else():
    message = handoff_message("hvem kender <!channel> noget\nom skala?", "UALICE",
                              "https://x.slack.com/archives/C1/p1")
    raw = json.dumps(message, ensure_ascii=False)
    assert "<@UALICE> spørger netværket" in raw
    assert "&gt; hvem kender noget\\n&gt; om skala?" in raw
    assert "<https://x.slack.com/archives/C1/p1|Se spørgsmålet og Vidensbankens svar>" in raw
    assert "<!channel>" not in raw


PARTIAL_TEXT = ("Jeg er ikke sikker, men det nærmeste i vidensbanken siger:\n"
                "Et partnerskab kræver en portefølje af en vis størrelse. [1]")


def test_partial_answer_shows_the_caveat_the_passages_and_offers_the_network_first():
    blocks = render_answer_blocks(make_answer(confident=False, level="partial", text=PARTIAL_TEXT,
                                              answer_id="a3"))
    text = _texts(blocks)
    assert "Jeg er ikke sikker, men det nærmeste i vidensbanken siger:" in text
    assert "portefølje af en vis størrelse. [1]" in text
    assert "1. <https://almennet.example.dk/artikler/strategisk-partnerskab|" in text
    assert "Send spørgsmålet videre til netværket" in text
    ids = _action_ids(blocks)
    assert ids[0] == ACTION_HANDOFF and ids[1:] == [ACTION_VOTE_UP, ACTION_VOTE_DOWN]
    handoff = next(e for b in blocks if b["type"] == "actions" for e in b["elements"])
    assert handoff["style"] == "primary" and handoff["value"] == "a3"
    assert NOT_CONFIDENT not in text


def test_partial_answer_without_handoff_channel_has_no_handoff_button():
    blocks = render_answer_blocks(make_answer(confident=False, level="partial", text=PARTIAL_TEXT),
                                  handoff=False)
    assert ACTION_HANDOFF not in _action_ids(blocks)
    assert "Send spørgsmålet videre" not in _texts(blocks)


def test_partial_fallback_text_carries_the_caveat():
    text = answer_fallback_text(make_answer(confident=False, level="partial", text=PARTIAL_TEXT))
    assert text.startswith("Jeg er ikke sikker, men det nærmeste i vidensbanken siger:")
