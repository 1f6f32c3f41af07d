"""Cross-member linkage: the same person, and the same boat event, across members' records.

Pure modules, no database: a Fellegi-Sunter model (``scoring``) over per-field comparisons
(``persons``, ``events``), candidate pairs from blocking keys, and clustering that refuses
chains across contradicting evidence (``clustering``).
"""
