"""Answering in Slack: ``answering`` (search, post, remember, with 👀 while it works), ``blocks``
(Block Kit with numbered sources and buttons), ``feedback`` (answers, votes, reasons, hand-offs)
and ``threads`` (earlier questions of a thread as context for a follow-up)."""
