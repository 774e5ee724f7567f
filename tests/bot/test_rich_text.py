"""A message's rich_text blocks read as Slack text when its ``text`` is empty."""

from bot.slack.incoming import is_person_message, message_text
from bot.slack.rich_text import blocks_text
from bot.slack.text import clean_question


def _rich(*elements):
    return [{"type": "rich_text", "block_id": "b1", "elements": list(elements)}]


def test_an_ordered_list_a_date_and_a_literal_angle_bracket_read_as_a_person_wrote_them():
    blocks = _rich(
        {"type": "rich_text_section", "elements": [{"type": "text", "text": "Budget <2 mio. & tidsplan:"}]},
        {"type": "rich_text_list", "style": "ordered", "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "fase 1"}]},
            {"type": "rich_text_section", "elements": [
                {"type": "date", "timestamp": 1764480000, "format": "{date_short}", "fallback": "30. nov. 2026"}]}]})
    assert clean_question(blocks_text(blocks)) == "Budget <2 mio. & tidsplan:\n1. fase 1\n2. 30. nov. 2026"


def test_blocks_that_are_not_rich_text_or_are_malformed_give_no_text():
    assert blocks_text(None) == ""
    assert blocks_text("rich_text") == ""
    assert blocks_text([{"type": "section", "text": {"type": "mrkdwn", "text": "fra en app"}}]) == ""
    assert blocks_text([{"type": "rich_text", "elements": [None, {"type": "rich_text_section", "elements": "x"}]}]) == ""
    assert blocks_text(_rich({"type": "rich_text_section", "elements": [{"type": "emoji", "name": "x", "unicode": "zz"}]})) == ":x:"


def test_text_wins_over_blocks_and_a_message_with_neither_is_nobodys_question():
    event = {"type": "message", "user": "UALICE", "text": "hvad er en målpris?",
             "blocks": _rich({"type": "rich_text_section", "elements": [{"type": "text", "text": "andet"}]})}
    assert message_text(event) == "hvad er en målpris?"
    assert not is_person_message({"type": "message", "user": "UALICE", "text": "", "blocks": []})
