"""Extractors: pure functions from the normalized text and outline to items with spans."""
