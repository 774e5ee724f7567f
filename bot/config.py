"""The bot's settings, read from the environment only (tokens never come from files or flags)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.state.pseudonyms import default_key_file
from indexer import InvalidAudience, Viewer

DEFAULT_PORT = 3000
DEFAULT_WORKERS = 8
DEFAULT_RETENTION_DAYS = 180
DEFAULT_STALE_MONTHS = 18


class InvalidSetting(ValueError):
    """An environment variable with a value the bot cannot use; the message names the variable."""


def parse_channel_audiences(value: str | None) -> dict[str, Viewer]:
    """Parse ``C123=network,C456=partnership:os`` into channel id → Viewer.

    Entries are separated by commas, semicolons or whitespace. An item without ``=`` adds one more
    audience to the previous channel, so ``C1=partnership:os,partnership:fsb-hjem`` gives C1 both.
    """
    result: dict[str, list[str]] = {}
    current: str | None = None
    for item in re.split(r"[,;\s]+", value or ""):
        if not item:
            continue
        if "=" in item:
            channel, _, audience = item.partition("=")
            channel = channel.strip()
            if not re.fullmatch(r"[CGD][A-Z0-9]{2,}", channel):
                raise InvalidSetting(
                    f"VIDENSBANK_CHANNEL_AUDIENCES: {channel!r} is not a Slack channel id "
                    "(like C0123ABCD); expected e.g. C0123ABCD=network,C0456EFGH=partnership:os"
                )
            current = channel
            result[current] = [audience]
        elif current is None:
            raise InvalidSetting(
                f"VIDENSBANK_CHANNEL_AUDIENCES: {item!r} has no channel; "
                "expected e.g. C0123ABCD=network,C0456EFGH=partnership:os"
            )
        else:
            result[current].append(item)
    try:
        return {channel: Viewer.parse(",".join(parts)) for channel, parts in result.items()}
    except InvalidAudience as e:
        raise InvalidSetting(f"VIDENSBANK_CHANNEL_AUDIENCES: {e}") from None


def _parse_port(value: str | None) -> int:
    if not value:
        return DEFAULT_PORT
    try:
        port = int(value)
    except ValueError:
        raise InvalidSetting(f"PORT must be a number, not {value!r}") from None
    if not 0 <= port <= 65535:
        raise InvalidSetting(f"PORT must be between 0 and 65535, not {port}")
    return port


def _parse_positive(name: str, value: str | None, default: int) -> int:
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise InvalidSetting(f"{name} must be a number, not {value!r}") from None
    if number < 1:
        raise InvalidSetting(f"{name} must be at least 1, not {number}")
    return number


_ON, _OFF = {"on", "true", "yes", "1", "ja"}, {"off", "false", "no", "0", "nej"}


def _parse_switch(name: str, value: str | None, default: bool) -> bool:
    if not value:
        return default
    if value.lower() in _ON | _OFF:
        return value.lower() in _ON
    raise InvalidSetting(f"{name} must be on or off, not {value!r}")


def default_state_db(index_dir: Path) -> Path:
    """Feedback and thread memory live next to the index; see README (back it up with the index)."""
    return Path(index_dir) / "state.db"


@dataclass(frozen=True)
class BotSettings:
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    api_url: str | None = None               # Web API base URL, e.g. a local fake in tests
    port: int = DEFAULT_PORT
    handoff_channel: str | None = None       # channel id (or name) for "Spørg netværket"
    channel_audiences: dict[str, Viewer] = field(default_factory=dict)
    state_db: Path = Path(".index/state.db")
    admins: frozenset[str] = frozenset()     # Slack user ids; used by the admin commands
    admin_group: str | None = None           # a Slack user group id (S…) whose members are admins
    retention_days: int = DEFAULT_RETENTION_DAYS   # questions are deleted after this many days
    progress_seconds: float = 2.0            # at most one progress update per this many seconds
    directory_path: Path | None = None       # directory.yaml: Slack user → partnerships
    kb_dir: Path = Path("knowledge_base")    # events.yaml is read from here
    announce_channel: str | None = None      # channel id for salon reminders
    digest_channel: str | None = None        # channel id for the weekly digest (else the admins' DMs)
    digest_enabled: bool = True              # the weekly digest is posted on Mondays
    stale_months: int = DEFAULT_STALE_MONTHS  # an article older than this is due for a look
    workers: int = DEFAULT_WORKERS           # questions answered at the same time
    k: int = 5                               # passages per answer
    hash_key: str | None = field(default=None, repr=False)   # key of the pseudonyms (else hash_key_file)
    hash_key_file: Path | None = None        # default: hash.key beside state.db

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, index_dir: Path | None = None,
                 kb_dir: Path | None = None) -> "BotSettings":
        env = dict(os.environ if env is None else env)

        def get(name: str) -> str | None:
            value = (env.get(name) or "").strip()
            return value or None

        index_dir = Path(index_dir or get("VIDENSBANK_INDEX_DIR") or ".index")
        kb_dir = Path(kb_dir or get("VIDENSBANK_KB_DIR") or "knowledge_base")
        handoff = get("VIDENSBANK_HANDOFF_CHANNEL")
        announce = get("VIDENSBANK_ANNOUNCE_CHANNEL")
        digest = get("VIDENSBANK_DIGEST_CHANNEL")
        return cls(
            bot_token=get("SLACK_BOT_TOKEN"),
            app_token=get("SLACK_APP_TOKEN"),
            signing_secret=get("SLACK_SIGNING_SECRET"),
            api_url=_with_slash(get("SLACK_API_URL")),
            port=_parse_port(get("PORT")),
            handoff_channel=handoff.lstrip("#") if handoff else None,
            channel_audiences=parse_channel_audiences(get("VIDENSBANK_CHANNEL_AUDIENCES")),
            state_db=Path(get("VIDENSBANK_STATE_DB") or default_state_db(index_dir)),
            admins=frozenset(a for a in re.split(r"[,;\s]+", get("VIDENSBANK_ADMINS") or "") if a),
            admin_group=get("VIDENSBANK_ADMIN_GROUP"),
            retention_days=_parse_positive("VIDENSBANK_RETENTION_DAYS", get("VIDENSBANK_RETENTION_DAYS"),
                                           DEFAULT_RETENTION_DAYS),
            directory_path=Path(get("VIDENSBANK_DIRECTORY") or kb_dir / "directory.yaml"),
            kb_dir=kb_dir,
            announce_channel=announce.lstrip("#") if announce else None,
            digest_channel=digest.lstrip("#") if digest else None,
            digest_enabled=_parse_switch("VIDENSBANK_DIGEST", get("VIDENSBANK_DIGEST"), True),
            stale_months=_parse_positive("VIDENSBANK_STALE_MONTHS", get("VIDENSBANK_STALE_MONTHS"),
                                         DEFAULT_STALE_MONTHS),
            workers=_parse_positive("VIDENSBANK_WORKERS", get("VIDENSBANK_WORKERS"), DEFAULT_WORKERS),
            hash_key=get("VIDENSBANK_HASH_KEY"),
            hash_key_file=Path(get("VIDENSBANK_HASH_KEY_FILE")) if get("VIDENSBANK_HASH_KEY_FILE") else None,
        )

    @property
    def key_file(self) -> Path:
        """Where the pseudonyms' key is kept when VIDENSBANK_HASH_KEY is not set."""
        return self.hash_key_file or default_key_file(self.state_db)

    def check_socket_mode(self) -> None:
        """Raise InvalidSetting with one clear line when Socket Mode cannot start."""
        self._check_bot_token()
        if not self.app_token:
            raise InvalidSetting(
                "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with the "
                "connections:write scope (Basic Information → App-Level Tokens), or run with --http."
            )
        if not self.app_token.startswith("xapp-"):
            raise InvalidSetting(
                "SLACK_APP_TOKEN does not look like an app-level token (it should start with xapp-); "
                "create one under Basic Information → App-Level Tokens."
            )

    def check_http_mode(self) -> None:
        self._check_bot_token()
        if not self.signing_secret:
            raise InvalidSetting(
                "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify requests from Slack "
                "(Basic Information → App Credentials → Signing Secret)."
            )

    def _check_bot_token(self) -> None:
        if not self.bot_token:
            raise InvalidSetting(
                "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from "
                "OAuth & Permissions after installing the app."
            )
        if not self.bot_token.startswith("xoxb-"):
            raise InvalidSetting(
                "SLACK_BOT_TOKEN does not look like a bot token (it should start with xoxb-); "
                "copy the Bot User OAuth Token from OAuth & Permissions."
            )


def _with_slash(url: str | None) -> str | None:
    # WebClient joins base_url and method name by plain concatenation.
    if url and not url.endswith("/"):
        return url + "/"
    return url
