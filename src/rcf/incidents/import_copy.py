"""PostgreSQL's COPY text format, made by the workers that check the rows (see ``importing``).

On PostgreSQL a checked report carries its incident as one COPY line (the ``ROW_COLUMNS``
values, tab-separated) and its person counts as lines too; the main process only puts the id
and the owner's columns in front and writes whole batches with ``copy.write``. Sending one
string instead of a tuple of 46 values also makes a result much cheaper to pickle.

Text format: ``\\N`` is NULL; a backslash, tab, newline or carriage return in a value is
escaped with a backslash; other values are written as ``str`` gives them (int, float,
Decimal, date and time in ISO form), which is what PostgreSQL reads back as the same value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = re.compile(r"[\\\t\n\r]")
_PLAIN = frozenset({str, type(None)})
_NUMBERS = frozenset({int, float})


def copy_field(value: Any) -> str:
    """One value as COPY text."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(_ESCAPES) if _SPECIAL.search(value) else value
    return str(value)


def copy_column(values: Sequence[Any]) -> Sequence[str]:
    """A column of values as COPY text: a column of strings that need no escape (the usual
    case) as it is, one of numbers by ``str`` (in C); any other value by value."""
    types = set(map(type, values))
    plain = types <= _PLAIN and _SPECIAL.search("".join(filter(None, values))) is None
    if plain and types == {str}:
        return values
    if plain:
        return [NULL if value is None else value for value in values]
    if types <= _NUMBERS:
        return list(map(str, values))
    return list(map(copy_field, values))


def copy_lines(columns: Iterable[Sequence[Any]]) -> list[str]:
    """Rows given as columns, each row as one COPY line (without its line break)."""
    return list(map("\t".join, zip(*map(copy_column, columns), strict=True)))


def copy_line(values: Iterable[Any]) -> str:
    return "\t".join(map(copy_field, values))


def person_lines(persons: Iterable[tuple[Any, ...]]) -> tuple[str, ...]:
    return tuple(map(_person_line, persons))


# The same few (citizenship, sex, age group, count) come again and again.
_person_line = lru_cache(maxsize=4096)(copy_line)


def copy_rows(prefixes: Iterable[str], lines: Iterable[str]) -> str:
    """``prefix<TAB>line`` for each row, with line breaks: what ``copy.write`` takes."""
    return "".join(map("{}\t{}\n".format, prefixes, lines))
