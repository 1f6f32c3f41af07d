"""Screening of persons against the shared watchlist: name normalisation, matching and indexing.

The matching modules (normalise, scripts, alignment, matching, index, evidence, persons, offline)
are pure (no I/O, no database) so that they can be benchmarked and fuzzed alone; ``models`` holds
the watchlist tables the platform screens against.
"""
