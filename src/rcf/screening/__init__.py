"""Screening of persons against the shared watchlist: name normalisation, matching and indexing.

The modules here are pure (no I/O, no database) so that they can be benchmarked and fuzzed alone.
"""
