"""Slack actions listeners."""
