"""Slack plumbing."""
