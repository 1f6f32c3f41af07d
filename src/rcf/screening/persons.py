"""The people screening compares: names prepared once, birth dates that may be partial."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rcf.screening.normalise import parse_name, phonetic_key, spelled_key

BIRTH_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")
BIRTH_RANGE = re.compile(r"^(\d{4})\.\.(\d{4})$")
ABJAD_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f]")
# Abugidas (Indic, Sinhala, Thai, Lao, Khmer) leave vowels implicit: a transliteration guesses
# them (Narendra, nrendr). Burmese is not here: its romaniser spells the vowels out.
ABUGIDA_LETTERS = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u1780-\u17ff]")


class BirthDateError(ValueError):
    """A birth date in none of the forms YYYY-MM-DD, YYYY or YYYY..YYYY."""


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A birth date known to the day, to the year, or as a range of years."""

    first_year: int
    last_year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.day is not None

    def __str__(self) -> str:
        if self.month is not None and self.day is not None:
            return f"{self.first_year:04d}-{self.month:02d}-{self.day:02d}"
        if self.first_year == self.last_year:
            return f"{self.first_year:04d}"
        return f"{self.first_year:04d}..{self.last_year:04d}"


def parse_birth_date(text: str) -> BirthDate:
    """Read ``YYYY-MM-DD``, ``YYYY`` or ``YYYY..YYYY``; raise BirthDateError otherwise."""
    text = text.strip()
    if match := BIRTH_RANGE.match(text):
        first, last = int(match[1]), int(match[2])
        if first > last:
            raise BirthDateError(f"{text!r}: the range ends before it starts")
        return BirthDate(first, last)
    match = BIRTH_DATE.match(text)
    if match is None:
        raise BirthDateError(f"{text!r} is not YYYY-MM-DD, YYYY or YYYY..YYYY")
    year = int(match[1])
    if match[2] is None:
        return BirthDate(year, year)
    month, day = int(match[2]), int(match[3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise BirthDateError(f"{text!r} has no such month or day")
    return BirthDate(year, year, month, day)


@dataclass(frozen=True, slots=True)
class PreparedName:
    """One written form of a name, split and keyed once for every comparison."""

    text: str
    tokens: tuple[str, ...]
    keys: tuple[str, ...]
    optional: tuple[str, ...]
    abjad: bool  # written without most vowels: consonants carry the evidence
    transliterated: bool  # written in a script whose vowels a transliteration has to guess
    honorifics: tuple[str, ...] = ()  # forms of address in front of the name (U, Daw, Ma, Ko)

    @property
    def rarity_keys(self) -> tuple[str, ...]:
        """The key each part's rarity is counted under: its phonetic key, or the part itself
        when the key has a single consonant (Ho, Oo, Nay would otherwise all be one key)."""
        return tuple(
            key if len(key) >= 2 else "=" + token
            for token, key in zip(self.tokens, self.keys, strict=True)
        )

    @property
    def spelling_keys(self) -> tuple[str, ...]:
        """The key each part's rarity as spelled is counted under: finer than the consonants,
        which many different names share (Metizou, Mutasa: mts)."""
        return tuple("~" + spelled_key(token) for token in self.tokens)


def prepare_name(text: str) -> PreparedName:
    """Split a name in any script into its parts and their phonetic keys."""
    parts = parse_name(text)
    keys = tuple(phonetic_key(token) for token in parts.tokens)
    abjad = bool(ABJAD_LETTERS.search(text))
    other = abjad or bool(ABUGIDA_LETTERS.search(text))
    return PreparedName(text, parts.tokens, keys, parts.optional, abjad, other, parts.honorifics)


@dataclass(frozen=True, slots=True)
class Person:
    """A person to screen or a watchlist entry: names, birth dates, nationalities, gender."""

    id: str
    names: tuple[PreparedName, ...]
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: frozenset[str] = field(default_factory=frozenset)
    gender: str = ""


def make_person(
    person_id: str,
    names: list[str] | tuple[str, ...],
    birth_dates: list[str] | tuple[str, ...] = (),
    nationalities: list[str] | tuple[str, ...] = (),
    gender: str = "",
) -> Person:
    """Build a Person from plain strings (dates parsed, names prepared, codes upper-cased)."""
    prepared = tuple(prepare_name(name) for name in dict.fromkeys(names) if name.strip())
    return Person(
        id=person_id,
        names=tuple(name for name in prepared if name.tokens),
        birth_dates=tuple(parse_birth_date(date) for date in birth_dates if date.strip()),
        nationalities=frozenset(code.strip().upper() for code in nationalities if code.strip()),
        gender=gender.strip().lower(),
    )
