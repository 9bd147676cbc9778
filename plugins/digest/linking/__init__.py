"""Corpus linking: syndicated copies, summits and discovered events, inferred dates, cross-links."""
