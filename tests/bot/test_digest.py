"""The weekly digest from a seeded state database at a fixed clock, posted through the fake Slack Web API."""

import json
import struct

import pytest
from slack_sdk import WebClient

from bot.admin.gate import AdminGate
from bot.app import digest_sender
from bot.audience import AudienceResolver
from bot.config import BotSettings, parse_channel_audiences
from bot.digest.chart import weekly_chart_png
from bot.digest.data import load_digest_data
from bot.digest.scheduler import DigestScheduler, DigestStore
from bot.state.db import StateDB
from tests.bot.digest_support import ADMINS, NOW, seed, write_new_article
from tests.fake_slack import DM_CHANNEL, UPLOAD_FILE_ID

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def state(tmp_path):
    state = StateDB(tmp_path / "state.db")
    seed(state)
    yield state
    state.close()


def _scheduler(state, kb_dir, fake_slack, clock=lambda: NOW, **options):
    settings = BotSettings(bot_token="xoxb-test", api_url=fake_slack.api_url, kb_dir=kb_dir,
                           admins=frozenset(ADMINS), state_db=state.path,
                           channel_audiences=parse_channel_audiences("CNETWORK=network,COS=partnership:os,"
                                                                     "CNETDIGEST=network"), **options)
    client = WebClient(token="xoxb-test", base_url=fake_slack.api_url)
    audiences = AudienceResolver(settings.channel_audiences, None)
    sender = digest_sender(client, settings, audiences, AdminGate(settings.admins, audiences), state)
    return DigestScheduler(sender, DigestStore(state), clock=clock)


