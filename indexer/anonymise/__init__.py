"""Anonymisation of lessons from the confidential development meetings."""
