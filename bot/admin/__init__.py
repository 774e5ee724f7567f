"""Admin surfaces."""
