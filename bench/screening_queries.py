"""How another member writes a watchlist person: the variants of a positive query, and the
other people that make the negatives (see ``screening_data`` for the identities)."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, replace

from screening_data import Identity, birth_dates, make_identity, part_key, script_name

LATIN_OPERATIONS = ("spelling", "typo", "order", "surname_comma", "honorific", "particle",
                    "initial", "drop", "join_split", "upper")  # fmt: skip

# Another person's name is not written with a part dropped or cut to an initial: that could erase
# the one part that tells it from a watchlist name ("Gutaizou Fora" for "Gutaizou Laide Fora",
# "Thet T. Maung" for "Thet Than Maung") and leave a query that is, by its name, the watchlist
# person: a hit any analyst must see, wrongly labelled as another person.
NEGATIVE_OPERATIONS = tuple(op for op in LATIN_OPERATIONS if op not in ("drop", "initial"))

# Traditions whose given names are commonly cut to an initial (K. Murugan, V. Kumar).
INITIALS = frozenset({"tamil", "hindi", "russian", "invented", "sinhala", "faker-en_IN",
                      "faker-ru_RU"})  # fmt: skip


Key = tuple[str, ...]


def _shortened(key: Key) -> set[Key]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))} if len(key) >= 3 else set()


@dataclass
class Taken:
    """The watchlist's names as sorted part keys, and the same with one part left out."""

    whole: set[Key]
    shortened: set[Key]

    @classmethod
    def of(cls, keys: set[Key]) -> Taken:
        return cls(keys, {short for key in keys for short in _shortened(key)})

    def near(self, key: Key) -> bool:
        """True for a watchlist name, or one with a part more or less: another person with such
        a name is, by the name alone, the watchlist person (Waheed Awani for Waheed Taahir
        Awani), a hit any analyst must see, and no fair negative."""
        return (
            key in self.whole or key in self.shortened or not self.whole.isdisjoint(_shortened(key))
        )


@dataclass(frozen=True)
class Query:
    query_id: str
    name: str
    birth_date: str
    nationality: str
    target: str | None  # the watchlist id this query is, None for a negative
    kind: str  # script, latin, negative-new, negative-changed, negative-namesake


def positive(
    rng: random.Random, query_id: str, target_id: str, person: Identity, taken: Taken
) -> Query:
    """A query for a watchlist person, written with one to three variations; a dropped part
    never leaves the exact name of another watchlist person (that query would be ambiguous)."""
    written = script_name(person) if rng.random() < 0.3 else None
    if written is None:
        operations = rng.sample(LATIN_OPERATIONS, rng.choice((1, 2, 2, 3)))
        if "drop" in operations and _any_drop_taken(person, taken):
            operations.remove("drop")
        written = write_latin(rng, person, operations)
    elif rng.random() < 0.3 and person.tradition.honorifics:
        written = f"{rng.choice(person.tradition.honorifics)} {written}"
    # Lists that hold a name only in its own script (Faker's Arabic, Thai, Tamil...) are
    # queried in that script: such a query counts as a script query.
    kind = "latin" if written.isascii() else "script"
    return Query(query_id, written, query_date(rng, person), query_nationality(rng, person),
                 target_id, kind)  # fmt: skip


def _any_drop_taken(person: Identity, taken: Taken) -> bool:
    names = [part_key(part) for part in person.parts]
    return any(tuple(sorted(names[:i] + names[i + 1 :])) in taken.whole for i in range(len(names)))


def write_latin(rng: random.Random, person: Identity, operations: list[str]) -> str:
    spelling = "spelling" in operations
    words = [rng.choice(part[0]) if spelling else part[0][0] for part in person.parts]
    if "join_split" in operations:
        words = _join_or_split(rng, words)
    if "typo" in operations:
        words = _typo(rng, words)
    if (
        "initial" in operations
        and len(words) >= 2
        and all(word.isascii() for word in words)  # other scripts do not abbreviate names
        and (len(words) >= 3 or person.tradition.name in INITIALS)
    ):
        position = rng.randrange(len(words) - 1)
        words[position] = words[position][0] + "."
    if "drop" in operations and len(words) >= 3:
        del words[rng.randrange(1, len(words) - 1)]
    if "particle" in operations and len(words) >= 2:
        particle = person.tradition.particle or ("bin" if person.tradition.name == "arabic" else "")
        if particle:
            words.insert(1, particle)
    text = _ordered(rng, words, operations)
    if "honorific" in operations and person.tradition.honorifics:
        text = f"{rng.choice(person.tradition.honorifics)} {text}"
    return text.upper() if "upper" in operations else text


