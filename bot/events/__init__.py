"""Events in Slack."""
