"""Document numbers and issuing-state codes as the register stores and compares them.

Pure functions, no I/O, nothing raises on any string. A number is normalised once (NFKC, upper
case, MRZ fillers, spaces, dashes and dots removed) and then compared exactly, or through its
*confusable key*: every character an OCR engine or a person typing from a photocopy may confuse
(O/0/Q/D, I/1/L, B/8, S/5, Z/2, G/6) is replaced by one character standing for its group, so two
numbers that differ only by such substitutions share a key. The register indexes that key to find
confusable candidates with one equality lookup, and :func:`match_kind` tells the two kinds apart.

Examples:
    >>> normalise_number(" l898-902.c3< ")
    'L898902C3'
    >>> confusable_key("L898902C3") == confusable_key("1B9B9O2C3")
    True
    >>> match_kind("L898902C3", "1B9B9O2C3")
    <MatchKind.CONFUSABLE: 'confusable'>
    >>> normalise_state("deu"), normalise_state("D<<"), normalise_state("th")
    ('D', 'D', 'THA')
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

import pycountry

from rcf.documents.mrz_codes import ICAO_CODES

# Removed from numbers: the MRZ filler, whitespace, and the dashes and dots people type between
# groups of characters (ASCII and the Unicode dashes NFKC leaves alone).
_SEPARATORS = "<-._ \t\r\n\v\f\u00a0\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2027\u00b7"
_DROP_SEPARATORS = str.maketrans("", "", _SEPARATORS)

# Each confusable group and the one character standing for it in a key. A group's class
# character is its digit, so a key is still a plain upper-case alphanumeric string.
CONFUSABLE_GROUPS: tuple[tuple[str, str], ...] = (
    ("0", "OQD"),
    ("1", "IL"),
    ("2", "Z"),
    ("5", "S"),
    ("6", "G"),
    ("8", "B"),
)
_TO_CLASS = str.maketrans({c: digit for digit, letters in CONFUSABLE_GROUPS for c in letters})
# The same two tables for ASCII text as bytes: bytes.translate is a plain array lookup, several
# times faster than str.translate's dict (a manifest or a bulk check normalises millions).
_ASCII_SEPARATORS = bytes(ord(c) for c in _SEPARATORS if c.isascii())
_ASCII_TO_CLASS = bytes.maketrans(
    "".join(letters for _, letters in CONFUSABLE_GROUPS).encode(),
    "".join(digit * len(letters) for digit, letters in CONFUSABLE_GROUPS).encode(),
)

# Germany's ICAO code is "D"; its ISO alpha-3 code is accepted and mapped to it.
_STATE_ALIASES = {"DEU": "D"}
_ALPHA2_TO_ALPHA3 = {country.alpha_2: country.alpha_3 for country in pycountry.countries}
_DROP_STATE_FILLERS = str.maketrans("", "", "< \t\r\n\u00a0")


class MatchKind(StrEnum):
    """How a register number matched a checked number."""

    EXACT = "exact"
    CONFUSABLE = "confusable"


def normalise_number(text: str) -> str:
    """The number as stored and compared: NFKC, upper case, fillers/spaces/dashes/dots removed.

    Examples:
        >>> normalise_number("\\uff2c898 902 C3")  # full-width L
        'L898902C3'
    """
    if text.isascii():
        if text.isalnum():
            return text.upper()
        return text.upper().encode().translate(None, _ASCII_SEPARATORS).decode()
    return _clean(text, _DROP_SEPARATORS)


def confusable_key(number: str) -> str:
    """The key shared by every number that differs from ``number`` only by confusable characters.

    ``number`` is normalised first, so raw input and stored numbers give the same key.

    Examples:
        >>> confusable_key("AB-S0Z1")
        'A85021'
    """
    return _class_key(normalise_number(number))


def _class_key(number: str) -> str:
    if number.isascii():
        return number.encode().translate(_ASCII_TO_CLASS).decode()
    return number.translate(_TO_CLASS)


def match_kind(checked: str, candidate: str) -> MatchKind | None:
    """Whether ``candidate`` is the checked number exactly, a confusable variant, or neither."""
    checked, candidate = normalise_number(checked), normalise_number(candidate)
    if checked == candidate:
        return MatchKind.EXACT
    if _class_key(checked) == _class_key(candidate):
        return MatchKind.CONFUSABLE
    return None


def is_exact(checked: str, candidate: str) -> bool:
    """Whether the two numbers are the same once normalised (not merely confusable)."""
    return normalise_number(checked) == normalise_number(candidate)


def normalise_state(text: str) -> str:
    """The ICAO code of an issuing state or nationality, or the cleaned text when unknown.

    Upper case, fillers and spaces removed; ISO 3166-1 alpha-2 codes become alpha-3, and
    Germany's ``DEU`` becomes ICAO's ``D``. An unknown code is returned cleaned so the caller
    can report it (:func:`is_known_state`).
    """
    code = _STATE_CACHE.get(text)
    if code is None:
        code = _clean(text, _DROP_STATE_FILLERS)
        code = _ALPHA2_TO_ALPHA3.get(code, code) if len(code) == 2 else code
        code = _STATE_ALIASES.get(code, code)
        if len(_STATE_CACHE) >= _STATE_CACHE_SIZE:
            _STATE_CACHE.clear()  # bounded whatever a file holds
        _STATE_CACHE[text] = code
    return code


# A few hundred codes recur across millions of manifest lines.
_STATE_CACHE: dict[str, str] = {}
_STATE_CACHE_SIZE = 10_000


def _clean(text: str, drop: dict[int, int | None]) -> str:
    """NFKC, upper case, ``drop`` removed; ASCII (nearly every input) skips the Unicode tables."""
    if text.isascii():
        return text.upper().translate(drop)
    # Upper-casing can yield a compatibility character (U+01C5 -> U+01C4), and removing a
    # separator can bring a combining mark next to a letter that NFKC then composes: repeat
    # until stable, so cleaning a stored value again changes nothing.
    for _ in range(8):
        again = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).upper())
        again = again.translate(drop)
        if again == text:
            break
        text = again
    return text


def is_known_state(code: str) -> bool:
    """Whether ``code`` (already normalised) is on ICAO's list of states and organisations."""
    return code in ICAO_CODES
