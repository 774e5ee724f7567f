"""Answering in Slack."""
