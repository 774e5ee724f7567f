"""directory.yaml and allowlist.yaml: what loads, and what an admin is told when it does not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from indexer.knowledge.directory import (
    Directory,
    InvalidAllowlist,
    InvalidDirectory,
    load_allowlist,
    load_directory,
)

REPO_DIRECTORY = Path(__file__).resolve().parents[2] / "knowledge_base" / "directory.yaml"

VALID = """
partnerships: [{id: os, name: "Byggepartnerskabet &os"}, {id: fsb-hjem, name: "fsb HJEM"}]
organisations:
  - {id: kab, name: KAB, aliases: [], role: bygherren, role_genitive: bygherrens, partnerships: [os]}
  - {id: ncc, name: NCC, aliases: ["NCC Danmark"], role: entreprenøren, partnerships: [fsb-hjem]}
people:
  - id: mette-lindholm
    name: "Mette Lindholm"
    variants: ["Mette", "M. Lindholm"]
    emails: ["mli@kab.example.dk"]
    phones: ["20 31 42 53"]
    organisation: kab
    role: projektlederen
    slack_user_id: U01ABCDEF01
    partnerships: [os]
  - id: jonas-krogh
    name: "Jonas Krogh"
    organisation: ncc
    role: projektchefen
    slack_user_id: U01ABCDEF02
  - id: ida-winther
    name: "Ida Winther"
    organisation: kab
    slack_user_id: U01ABCDEF03
    partnerships: []
    admin: true
"""


def write(tmp_path: Path, text: str, name: str = "directory.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_valid_directory_loads_people_organisations_and_partnerships(tmp_path):
    directory = load_directory(write(tmp_path, VALID))

    assert [p.id for p in directory.partnerships] == ["os", "fsb-hjem"]
    mette = directory.person("mette-lindholm")
    assert mette.name == "Mette Lindholm"
    assert mette.variants == ("Mette", "M. Lindholm")
    assert mette.role == "projektlederen"
    assert directory.organisation("kab").role_genitive == "bygherrens"


def test_role_genitive_is_derived_when_left_out(tmp_path):
    directory = load_directory(write(tmp_path, VALID))
    assert directory.organisation("ncc").role_genitive == "entreprenørens"


def test_partnerships_of_a_slack_user(tmp_path):
    directory = load_directory(write(tmp_path, VALID))

    assert directory.person_by_slack_user("U01ABCDEF01").partnerships == frozenset({"os"})
    # No list of their own: a person shares the organisation's partnerships.
    assert directory.person_by_slack_user("U01ABCDEF02").partnerships == frozenset({"fsb-hjem"})
    # An explicit empty list means none, even though KAB is in &os.
    assert directory.person_by_slack_user("U01ABCDEF03").partnerships == frozenset()
    assert directory.person_by_slack_user("U0UNKNOWN99") is None


def test_a_missing_or_empty_file_is_an_empty_directory(tmp_path):
    assert load_directory(tmp_path / "nope.yaml") == Directory.empty()
    assert load_directory(write(tmp_path, "")).people == ()


def test_the_sample_directory_in_the_knowledge_base_is_valid():
    directory = load_directory(REPO_DIRECTORY)
    assert directory.people, "knowledge_base/directory.yaml should name invented people"
    for person in directory.people:
        assert person.organisation is None or directory.organisation(person.organisation)


@pytest.mark.parametrize("broken, entry, fld, advice", [
    (VALID.replace("organisation: kab\n    role: projektlederen", "organisation: kba\n    role: projektlederen"),
     "mette-lindholm", "organisation", "use an id from 'organisations'"),
    (VALID.replace("partnerships: [os]\n  - id: jonas", "partnerships: [oss]\n  - id: jonas"),
     "mette-lindholm", "partnerships", "unknown partnership 'oss'"),
    (VALID.replace('emails: ["mli@kab.example.dk"]', 'emails: ["mli-at-kab"]'),
     "mette-lindholm", "emails", "is not an e-mail address"),
    (VALID.replace('phones: ["20 31 42 53"]', 'phones: ["20 31 42"]'),
     "mette-lindholm", "phones", "write 8 digits"),
    (VALID.replace("slack_user_id: U01ABCDEF02", "slack_user_id: U01ABCDEF01"),
     "jonas-krogh", "slack_user_id", "already used by 'mette-lindholm'"),
    (VALID.replace("role: projektchefen", "rolle: projektchefen"),
     "jonas-krogh", "rolle", "unknown field; allowed fields are"),
    (VALID.replace("id: ida-winther", "id: Ida Winther"),
     "people entry 'Ida Winther'", "id", "lower-case letters, digits and hyphens"),
    (VALID.replace("admin: true", "admin: ja"),
     "ida-winther", "admin", "must be true or false"),
    (VALID.replace("  - {id: ncc, name: NCC, aliases", "  - {id: ncc, aliases"),
     "ncc", "name", "must be a non-empty text"),
])
def test_a_bad_field_names_file_entry_and_field_and_what_to_do(tmp_path, broken, entry, fld, advice):
    path = write(tmp_path, broken)
    with pytest.raises(InvalidDirectory) as caught:
        load_directory(path)
    message = str(caught.value)
    assert str(path) in message
    assert repr(entry) in message or entry in message
    assert f"field {fld!r}" in message
    assert advice in message


def test_invalid_yaml_says_where(tmp_path):
    path = write(tmp_path, "people:\n  - id: a\n   name: [unclosed\n")
    with pytest.raises(InvalidDirectory, match=r"not valid YAML at line \d+, column \d+"):
        load_directory(path)


def test_invalid_directory_is_a_value_error(tmp_path):
    with pytest.raises(ValueError):
        load_directory(write(tmp_path, "- just\n- a list\n"))


def test_allowlist_loads_terms_and_a_missing_file_is_empty(tmp_path):
    path = write(tmp_path, "terms: [Mjølnerparken, Kildeparken, \"Aalborg Øst\"]\n", "allowlist.yaml")
    assert load_allowlist(path) == frozenset({"Mjølnerparken", "Kildeparken", "Aalborg Øst"})
    assert load_allowlist(tmp_path / "missing.yaml") == frozenset()


def test_allowlist_must_be_a_list_of_terms(tmp_path):
    path = write(tmp_path, "terms: Mjølnerparken\n", "allowlist.yaml")
    with pytest.raises(InvalidAllowlist, match="'terms' must be a list"):
        load_allowlist(path)
    path = write(tmp_path, "words: [Mjølnerparken]\n", "allowlist.yaml")
    with pytest.raises(InvalidDirectory, match="one key, 'terms'"):
        load_allowlist(path)
