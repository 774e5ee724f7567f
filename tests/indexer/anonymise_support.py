"""Helpers for the anonymiser's tests: make its first pass miss what a scan wrote, to test the net."""

from __future__ import annotations

import indexer.anonymise.anonymiser as anonymiser


def blind_first_pass_to_scans(monkeypatch) -> None:
    """The first pass does not read a scan's digits as letters ("K0foed" stays); the re-scan still does."""
    reading, calls = anonymiser.read_scan_digits, []

    def blind_first(norm, lexicon):
        calls.append(1)
        return norm if len(calls) == 1 else reading(norm, lexicon)

    monkeypatch.setattr(anonymiser, "read_scan_digits", blind_first)
