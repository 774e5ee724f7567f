"""Environment settings: a blank value means unset, everywhere; `.env` is read by the command lines."""

from pathlib import Path

import pytest
from dotenv import dotenv_values

from bot.config import BotSettings
from indexer.config import IndexSettings, InvalidIndexSetting, load_env_file
from indexer.index.dense import choose_kind
from indexer.index.embedding import embedder_for

ROOT = Path(__file__).resolve().parents[1]


def test_a_copied_env_example_means_the_defaults():
    example = {k: v or "" for k, v in dotenv_values(ROOT / ".env.example").items()}
    assert "VIDENSBANK_QUERY_PREFIX" in example and example["VIDENSBANK_QUERY_PREFIX"] == ""
    assert IndexSettings.from_env(env=example) == IndexSettings.from_env(env={})
    assert BotSettings.from_env(example) == BotSettings.from_env({})


def test_blank_prefixes_keep_the_models_own_prefixes():
    blank = {"VIDENSBANK_QUERY_PREFIX": "", "VIDENSBANK_PASSAGE_PREFIX": "  "}
    settings = IndexSettings.from_env(model="intfloat/multilingual-e5-small", env=blank)
    profile = embedder_for(settings).profile
    assert (profile.query_prefix, profile.passage_prefix) == ("query: ", "passage: ")


def test_one_prefix_can_be_overridden_alone():
    settings = IndexSettings.from_env(model="intfloat/multilingual-e5-small",
                                      env={"VIDENSBANK_PASSAGE_PREFIX": "tekst: "})
    profile = embedder_for(settings).profile
    assert (profile.query_prefix, profile.passage_prefix) == ("query: ", "tekst: ")


def test_blank_hnsw_threshold_is_the_default_and_a_set_one_is_used():
    assert IndexSettings.from_env(env={"VIDENSBANK_HNSW_THRESHOLD": ""}).hnsw_threshold == 200_000
    settings = IndexSettings.from_env(env={"VIDENSBANK_HNSW_THRESHOLD": "1000", "VIDENSBANK_FAISS": ""})
    assert settings.dense_kind == "auto"
    assert choose_kind(999, settings.dense_kind, settings.hnsw_threshold) == "flat"
    assert choose_kind(1000, settings.dense_kind, settings.hnsw_threshold) == "hnsw"


@pytest.mark.parametrize("env, message", [
    ({"VIDENSBANK_HNSW_THRESHOLD": "lots"}, "VIDENSBANK_HNSW_THRESHOLD must be a whole number, not 'lots'"),
    ({"VIDENSBANK_HNSW_THRESHOLD": "0"}, "VIDENSBANK_HNSW_THRESHOLD must be at least 1"),
    ({"VIDENSBANK_FAISS": "ivf"}, "VIDENSBANK_FAISS must be one of auto, flat, hnsw, not 'ivf'"),
])
def test_bad_values_name_the_variable(env, message):
    with pytest.raises(InvalidIndexSetting, match=message):
        IndexSettings.from_env(env=env)


def test_allow_hub_only_with_1():
    assert IndexSettings.from_env(env={"VIDENSBANK_ALLOW_HUB": "1"}).allow_hub
    assert not IndexSettings.from_env(env={"VIDENSBANK_ALLOW_HUB": ""}).allow_hub


def test_env_file_is_loaded_without_overriding_the_environment(tmp_path, monkeypatch):
    env_file = tmp_path / "prod.env"
    env_file.write_text("VIDENSBANK_KB_DIR=/srv/kb\nVIDENSBANK_MODEL=from-file\nVIDENSBANK_QUERY_PREFIX=\n",
                        encoding="utf-8")
    monkeypatch.setenv("VIDENSBANK_ENV_FILE", str(env_file))
    monkeypatch.setenv("VIDENSBANK_MODEL", "from-shell")
    assert load_env_file() == env_file
    settings = IndexSettings.from_env()
    assert (settings.kb_dir, settings.model, settings.query_prefix) == (Path("/srv/kb"), "from-shell", None)


def test_no_env_file_is_fine(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_env_file() is None
