"""`python -m bot`: help without torch, ask (single, batch, JSON), console, and clear start-up errors."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from tests.bot.bot_support import FakeService, make_answer, signed_headers
from tests.fake_slack import INVALID_TOKEN

ROOT = Path(__file__).resolve().parents[2]


def _run(args, service=None, input=None, env=None):
    services = []

    def factory(settings):
        services.append(settings)
        return service or FakeService()

    result = CliRunner().invoke(cli, args, obj={"service_factory": factory}, input=input, env=env)
    return result, services


def _python(*args, env=None, input=None, timeout=60):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "VIDENSBANK_"))}
    full_env.update(env or {})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=full_env, input=input,
                          capture_output=True, text=True, timeout=timeout)


def test_help_is_fast_and_never_imports_torch_or_matplotlib():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom bot.cli import cli\n"
            "for args in ([], ['run'], ['ask'], ['console'], ['digest']):\n"
            "    assert CliRunner().invoke(cli, [*args, '--help']).exit_code == 0\n"
            "import bot.app, bot.listeners\n"
            "heavy = ('torch', 'sentence_transformers', 'matplotlib', 'openai', 'wordfreq')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))")
    result = _python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    start = time.monotonic()
    assert _python("-m", "bot", "--help").returncode == 0
    assert time.monotonic() - start < 5


def test_ask_json_prints_exactly_the_answer_contract():
    result, _ = _run(["ask", "hvad er et strategisk partnerskab?", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The original four keys keep their order; "level" and "generated" were added last.
    assert list(data) == ["question", "answer", "confident", "citations", "level", "generated"]
    assert data["confident"] is True and data["level"] == "confident"
    assert list(data["citations"][0]) == ["n", "doc_id", "title", "section", "url", "path",
                                          "passage_id", "score", "text"]
    assert data == make_answer("hvad er et strategisk partnerskab?").to_json()


def test_ask_prints_danish_answer_with_numbered_sources():
    result, _ = _run(["ask", "hvad er et strategisk partnerskab?"])
    assert "langvarigt samarbejde" in result.stdout
    assert "[1] Hvad er et strategisk partnerskab? — Definition" in result.stdout
    assert "Kilder:" in result.stdout


def test_ask_passes_audience_and_k_to_the_service():
    service = FakeService()
    _run(["ask", "hej", "-k", "3", "--audience", "partnership:os"], service=service)
    assert service.calls[0]["k"] == 3
    assert service.calls[0]["viewer"].partnerships == {"os"}


def test_batch_reads_jsonl_and_writes_one_json_line_per_question_with_one_service(tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "første?"}\n\n{"question": "anden?", "audience": "network"}\n',
                         encoding="utf-8")
    service = FakeService()
    result, services = _run(["ask", "--questions", str(questions), "--json"], service=service)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["question"] for line in lines] == ["første?", "anden?"]
    assert len(services) == 1
    assert service.calls[1]["viewer"].network


def test_batch_with_a_bad_line_names_file_and_line(tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"question": "ok"}\n["not an object"]\n', encoding="utf-8")
    result, _ = _run(["ask", "--questions", str(questions), "--json"])
    assert result.exit_code == 1
    assert f'{questions}:2: each line must be an object like {{"question": "..."}}' in result.output


def test_ask_needs_a_question_or_a_file():
    result, _ = _run(["ask"])
    assert result.exit_code == 2 and "Give either a QUESTION or --questions" in result.output


def test_bad_audience_is_a_usage_error():
    result, _ = _run(["ask", "hej", "--audience", "hemmelig"])
    assert result.exit_code == 2 and "--audience" in result.output


def test_missing_index_is_one_clear_line_without_traceback(tmp_path):
    result = _python("-m", "bot", "ask", "hej", "--index", str(tmp_path / "none"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: No index found in {tmp_path / 'none'}. Build it with: python -m indexer build "
        f"--index {tmp_path / 'none'}  (or: make index)"]


def test_console_answers_piped_questions_until_quit():
    service = FakeService()
    result, _ = _run(["console"], service=service,
                     input="hvad er et strategisk partnerskab?\n\n:q\nikke dette\n")
    assert result.exit_code == 0, result.output
    assert "langvarigt samarbejde" in result.stdout and "[2] Udbudsfasen — Tildelingskriterier" in result.stdout
    assert [c["question"] for c in service.calls] == ["hvad er et strategisk partnerskab?"]


def test_console_shows_when_it_is_not_sure():
    service = FakeService()
    service.default = make_answer(confident=False)
    result, _ = _run(["console"], service=service, input="hvad koster kaffe?\n")
    assert "Jeg fandt ikke et sikkert svar." in result.stdout
    assert "Partnerskabets skala <https://almennet.example.dk/artikler/skala>" in result.stdout


def test_run_without_tokens_opens_the_console():
    result, _ = _run(["run"], input="hvad er et strategisk partnerskab?\n")
    assert result.exit_code == 0
    assert "starting the console" in result.stderr
    assert "langvarigt samarbejde" in result.stdout


@pytest.mark.parametrize("args, env, message", [
    (["run"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "Error: SLACK_APP_TOKEN is not set: Socket Mode needs"),
    (["run"], {"SLACK_APP_TOKEN": "xapp-1"}, "Error: SLACK_BOT_TOKEN is not set"),
    (["run"], {"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_APP_TOKEN": "xapp-1"},
     "Error: SLACK_BOT_TOKEN does not look like a bot token"),
    (["run", "--http"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "Error: SLACK_SIGNING_SECRET is not set"),
    (["run"], {"VIDENSBANK_CHANNEL_AUDIENCES": "C0123ABCD=secret", "SLACK_BOT_TOKEN": "xoxb-1"},
     "Error: VIDENSBANK_CHANNEL_AUDIENCES: audience 'secret'"),
])
def test_bad_start_up_settings_give_one_clear_line(args, env, message):
    result, services = _run(args, env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert services == []


def test_rejected_bot_token_gives_one_clear_line(fake_slack):
    result, services = _run(["run"], env={"SLACK_BOT_TOKEN": INVALID_TOKEN, "SLACK_APP_TOKEN": "xapp-1",
                                          "SLACK_API_URL": fake_slack.api_url})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)")
    assert "Traceback" not in result.output and services == []


def test_rejected_app_token_gives_one_clear_line(fake_slack):
    fake_slack.fail("apps.connections.open", "invalid_auth")
    result, _ = _run(["run"], env={"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-revoked",
                                   "SLACK_API_URL": fake_slack.api_url})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: SLACK_APP_TOKEN was rejected by Slack (invalid_auth)")
    assert result.stderr.count("\n") == 1


def test_http_mode_serves_healthz_and_verifies_signatures(fake_slack, tmp_path):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "VIDENSBANK_"))},
           "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "test-signing-secret",
           "SLACK_API_URL": fake_slack.api_url, "PORT": "0", "VIDENSBANK_INDEX_DIR": str(tmp_path / "idx")}
    process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1"],
                               cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        port = None
        for line in process.stderr:
            found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/slack/events", line)
            if found:
                port = int(found.group(1))
                break
        assert port, "the server did not report its port"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert json.loads(response.read()) == {"ok": True, "ready": False}   # no index: not ready
        body = json.dumps({"token": "t", "challenge": "c-42", "type": "url_verification"})

        def post(headers):
            request = urllib.request.Request(f"http://127.0.0.1:{port}/slack/events", data=body.encode(),
                                             headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as exc:
                return exc.code, exc.read().decode()

        assert post(signed_headers(body, secret="not-the-secret")) == (401, '{"error": "invalid request"}')
        assert post({"Content-Type": "application/json"})[0] == 401                      # unsigned
        assert post(signed_headers(body, timestamp=int(time.time()) - 600))[0] == 401    # replayed
        status, text = post(signed_headers(body))
        assert status == 200 and "c-42" in text
        assert fake_slack.calls_to("auth.test")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_console_shows_a_partial_answer_with_its_caveat_and_sources():
    service = FakeService()
    service.default = make_answer(confident=False, level="partial",
                                  text="Jeg er ikke sikker, men det nærmeste i vidensbanken siger:\n"
                                       "Et partnerskab kræver en portefølje af en vis størrelse. [1]")
    result, _ = _run(["console"], service=service, input="hvor stor skal porteføljen være?\n")
    assert "Jeg er ikke sikker, men det nærmeste i vidensbanken siger:" in result.stdout
    assert "[1] Hvad er et strategisk partnerskab? — Definition" in result.stdout
    assert "«Spørg netværket»" in result.stdout
    assert "Jeg fandt ikke et sikkert svar" not in result.stdout
def test_run_hands_kb_and_index_flags_to_everything_the_bot_does(fake_slack, tmp_path, monkeypatch):
    """--kb and --index mean what VIDENSBANK_KB_DIR and VIDENSBANK_INDEX_DIR mean: /salon, the App
    Home and reminders read events.yaml from the bot's kb_dir, DM audiences its directory.yaml."""
    built = {}

    class Stop(Exception):
        pass

    def capture(settings, service, client):
        built["settings"], built["service"] = settings, service
        raise Stop

    monkeypatch.setattr("bot.cli.build_bot", capture)
    kb, index = tmp_path / "andet-kb", tmp_path / "andet-indeks"
    result, services = _run(["run", "--http", "--kb", str(kb), "--index", str(index)], env={
        "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": fake_slack.api_url,
        "VIDENSBANK_KB_DIR": "knowledge_base", "VIDENSBANK_INDEX_DIR": ".index"})
    assert isinstance(result.exception, Stop)
    settings = built["settings"]
    assert (settings.kb_dir, settings.directory_path, settings.state_db) == (
        kb, kb / "directory.yaml", index / "state.db")
    assert (services[0].kb_dir, services[0].index_dir) == (kb, index)


def test_a_state_database_that_is_no_database_gives_one_clear_line(fake_slack, tmp_path):
    state_db = tmp_path / "state.db"
    state_db.write_bytes(b"these are not the bytes of an SQLite file" * 100)
    result, _ = _run(["run"], env={"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-1",
                                   "SLACK_API_URL": fake_slack.api_url, "VIDENSBANK_STATE_DB": str(state_db),
                                   "VIDENSBANK_HASH_KEY_FILE": str(tmp_path / "hash.key")})
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Cannot open the bot state database {state_db}: file is not a database")
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1
    assert state_db.read_bytes().startswith(b"these are not the bytes")        # nothing overwritten
