"""What admins do in Slack: ``gate`` (who is an admin, checked on the server), ``command``
(the shared opening of admin commands), ``reindex`` (single-flight rebuilds with a status
message), ``uploads`` and ``upload_blocks`` (files sent to the bot become articles) and
``messages`` (the Danish texts admins see)."""
