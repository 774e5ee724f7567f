"""The bot's own database, state.db: ``schema`` (the only place its tables are defined, as
migrations), ``db`` (the connection), ``usage`` (question log and statistics) and ``retention``
(old questions deleted)."""
