"""The hand-written minutes of `make anon-eval` say truly what they plant, read without running the anonymiser.

Every part is checked: each planted value is in its minute, each trap word is in its minute on one line
and holds no planted value (a trap that held a name would count a kept name as a leak). The parts written
with one person per name (see their annotation-notes.txt) are also checked for a name part of one minute
turning up in another minute, where the leak scan would count it against the wrong minute.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.anon_eval import run
from tests.anon_eval.run import ARTICLE, CORPUS, PARTS, Minute, load_part, present, selected_parts

ONE_PERSON_PER_NAME = ("sealed4", "sealed5", "sealed6")
FRONT_MATTER = ("title", "date", "meeting", "partnership", "audience")


def _whole_values(minute: Minute) -> list[str]:
    return [v for v in minute.personal if "@" in v or re.search(r"\d", v)]


@pytest.mark.parametrize("part", PARTS)
def test_every_minute_plants_what_its_annotation_says(part):
    minutes = load_part(part)
    assert minutes, part
    problems = []
    for m in minutes:
        front = yaml.safe_load(m.text.split("---", 2)[1])
        problems += [f"{m.name}: no {k} in the front matter" for k in FRONT_MATTER if k not in front]
        problems += [f"{m.name}: planted {v!r} is not in the minute"
                     for v in m.personal if not present(v, m.text, m)]
        for trap in m.traps:
            if "\n" in trap or trap not in m.text:
                problems.append(f"{m.name}: trap {trap!r} is not on one line of the minute")
            problems += [f"{m.name}: trap {trap!r} holds planted {v!r}" for v in m.personal if present(v, trap, m)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("part", ONE_PERSON_PER_NAME)
def test_no_planted_name_of_one_minute_is_in_another_minute(part):
    minutes = load_part(part)
    problems = []
    for m in minutes:
        for other in [o for o in minutes if o is not m]:
            problems += [f"{m.name}: {v!r} is also in {other.name}" for v in m.personal
                         if present(v, other.text, m, own_text=False)]
        problems += [f"{m.name}: {v!r} is in the harness's article" for v in m.personal
                     if v not in _whole_values(m) and present(v, ARTICLE, m, own_text=False)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("part", "fewest"), [("sealed5", 32), ("sealed6", 30)])
def test_a_blind_part_is_full_with_clean_minutes_and_notes(part, fewest):
    minutes = load_part(part)
    assert fewest <= len(minutes) <= 36
    assert 8 <= sum(not m.personal for m in minutes) <= 10
    assert all(8 <= len(m.traps) <= 15 for m in minutes)
    assert (CORPUS / part / "annotation-notes.txt").is_file()


def test_an_unseen_part_runs_only_by_its_own_name(monkeypatch):
    monkeypatch.setattr(run, "UNSEEN", ("sealed5",))
    assert selected_parts("all") == tuple(p for p in PARTS if p != "sealed5")
    assert selected_parts("sealed5") == ("sealed5",)
    monkeypatch.setattr(run, "UNSEEN", ())
    assert selected_parts("all") == PARTS
