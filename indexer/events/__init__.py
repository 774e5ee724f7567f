"""Network events in Danish."""
