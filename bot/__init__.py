"""Vidensbanken's Slack bot: Slack surfaces (events, commands, actions, views) over the search API.

Nothing here embeds text or loads a model; answers come from :mod:`indexer.service`.
"""
