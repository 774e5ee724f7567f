"""Building and loading the index."""
