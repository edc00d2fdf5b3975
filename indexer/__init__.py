"""Builds the search index: reads `corpus/`, chunks articles, embeds chunks, publishes snapshots."""
