"""Labelled data for the screening benchmark: a synthetic watchlist and queries with answers.

Identities are random combinations of the name parts in ``screening_names`` (each tradition
with its own structure: Arabic nasab, Burmese syllables without family name, Chinese and Korean
family-first, Vietnamese family-middle-given, Malay bin/binti...) plus invented syllable names
for the long tail. Positive queries are written from a watchlist identity the way another
member would write it: other Latin spellings, the original script, typos, order swaps,
``SURNAME, Given``, honorifics and titles, particles, initials, a dropped middle name, parts
joined or split, other date precision. Negative queries are other people: new combinations of
the same common parts, a watchlist name with one part changed, and a watchlist name borne by a
person with another birth date and nationality.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import screening_names as n

Part = n.Part


@dataclass(frozen=True)
class Tradition:
    name: str
    countries: tuple[str, ...]
    build: Callable[[random.Random], list[Part]]
    script_joiner: str = " "
    honorifics: tuple[str, ...] = ()
    particle: str = ""  # inserted between the first part and the next (bin, binti)


# Letters that name lists write either way for one name: Arabic and Persian ye, kaf and final
# h; hamza seats (the vowel signs of every script are dropped by ``part_key``).
FOLDED_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا"}  # noqa: RUF001
# Letters of the abugidas that one Latin spelling writes alike and that Faker's lists use either
# way for one name (रिता and रीता, एलिशा and एलिसा, साह and शाह, ณิชนันท์ and นิชนันท์): the
# sibilants, the retroflex nasal and lateral, long and short independent vowels, and Thai's
# letters that stand for one sound (RTGS writes ฐ ฑ ฒ ถ ท ธ all th).
FOLDED_ABUGIDA = {
    **dict.fromkeys("शष", "स"), "ण": "न", "ळ": "ल", "ई": "इ", "ऊ": "उ",  # Devanagari
    **dict.fromkeys("শষ", "স"), "ণ": "ন", "ঈ": "ই", "ঊ": "উ", "ৎ": "ত",  # Bengali
    **dict.fromkeys("ணந", "ன"), **dict.fromkeys("ளழ", "ல"), "ற": "ர",  # Tamil
    **dict.fromkeys("ශෂ", "ස"), "ණ": "න", "ළ": "ල",  # Sinhala
    **dict.fromkeys("ศษซ", "ส"), "ณ": "น", **dict.fromkeys("ฐฑฒถธ", "ท"), "ฎ": "ด",  # Thai
    "ฏ": "ต", **dict.fromkeys("ขฃฅฆ", "ค"), **dict.fromkeys("ผภ", "พ"), "ฝ": "ฟ",
    **dict.fromkeys("ฉฌ", "ช"), "ฬ": "ล", "ฮ": "ห", "ใ": "ไ",
}  # fmt: skip
FOLDED = str.maketrans({**FOLDED_LETTERS, **FOLDED_ABUGIDA})
# Latin spellings of one name that Faker's lists also hold as two names (Waheed, Wahid and
# Waahid; Muhallil and Muhalil; Soo and Su; Rudy and Rudi): long vowels written doubled, doubled
# consonants, q k, v w, ph f, a final y or i.
LATIN_FOLDS = (("ee", "i"), ("oo", "u"), ("ph", "f"), ("q", "k"), ("v", "w"))
REPEATED_LETTER = re.compile(r"(.)\1+")
FINAL_Y = re.compile(r"y\b")


def part_key(part: Part, script: bool = False) -> str:
    """A key for the spellings of a name part, in Latin or (``script``) in its original script
    when it has one (so that the hand-written tables and Faker's lists agree on 성현 or محمد),
    with vowel signs, virama and diacritics dropped and the letters of ``FOLDED`` merged
    (Faker's lists hold रिता and रीता, دیپک and ديپک, एलिशा and एलिसा as two names), and
    Latin letters folded by ``LATIN_FOLDS``."""
    text = unicodedata.normalize("NFKD", ((script and part[1]) or part[0][0]).lower())
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Mc", "Cf"))
    for letters, folded in LATIN_FOLDS:
        text = text.replace(letters, folded)
    text = REPEATED_LETTER.sub(r"\1", FINAL_Y.sub("i", text))
    return text.translate(FOLDED).replace(" ", "").replace("-", "")


@dataclass
class Identity:
    tradition: Tradition
    parts: list[Part]
    birth: tuple[int, int, int] | None
    birth_kind: str  # full, year, range, none
    nationality: str
    key: tuple[str, ...] = field(init=False)
    keys: tuple[tuple[str, ...], ...] = field(init=False)

    def __post_init__(self) -> None:
        self.key = tuple(sorted(part_key(part) for part in self.parts))
        # Two names are one when they agree in Latin (余丽华 and 俞丽华 are both Yu Lihua) or in
        # the original script (성현 is Sung Hyun and Seong-hyeon).
        self.keys = (self.key, tuple(sorted(part_key(part, script=True) for part in self.parts)))

    def latin(self, choose: Callable[[Part], str] = lambda part: part[0][0]) -> list[str]:
        return [choose(part) for part in self.parts]


def _pick(rng: random.Random, pool: list[Part], skew: float = 1.2) -> Part:
    # Zipf-like: the first parts of each pool are much more common, as in real name lists.
    weights = [1 / (rank + 1) ** skew for rank in range(len(pool))]
    return rng.choices(pool, weights)[0]


def _arabic(rng: random.Random) -> list[Part]:
    parts = [_pick(rng, n.ARABIC_GIVEN)]
    if rng.random() < 0.6:
        parts.append(_pick(rng, n.ARABIC_GIVEN[:27]))  # father's name (male names)
    return [*parts, _pick(rng, n.ARABIC_FAMILY)]


def _persian(rng: random.Random) -> list[Part]:
    if rng.random() < 0.2:
        return [_pick(rng, n.PERSIAN_GIVEN), _pick(rng, n.PERSIAN_GIVEN)]
    given = [_pick(rng, n.PERSIAN_GIVEN) for _ in range(rng.choice((1, 1, 2)))]
    return [*given, _pick(rng, n.PERSIAN_FAMILY)]


def _burmese(rng: random.Random) -> list[Part]:
    count = rng.choices((2, 3, 4), (4, 5, 2))[0]
    return [_pick(rng, n.BURMESE_SYLLABLES, 0.7) for _ in range(count)]


def _chinese(rng: random.Random) -> list[Part]:
    given = [_pick(rng, n.CHINESE_GIVEN, 0.6) for _ in range(rng.choice((1, 2, 2)))]
    if len(given) == 2:  # written as one Latin word (Jianhua), one part
        given = [
            ((given[0][0][0] + given[1][0][0].lower(),), (given[0][1] or "") + (given[1][1] or ""))
        ]
    return [_pick(rng, n.CHINESE_FAMILY, 0.8), *given]


def _korean(rng: random.Random) -> list[Part]:
    first, second = _pick(rng, n.KOREAN_GIVEN, 0.5), _pick(rng, n.KOREAN_GIVEN, 0.5)
    latin = (f"{first[0][0]} {second[0][0]}", f"{first[0][0]}-{second[0][0].lower()}",
             f"{first[0][-1]}{second[0][-1].lower()}")  # fmt: skip
    return [_pick(rng, n.KOREAN_FAMILY, 0.9), (latin, (first[1] or "") + (second[1] or ""))]


def _vietnamese(rng: random.Random) -> list[Part]:
    return [_pick(rng, n.VIETNAMESE_FAMILY, 1.5), _pick(rng, n.VIETNAMESE_MIDDLE, 1.0),
            _pick(rng, n.VIETNAMESE_GIVEN, 0.6)]  # fmt: skip


def _two(
    given: list[Part], family: list[Part], skew: float = 0.8
) -> Callable[[random.Random], list[Part]]:
    return lambda rng: [_pick(rng, given, skew), _pick(rng, family, skew)]


def _from_one_pool(
    pool: list[Part], sizes: tuple[int, ...]
) -> Callable[[random.Random], list[Part]]:
    def build(rng: random.Random) -> list[Part]:
        count = rng.choice(sizes)
        chosen: list[Part] = []
        while len(chosen) < count:
            part = _pick(rng, pool, 0.7)
            if part not in chosen:
                chosen.append(part)
        return chosen

    return build


SYLLABLES = [c + v for c in "bdfghjklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def _invented(rng: random.Random) -> list[Part]:
    def word() -> str:
        return "".join(rng.choices(SYLLABLES, k=rng.choice((2, 3, 3)))).capitalize()

    return [((word(),), None) for _ in range(rng.choice((2, 3, 3)))]


HAND_TRADITIONS = [
    Tradition("arabic", ("SY", "IQ", "EG", "JO", "YE", "SA"), _arabic, " ",
              ("Haji", "Sheikh", "Dr")),
    Tradition("persian", ("AF", "IR", "PK"), _persian, " ", ("Mullah", "Maulavi", "Haji", "Sayed")),
    Tradition("burmese", ("MM",), _burmese, "", ("U", "Daw", "Ko", "Ma", "Maung", "Mg")),
    Tradition("chinese", ("CN", "TW"), _chinese, ""),
    Tradition("korean", ("KR", "KP"), _korean, ""),
    Tradition("vietnamese", ("VN",), _vietnamese, " "),
    Tradition("thai", ("TH",), _two(n.THAI_GIVEN, n.THAI_FAMILY), " ", ("Mr", "Khun")),
    Tradition("khmer", ("KH",), _from_one_pool(n.KHMER_PARTS, (2, 2, 3)), " "),
    Tradition("russian", ("RU", "UA", "KZ"), _two(n.RUSSIAN_GIVEN, n.RUSSIAN_FAMILY), " "),
    Tradition("hindi", ("IN", "NP"), _two(n.SOUTH_ASIAN_GIVEN, n.SOUTH_ASIAN_FAMILY), " "),
    Tradition("bengali", ("BD",), _from_one_pool(n.BENGALI_PARTS, (2, 3, 3)), " ", ("Md",)),
    Tradition("tamil", ("LK", "IN"), _from_one_pool(n.TAMIL_PARTS, (2, 2, 3)), " "),
    Tradition("sinhala", ("LK",), _two(n.SINHALA_PARTS, n.SINHALA_PARTS), " "),
    Tradition("malay", ("MY", "ID"), _two(n.MALAY_GIVEN, n.MALAY_GIVEN + n.ARABIC_GIVEN[:10]),
              " ", (), "bin"),
    Tradition("indonesian", ("ID",), _from_one_pool(n.INDONESIAN_SINGLE, (1, 2, 2)), " "),
]  # fmt: skip
INVENTED = Tradition("invented", ("AU", "NZ", "PH", "PG", "FJ"), _invented, " ")
# Legacy population (before Faker's lists): hand-written parts, invented names for the tail.
LEGACY_WEIGHTS = [14, 14, 12, 8, 4, 6, 5, 3, 3, 4, 5, 3, 2, 5, 3, 9]

# Faker locale -> (countries, forms of address or titles written in front, weight).
REAL_LOCALES: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {
    "en_PK": (("PK", "AF"), ("Haji", "Mullah", "Maulavi", "Dr", "Syed"), 9),
    "ar_AA": (("SY", "IQ", "EG", "JO", "YE", "SA"), ("الحاج", "الشيخ", "السيد"), 6),
    "fa_IR": (("IR", "AF"), ("حاجی", "ملا", "آقای"), 4),
    "en_IN": (("IN", "LK"), ("Dr", "Mr", "Shri"), 5),
    "ta_IN": (("IN", "LK"), (), 2),
    "ne_NP": (("NP",), (), 2),
    "bn_BD": (("BD",), (), 3),
    "si_LK": (("LK",), (), 1),
    "id_ID": (("ID",), ("Haji", "Bapak", "Ibu"), 7),
    "en_TH": (("TH",), ("Mr", "Khun"), 3),
    "th_TH": (("TH",), ("นาย", "นาง", "นางสาว"), 2),
    "vi_VN": (("VN",), (), 4),
    "zh_CN": (("CN",), (), 4),
    "zh_TW": (("TW",), (), 2),
    "ko_KR": (("KR", "KP"), (), 2),
    "ja_JP": (("JP",), (), 1),
    "ru_RU": (("RU", "UA", "KZ"), (), 3),
}
# Real population: Faker's lists most (60), hand-written parts (30, all Burmese, Khmer and the
# script-paired Arabic and Persian spellings), invented names a minority (4 and the overflow).
HAND_WEIGHTS = [5, 5, 10, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 3, 1]


def _real_traditions() -> list[Tradition]:
    from screening_real import real_builders  # builds its pools (seconds): only when used

    builders = real_builders()
    return [
        Tradition(f"faker-{locale}", countries, *builders[locale], titles)
        for locale, (countries, titles, _) in REAL_LOCALES.items()
    ]


TRADITIONS: list[Tradition] = [*HAND_TRADITIONS, INVENTED]
TRADITION_WEIGHTS: list[int] = list(LEGACY_WEIGHTS)


def use_population(population: str) -> None:
    """``real`` (default of the benchmark) or ``legacy`` (hand-written and invented names)."""
    if population == "legacy":
        TRADITIONS[:] = [*HAND_TRADITIONS, INVENTED]
        TRADITION_WEIGHTS[:] = LEGACY_WEIGHTS
        return
    TRADITIONS[:] = [*HAND_TRADITIONS, *_real_traditions(), INVENTED]
    TRADITION_WEIGHTS[:] = [*HAND_WEIGHTS, *(w for _, _, w in REAL_LOCALES.values()), 4]


def make_identity(rng: random.Random, tradition: Tradition | None = None) -> Identity:
    tradition = tradition or rng.choices(TRADITIONS, TRADITION_WEIGHTS)[0]
    kind = rng.choices(("full", "year", "range", "none"), (70, 15, 5, 10))[0]
    birth = (rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28))
    nationality = rng.choice(tradition.countries) if rng.random() < 0.85 else ""
    return Identity(tradition, tradition.build(rng), birth, kind, nationality)


def birth_dates(identity: Identity) -> list[str]:
    year, month, day = identity.birth or (0, 0, 0)
    if identity.birth_kind == "full":
        return [f"{year:04d}-{month:02d}-{day:02d}"]
    if identity.birth_kind == "year":
        return [f"{year:04d}"]
    if identity.birth_kind == "range":
        return [f"{year - 2:04d}..{year + 2:04d}"]
    return []


def script_name(identity: Identity) -> str | None:
    scripts = [part[1] for part in identity.parts]
    if any(script is None for script in scripts):
        return None
    return identity.tradition.script_joiner.join(s for s in scripts if s)


def unique_identities(rng: random.Random, count: int) -> list[Identity]:
    """``count`` persons with pairwise different names (as parts, in any order).

    Real watchlists rarely hold two different people with exactly the same full name, while
    random combinations of a few hundred common parts would hold thousands: a name already
    drawn is drawn again (eight tries), then replaced by an invented one. Near namesakes (a
    part more or less, one part changed) stay, as in real lists; exact namesakes are tested by
    the negative queries instead (same name, other birth date and nationality).
    """
    seen: set[tuple[str, ...]] = set()
    people: list[Identity] = []
    invented = INVENTED
    while len(people) < count:
        for attempt in range(9):
            person = make_identity(rng, invented if attempt == 8 else None)
            if seen.isdisjoint(person.keys):
                seen.update(person.keys)
                people.append(person)
                break
    return people
