"""Irregular migration and people smuggling reporting (the VRS-MSRC class of system): incident
reports of what member agencies detect, with persons as counts, never names."""
