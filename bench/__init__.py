"""`make bench`: speed, memory and scale figures for the indexer, the search API and the Slack app."""
