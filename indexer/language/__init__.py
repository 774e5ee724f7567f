"""Danish text."""
