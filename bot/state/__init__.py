"""The bot's own database."""