def _ordered(rng: random.Random, words: list[str], operations: list[str]) -> str:
    if "surname_comma" in operations and len(words) >= 2:
        return f"{words[-1].upper()}, {' '.join(words[:-1])}"
    if "order" in operations and len(words) >= 2:
        shift = rng.randrange(1, len(words))
        words = words[shift:] + words[:shift]
    return " ".join(words)


def _join_or_split(rng: random.Random, words: list[str]) -> list[str]:
    spaced = [i for i, word in enumerate(words) if " " in word or "-" in word]
    if spaced:
        i = rng.choice(spaced)
        words[i] = words[i].replace(" ", "").replace("-", "")
        return words
    long_words = [i for i, word in enumerate(words) if len(word) >= 6]
    if long_words and rng.random() < 0.5:
        i = rng.choice(long_words)
        cut = rng.randrange(3, len(words[i]) - 2)
        words[i] = f"{words[i][:cut]} {words[i][cut:]}"
    elif len(words) >= 2:
        i = rng.randrange(len(words) - 1)
        words[i : i + 2] = [words[i] + words[i + 1].lower()]
    return words


def _typo(rng: random.Random, words: list[str]) -> list[str]:
    candidates = [i for i, word in enumerate(words) if len(word) >= 5]
    if not candidates:
        return words
    i = rng.choice(candidates)
    word, at = words[i], rng.randrange(1, len(words[i]) - 1)
    # In another script a typo is taken as a letter dropped or doubled (an added letter or a
    # swap would often leave a vowel sign on no consonant, which no keyboard writes).
    edit = rng.choice(("insert", "delete", "replace", "swap") if word.isascii() else ("delete",))
    # A typo in another script is one of that word's own letters, not a Latin one.
    letter = rng.choice(string.ascii_lowercase if word.isascii() else word)
    words[i] = {
        "insert": word[:at] + letter + word[at:],
        "delete": word[:at] + word[at + 1 :],
        "replace": word[:at] + letter + word[at + 1 :],
        "swap": word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :],
    }[edit]
    return words


def query_date(rng: random.Random, person: Identity) -> str:
    if person.birth is None or rng.random() < 0.3:
        return ""
    year, month, day = person.birth
    form = rng.choices(("same", "year", "swap", "off_by_one"), (70, 15, 8, 7))[0]
    if form == "year":
        return f"{year:04d}"
    if form == "swap" and day <= 12:
        month, day = day, month
    if form == "off_by_one":
        year += rng.choice((-1, 1))
    return f"{year:04d}-{month:02d}-{day:02d}"


def query_nationality(rng: random.Random, person: Identity) -> str:
    return person.nationality if person.nationality and rng.random() < 0.6 else ""


def negative_new(rng: random.Random, query_id: str, taken: Taken) -> Query:
    """Another person made of the same common parts, not on the watchlist."""
    while True:
        person = make_identity(rng)
        if not any(taken.near(key) for key in person.keys):
            return _negative(rng, query_id, person, "negative-new")


def negative_changed(
    rng: random.Random, query_id: str, person: Identity, taken: Taken
) -> Query | None:
    """A watchlist name with one part replaced by another of the same tradition."""
    for _ in range(20):
        other = make_identity(rng, person.tradition)
        parts = list(person.parts)
        position = rng.randrange(len(parts))
        parts[position] = other.parts[min(position, len(other.parts) - 1)]
        changed = Identity(
            person.tradition, parts, other.birth, other.birth_kind, other.nationality
        )
        if not any(taken.near(key) for key in changed.keys):
            return _negative(rng, query_id, changed, "negative-changed")
    return None


def negative_namesake(rng: random.Random, query_id: str, person: Identity) -> Query | None:
    """Someone with the same name, born years apart in another country."""
    if person.birth_kind != "full" or person.birth is None or not person.nationality:
        return None
    year, month, day = person.birth
    year += rng.choice((-1, 1)) * rng.randint(8, 25)
    countries = [c for c in ("GB", "FR", "US", "BR", "ZA", "DE") if c != person.nationality]
    namesake = replace(person, birth=(year, month, day), nationality=rng.choice(countries))
    latin = write_latin(rng, namesake, ["spelling"])
    return Query(query_id, latin, f"{year:04d}-{month:02d}-{day:02d}", namesake.nationality,
                 None, "negative-namesake")  # fmt: skip


def _negative(rng: random.Random, query_id: str, person: Identity, kind: str) -> Query:
    written = script_name(person) if rng.random() < 0.25 else None
    if written is None:
        written = write_latin(rng, person, rng.sample(NEGATIVE_OPERATIONS, rng.choice((1, 2))))
    date = birth_dates(person)[0] if birth_dates(person) and rng.random() < 0.6 else ""
    date = date if ".." not in date else date[:4]
    return Query(query_id, written, date, query_nationality(rng, person), None, kind)
