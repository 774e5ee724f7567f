"""Vidensbanken indexer: knowledge base text in, searchable index out.

load → anonymise → chunk → embed → store. Nothing here imports Slack. The bot
uses the public search API in :mod:`indexer.service`.
"""