def _posted(fake_slack) -> list[tuple[str, str]]:
    """(channel, the message's blocks as text) for every digest posted."""
    return [(c.params["channel"], json.dumps(c.params["blocks"], ensure_ascii=False))
            for c in fake_slack.calls_to("chat.postMessage")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_admins_get_the_whole_digest_with_actions_and_the_chart_in_their_dm(state, kb_dir, fake_slack):
    write_new_article(kb_dir)
    assert _scheduler(state, kb_dir, fake_slack).run_once() == list(ADMINS)
    assert [c.params["users"] for c in fake_slack.calls_to("conversations.open")] == list(ADMINS)
    first, second = _posted(fake_slack)
    assert first[0] == second[0] == DM_CHANNEL and first[1] == second[1]
    text = first[1]
    assert "Ugens overblik over Vidensbanken – uge 3" in text and "11.1.2027–18.1.2027" in text
    assert "Spørgsmål: 12 – besvaret sikkert: 4 (33 %)" in text and "👍 1 · 👎 1" in text
    # near-duplicates together, most asked first, each with a suggested action
    assert ("• «hvornår er næste salon» / «hvornår er den næste salon» (3 gange · 3 uden sikkert svar)\\n"
            "      → _Skriv en artikel om emnet – eller gem netværkets svar") in text
    assert "«hvad vægter man i tildelingen» (1 gang · 1 med 👎)" in text and "svaret var sikkert, men" in text
    for private in ("udbuddet hos &amp;os i søndergården", "hvilke entreprenører bød på &amp;os",
                    "hvem kan jeg ringe til om genhusning", "fristen for at søge landsbyggefonden"):
        assert private in text                          # the admins see DM, /spørg and partnership questions
    assert "«Svaret handlede om udbud, ikke om vægtningen af pris»" in text
    assert "Ret eller suppler «Udbud af et strategisk partnerskab», som svaret byggede på." in text
    assert ("<https://vidensbanken-test.slack.com/archives/CHANDOFF/p1768000000000003|hvad koster et strategisk "
            "partnerskab> (intet svar efter 5 dage)\\n      → _Påmind netværket i tråden") in text
    assert "svar i tråden, ikke gemt endnu" in text and "brug «Gem i vidensbanken» på tråden" in text
    assert "Udbud af et strategisk partnerskab (citeret 3 gange)" in text
    assert "*Artikler, der aldrig er citeret i de gemte svar (de seneste 180 dage)*\\n• Digitale værktøjer" in text
    assert "Partnerskabets skala (63 måneder gammel, citeret 1 gang)" in text
    assert "bekræft at den stadig gælder – den er skrevet 20.9.2021" in text
    assert "<@" not in text and "UASKER" not in text and "UMEMBER" not in text
    assert fake_slack.calls_to("files.completeUploadExternal")[0].params["channel_id"] == DM_CHANNEL
    width, height = png_size(fake_slack.uploads[UPLOAD_FILE_ID])
    assert (width, height) == (800, 360)


def test_a_public_digest_channel_sees_only_public_channel_questions_and_admins_get_the_rest(
        state, kb_dir, fake_slack):
    assert _scheduler(state, kb_dir, fake_slack, digest_channel="CDIGEST").run_once() == ["CDIGEST", *ADMINS]
    (channel, public), (dm, supplement), _ = _posted(fake_slack)
    assert channel == "CDIGEST" and dm == DM_CHANNEL
    assert "hvad koster et strategisk partnerskab" in public and "hvad vægter man i tildelingen" in public
    for hidden in ("næste salon", "søndergården", "entreprenører bød", "ringe til om genhusning",
                   "fristen for at søge", "Partnerskabets skala"):   # network, DMs, partnership, /spørg, article
        assert hidden not in public, hidden
    assert "Spørgsmål: 12 – besvaret sikkert: 4 (33 %)" in public          # numbers are for everyone
    assert "8 punkter fra DM'er, /spørg og kanaler, som ikke alle her kan læse, er kun sendt til " in public
    assert "Kun til administratorer: tillæg til ugens overblik (uge 3)" in supplement
    for item in ("næste salon", "søndergården", "entreprenører bød", "ringe til om genhusning",
                 "fristen for at søge", "Partnerskabets skala"):
        assert item in supplement, item
    assert "hvad koster et strategisk partnerskab" not in supplement
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1      # the chart once, in the channel


def test_a_network_digest_channel_also_sees_network_channel_questions(state, kb_dir, fake_slack):
    _scheduler(state, kb_dir, fake_slack, digest_channel="CNETDIGEST").run_once()
    channel_text = _posted(fake_slack)[0][1]
    assert "«hvornår er næste salon»" in channel_text and "Partnerskabets skala" in channel_text
    for hidden in ("søndergården", "entreprenører bød", "fristen for at søge"):
        assert hidden not in channel_text, hidden


def test_the_digest_is_sent_once_per_week_even_across_a_restart(state, kb_dir, fake_slack):
    import datetime as dt

    sunday = NOW - dt.timedelta(days=1)
    early = NOW.replace(hour=7, minute=59)
    assert _scheduler(state, kb_dir, fake_slack, clock=lambda: sunday).run_once() == []
    assert _scheduler(state, kb_dir, fake_slack, clock=lambda: early).run_once() == []
    first = _scheduler(state, kb_dir, fake_slack, digest_channel="CDIGEST")
    assert first.run_once() == ["CDIGEST", *ADMINS]
    assert first.run_once() == []
    restarted = _scheduler(state, kb_dir, fake_slack, digest_channel="CDIGEST",
                           clock=lambda: NOW.replace(hour=15))
    assert restarted.run_once() == []
    assert len(fake_slack.calls_to("chat.postMessage")) == 3
    assert {(r["week"], r["target"], r["status"]) for r in DigestStore(state).rows()} == {
        ("2027-W03", "CDIGEST", "sent"), ("2027-W03", ADMINS[0], "sent"), ("2027-W03", ADMINS[1], "sent")}
    next_week = _scheduler(state, kb_dir, fake_slack, digest_channel="CDIGEST",
                           clock=lambda: NOW + dt.timedelta(days=7))
    assert next_week.run_once() == ["CDIGEST", *ADMINS]


def test_a_failed_post_is_released_and_retried_on_the_next_check(state, kb_dir, fake_slack):
    scheduler = _scheduler(state, kb_dir, fake_slack, digest_channel="CDIGEST")
    fake_slack.fail("chat.postMessage", "not_in_channel")
    assert scheduler.run_once() == list(ADMINS)
    assert scheduler.run_once() == ["CDIGEST"]
    assert scheduler.run_once() == []


def test_the_chart_is_a_png_of_twelve_weeks_drawn_by_matplotlib(state):
    with state.lock:
        data = load_digest_data(state.db.conn, NOW, 7)
    # Monday morning: the last bar is the week just finished
    assert [w.label for w in data.weeks][-3:] == ["uge 53", "uge 1", "uge 2"] and len(data.weeks) == 12
    assert [(w.answered, w.unanswered) for w in data.weeks][-3:] == [(2, 1), (0, 0), (4, 8)]
    png = weekly_chart_png(data.weeks)
    assert png_size(png) == (800, 360) and len(png) > 5_000
    empty = weekly_chart_png([w.__class__(w.label, w.start, 0, 0) for w in data.weeks])
    assert png_size(empty) == (800, 360) and empty != png
