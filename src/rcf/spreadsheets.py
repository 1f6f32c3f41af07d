"""Formula injection (D2): what every CSV the platform writes does to cells a spreadsheet would
run as a formula, and how the importer undoes it exactly.

A cell starting with ``= + - @``, a tab or a carriage return (apostrophes already in front
counted in) gets one more leading ``'``; plain numbers such as ``-10.9`` are left alone.
``restore_cell`` is the exact inverse, so an exported file imports back unchanged.
"""

from __future__ import annotations

import re

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def neutralise_cell(value: str) -> str:
    """The cell as a spreadsheet will show but never run."""
    if _FORMULA.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """Undo ``neutralise_cell``."""
    return value[1:] if _NEUTRALISED.match(value) else value
