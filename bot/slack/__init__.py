"""Slack plumbing every surface shares: ``text`` (escaping, mentions, splitting long messages),
``incoming`` (which messages are meant for the bot) and ``dedupe`` (Slack's retried deliveries)."""
