"""Travel-document and visa integrity: ICAO Doc 9303 MRZ parsing and validation."""
