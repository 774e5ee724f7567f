"""Slack events listeners."""
