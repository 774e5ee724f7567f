"""Invented events, the tests' fixed clock and the events.yaml writer shared by the events,
/salon and calendar tests.

Each test file builds its own events.yaml from the entries here plus the ones only it needs, so
the events a test relies on stay easy to find.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from indexer.knowledge.events import TZ

NOW = dt.datetime(2027, 5, 1, 12, 0, tzinfo=TZ)   # summer time in Copenhagen (UTC+2)

# A dated public salon with place, sign-up link and deadline (an entry under ``events:``).
SALON_SKALA = """\
  - id: salon-skala
    title: "Salon: Skala i partnerskaber"
    kind: salon
    start: 2027-06-03T14:00:00
    end: 2027-06-03T16:30:00
    location: {name: "Medborgerhuset Testby", address: "Prøvevej 1, 2300 København S"}
    audience: public
    signup_url: https://example.org/tilmeld-skala
    signup_deadline: 2027-05-27
"""

# A public salon whose date is not set yet.
SALON_EVALUERING_TBA = """\
  - id: salon-evaluering
    title: "Salon: Evalueringsmodeller"
    kind: salon
    date_status: tba
    date_text: "dato følger – forventes efteråret 2027"
    audience: public
"""


def write_events(directory: Path, text: str) -> Path:
    """Write ``text`` (dedented, so it may be indented like the test) as ``directory/events.yaml``."""
    path = directory / "events.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path
