import pytest

from bot.audience import AudienceResolver
from bot.config import BotSettings, InvalidSetting, parse_channel_audiences
from indexer.audience import Viewer


def test_settings_come_from_the_environment_with_defaults():
    s = BotSettings.from_env({"VIDENSBANK_INDEX_DIR": "/srv/idx"})
    assert s.port == 3000 and s.bot_token is None and s.handoff_channel is None
    assert str(s.state_db) == "/srv/idx/state.db"
    s = BotSettings.from_env({
        "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "sec",
        "SLACK_API_URL": "http://127.0.0.1:9/api", "PORT": "8080",
        "VIDENSBANK_HANDOFF_CHANNEL": "#spørg-netværket", "VIDENSBANK_STATE_DB": "/tmp/x.db",
        "VIDENSBANK_ADMINS": "U1, U2", "VIDENSBANK_CHANNEL_AUDIENCES": "C0123ABCD=network"})
    assert (s.port, s.api_url, s.handoff_channel) == (8080, "http://127.0.0.1:9/api/", "spørg-netværket")
    assert s.admins == {"U1", "U2"} and str(s.state_db) == "/tmp/x.db"
    assert s.channel_audiences == {"C0123ABCD": Viewer.parse("network")}


def test_channel_audiences_parse_several_channels_and_partnerships():
    parsed = parse_channel_audiences("C123=network, C456=partnership:os,partnership:fsb-hjem;G789=public")
    assert parsed == {"C123": Viewer.parse("network"),
                      "C456": Viewer.parse("partnership:os,partnership:fsb-hjem"),
                      "G789": Viewer.public()}


@pytest.mark.parametrize("value, message", [
    ("C123=secret", "VIDENSBANK_CHANNEL_AUDIENCES: audience 'secret' is not one of"),
    ("network", "VIDENSBANK_CHANNEL_AUDIENCES: 'network' has no channel"),
    ("general=network", "VIDENSBANK_CHANNEL_AUDIENCES: 'general' is not a Slack channel id"),
])
def test_bad_channel_audiences_name_the_variable(value, message):
    with pytest.raises(InvalidSetting, match=message):
        parse_channel_audiences(value)


def test_digest_settings_default_to_the_admins_dms_and_18_months():
    s = BotSettings.from_env({"VIDENSBANK_DIGEST_CHANNEL": " ", "VIDENSBANK_STALE_MONTHS": ""})
    assert s.digest_channel is None and s.stale_months == 18
    s = BotSettings.from_env({"VIDENSBANK_DIGEST_CHANNEL": "#C0DIGEST", "VIDENSBANK_STALE_MONTHS": "24"})
    assert s.digest_channel == "C0DIGEST" and s.stale_months == 24
    with pytest.raises(InvalidSetting, match="VIDENSBANK_STALE_MONTHS must be a number, not 'atten'"):
        BotSettings.from_env({"VIDENSBANK_STALE_MONTHS": "atten"})


@pytest.mark.parametrize("value, enabled", [(None, True), ("", True), ("on", True), ("OFF", False), ("nej", False)])
def test_the_digest_is_on_unless_turned_off(value, enabled):
    env = {} if value is None else {"VIDENSBANK_DIGEST": value}
    assert BotSettings.from_env(env).digest_enabled is enabled


def test_a_digest_switch_that_is_neither_on_nor_off_is_one_clear_message():
    with pytest.raises(InvalidSetting, match="VIDENSBANK_DIGEST must be on or off, not 'måske'"):
        BotSettings.from_env({"VIDENSBANK_DIGEST": "måske"})


def test_bad_port_is_one_clear_message():
    with pytest.raises(InvalidSetting, match="PORT must be a number, not 'abc'"):
        BotSettings.from_env({"PORT": "abc"})


@pytest.mark.parametrize("env, message", [
    ({}, "SLACK_BOT_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN does not look like a bot token"),
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN is not set"),
    ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN does not look like"),
])
def test_socket_mode_token_checks(env, message):
    with pytest.raises(InvalidSetting, match=message):
        BotSettings.from_env(env).check_socket_mode()


def test_http_mode_needs_the_signing_secret():
    with pytest.raises(InvalidSetting, match="SLACK_SIGNING_SECRET is not set"):
        BotSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).check_http_mode()


def test_viewer_for_dms_comes_from_the_directory_and_channels_from_the_mapping(tmp_path):
    directory = tmp_path / "directory.yaml"
    directory.write_text(
        "partnerships:\n  - {id: os, name: '&os'}\n"
        "organisations:\n  - {id: kab, name: KAB, role: bygherren, role_genitive: bygherrens, partnerships: [os]}\n"
        "  - {id: andet, name: Andet, role: bygherren, role_genitive: bygherrens}\n"
        "people:\n  - {id: a, name: Anne Testdatter, organisation: kab, slack_user_id: UANNE}\n"
        "  - {id: b, name: Bo Testsen, organisation: andet, slack_user_id: UBO}\n", encoding="utf-8")
    resolver = AudienceResolver({"CNET": Viewer.parse("network")}, directory)
    assert resolver.for_user("UANNE") == Viewer.parse("partnership:os")
    assert resolver.for_user("UBO") == Viewer.parse("network")
    assert resolver.for_user("UNKNOWN") == Viewer.public()
    assert resolver.for_conversation("DA", "UANNE", "im") == Viewer.parse("partnership:os")
    assert resolver.for_conversation("CNET", "UANNE", "channel") == Viewer.parse("network")
    assert resolver.for_conversation("COTHER", "UANNE", "channel") == Viewer.public()


def test_missing_or_broken_directory_means_public(tmp_path):
    assert AudienceResolver({}, tmp_path / "missing.yaml").for_user("UANNE") == Viewer.public()
    broken = tmp_path / "broken.yaml"
    broken.write_text("people: [", encoding="utf-8")
    assert AudienceResolver({}, broken).for_user("UANNE") == Viewer.public()
