"""Searching the index and composing answers."""
