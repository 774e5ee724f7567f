"""Slack shortcut listeners."""
