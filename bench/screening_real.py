# ruff: noqa: E501, RUF001  (data tables: one line per rule set; Arabic letters as written)
"""Real name lists for the screening benchmark: the person-name tables of the Faker package.

Faker's locale providers hold lists of common given and family names collected for each country
(public, installable, no person's data beyond a name that thousands bear). They make the bulk of
the benchmark watchlist, so that its names have the frequencies, lengths and shapes of real ones
rather than of invented syllables. Each list keeps its own writing:

* Latin lists (Pakistan, India, Indonesia, Thailand in Latin, Vietnam, Uzbekistan) as written;
* original-script lists paired with a Latin form from a source independent of rcf's
  transliteration (rcf uses anyascii): Hanzi with pinyin from ``pypinyin``, Hangul with the
  Revised Romanisation of ``hangul-romanize``, Japanese kana with Faker's own romaji, Cyrillic
  with the passport (ICAO 9303) table below;
* original-script lists with no Latin form (Arabic, Persian, Thai, Bengali, Tamil, Sinhala,
  Nepali): such watchlist entries are screened with queries in the same script.

Other Latin spellings of a part (what another member's officer writes) come from the rules of
``SPELLINGS``: each is a habit of a romanisation (Wade-Giles for pinyin, McCune-Reischauer for
Revised Romanisation, old Indonesian spelling, English ee/oo for Thai and Indian vowels, Tamil
voicing), never rcf's output.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from importlib import import_module

from hangul_romanize import Transliter
from hangul_romanize.rule import academic
from pypinyin import lazy_pinyin

Part = tuple[tuple[str, ...], str | None]
Build = Callable[[random.Random], list[Part]]

# Each style: (pattern, replacement) rules; a part's other spellings apply one or two of them.
SPELLINGS: dict[str, list[tuple[str, str]]] = {
    "south_asian": [("ee", "i"), ("i(?=[^aeiou]*$)", "ee"), ("oo", "u"), ("u", "oo"), ("^Mu", "Mo"),
                    ("^Mo", "Mu"), ("w", "v"), ("v", "w"), ("q", "k"), ("aa", "a"), ("ai", "ay"),
                    ("z", "j"), ("sh", "s"), ("([bdfgklmnprst])\\1", "\\1"), ("ph", "f")],
    "tamil": [("k", "g"), ("g", "k"), ("th", "t"), ("t(?!h)", "d"), ("p", "b"), ("^Thiru", "Tiru"),
              ("aa", "a"), ("ee", "i"), ("oo", "u"), ("v", "w"), ("zh", "l")],
    "thai": [("ee", "i"), ("i$", "ee"), ("oo", "u"), ("ph", "p"), ("th", "t"), ("ch", "j"),
             ("j", "ch"), ("w", "v"), ("v", "w"), ("ai", "ay"), ("or", "o"), ("ng$", "ngk")],
    "indonesian": [("u", "oe"), ("j", "dj"), ("y", "j"), ("c", "tj"), ("i$", "y"), ("sy", "sj"),
                   ("kh", "ch"), ("([bdfgklmnprst])\\1", "\\1")],
    "russian": [("y$", "i"), ("iy$", "y"), ("^Yu", "Iu"), ("^Ya", "Ia"), ("^Ye", "E"), ("kh", "h"),
                ("ts", "tz"), ("ei", "ey"), ("ii", "y"), ("zh", "j"), ("v$", "ff"), ("ks", "x")],
    "chinese": [("zh", "ch"), ("^q", "ch"), ("^x", "hs"), ("^j", "ch"), ("^z", "ts"), ("^c(?!h)", "ts"),
                ("^g", "k"), ("^d", "t"), ("^b", "p"), ("ong", "ung"), ("ian", "ien"), ("^r", "j"),
                ("ui$", "uei"), ("^yi", "i"), ("e$", "o")],
    "korean": [("eo", "o"), ("eu", "u"), ("^g", "k"), ("^d", "t"), ("^b", "p"), ("^j", "ch"),
               ("ae", "ai"), ("oo", "u"), ("u", "oo"), ("yeo", "yo"), ("seo", "suh")],
    "japanese": [("ou", "o"), ("o$", "oh"), ("uu", "u"), ("shi", "si"), ("chi", "ti"),
                 ("tsu", "tu"), ("ji", "zi"), ("ei", "e")],
    "vietnamese": [],
    "arabic_script": [("ي", "ی"), ("ی", "ي"), ("ك", "ک"), ("ک", "ك"), ("ة", "ه"), ("[أإآ]", "ا"),
                      ("ى", "ي")],
    "none": [],
}  # fmt: skip


def spellings(word: str, style: str, limit: int = 3) -> tuple[str, ...]:
    """``word`` first, then up to ``limit`` other spellings in the habits of ``style``."""
    found: list[str] = [word]
    for pattern, replacement in SPELLINGS[style]:
        other = re.sub(pattern, replacement, word, count=1)
        other = other[:1].upper() + other[1:] if word[:1].isupper() else other
        if other not in found:
            found.append(other)
    if len(found) > 2:
        twice = re.sub(SPELLINGS[style][-1][0], SPELLINGS[style][-1][1], found[1], count=1)
        found.append(twice[:1].upper() + twice[1:])
    unique = list(dict.fromkeys(found))
    others = random.Random(word).sample(unique[1:], min(limit, len(unique) - 1))
    return (unique[0], *others)


def _names(locale: str, attribute: str) -> list[str]:
    provider = import_module(f"faker.providers.person.{locale}").Provider
    # Faker's Nepali list writes some family names in parentheses, "(न्यौपाने)" beside
    # "न्यौपाने": one name, which would otherwise make a second person by name only.
    return sorted({word.strip("()") for word in getattr(provider, attribute)}, key=str)


def latin_pool(locale: str, attribute: str, style: str) -> list[Part]:
    words = [w for w in _names(locale, attribute) if w.replace("-", "").replace("'", "").isalpha()]
    return [(spellings(word, style), None) for word in words]


def script_pool(locale: str, attribute: str, style: str = "none") -> list[Part]:
    return [(spellings(word, style), word) for word in _names(locale, attribute) if " " not in word]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def vietnamese_pool(attribute: str) -> list[Part]:
    return [(tuple(dict.fromkeys((_ascii(w), w))), w) for w in _names("vi_VN", attribute)]


def _syllables(hanzi: str) -> list[str]:
    return [s.capitalize() for s in lazy_pinyin(hanzi)]


def chinese_pool(locale: str, attribute: str) -> list[Part]:
    pool: list[Part] = []
    for hanzi in _names(locale, attribute):
        syllables = _syllables(hanzi)
        if not all(s.isascii() and s.isalpha() for s in syllables):
            continue
        joined = syllables[0] + "".join(s.lower() for s in syllables[1:])
        wade = [spellings(s.lower(), "chinese", 1)[-1].capitalize() for s in syllables]
        forms = [joined, "-".join(wade[:1] + [w.lower() for w in wade[1:]]), " ".join(syllables)]
        pool.append((tuple(dict.fromkeys(forms)), hanzi))
    return pool


_HANGUL = Transliter(academic)
KOREAN_FAMILIES = {"이": ("Lee", "Yi", "Rhee", "I"), "박": ("Park", "Pak", "Bak"),
                   "최": ("Choi", "Choe"), "정": ("Jung", "Jeong", "Chung"), "김": ("Kim", "Gim"),
                   "조": ("Cho", "Jo"), "윤": ("Yoon", "Yun"), "장": ("Jang", "Chang"),
                   "임": ("Lim", "Im"), "신": ("Shin", "Sin"), "오": ("Oh", "O"),
                   "유": ("Yoo", "Yu", "Ryu"), "서": ("Seo", "Suh"), "권": ("Kwon", "Gwon"),
                   "안": ("Ahn", "An"), "강": ("Kang", "Gang"), "한": ("Han",), "송": ("Song",)}  # fmt: skip


def korean_pool(attribute: str) -> list[Part]:
    pool: list[Part] = []
    for hangul in _names("ko_KR", attribute):
        if attribute == "last_names":
            latin = KOREAN_FAMILIES.get(hangul) or spellings(
                _HANGUL.translit(hangul).title(), "korean"
            )
            pool.append((tuple(latin), hangul))
            continue
        # Revised Romanisation writes a final stop voiceless (Myeong-suk); the academic rule
        # of hangul-romanize keeps the letter (Myeong-sug).
        syllables = [
            re.sub("(?<=[aeiou])([gdb])$", _voiceless, _HANGUL.translit(s)) for s in hangul
        ]
        mccune = [spellings(s, "korean", 1)[-1] for s in syllables]
        forms = ["-".join(syllables).capitalize(), "".join(syllables).capitalize(),
                 " ".join(s.capitalize() for s in syllables), "-".join(mccune).capitalize()]  # fmt: skip
        pool.append((tuple(dict.fromkeys(forms)), hangul))
    return pool


def _voiceless(match: re.Match[str]) -> str:
    return {"g": "k", "d": "t", "b": "p"}[match.group(1)]


def japanese_pool(attribute: str) -> list[Part]:
    pairs = getattr(import_module("faker.providers.person.ja_JP").Provider, attribute)
    return [(spellings(romaji, "japanese"), kana) for _, kana, romaji in pairs]


ICAO_LATIN = "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia i i ie g"
ICAO = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                ICAO_LATIN.replace("_", "").split(" "), strict=True))  # fmt: skip


def _icao(word: str) -> str:
    return "".join(ICAO.get(c, c) for c in word.lower()).capitalize()


def cyrillic_pool(locale: str, attribute: str) -> list[Part]:
    return [(spellings(_icao(w), "russian"), w) for w in _names(locale, attribute)]


def pick(rng: random.Random, pool: Sequence[Part], skew: float = 0.9) -> Part:
    # Zipf-like over the list order (Faker's lists are roughly by frequency, or alphabetic,
    # where the skew still makes some parts common and most rare, as in real lists).
    weights = _weights(len(pool), skew)
    return rng.choices(pool, cum_weights=weights)[0]


@cache
def _weights(size: int, skew: float) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(size):
        total += 1 / (rank + 1) ** skew
        cumulative.append(total)
    return cumulative


def shuffled(pool: list[Part]) -> list[Part]:
    # Alphabetic lists would make every name starting with A common: a fixed random rank order.
    random.Random(len(pool)).shuffle(pool)
    return pool


def chain(*pools: Sequence[Part], extra: tuple[float, int] = (0.0, 0)) -> Build:
    """Parts drawn from ``pools`` in order; with probability ``extra[0]`` one more part drawn
    from pool ``extra[1]`` (a second given name, a father's name) inserted after the first."""

    def build(rng: random.Random) -> list[Part]:
        parts = [pick(rng, pool) for pool in pools]
        if extra[0] and rng.random() < extra[0]:
            parts.insert(1, pick(rng, pools[extra[1]]))
        return parts

    return build


def real_builders() -> dict[str, tuple[Build, str]]:
    """Locale -> (how a name is built, how its parts are joined in the original script)."""
    en_pk, en_in = "en_PK", "en_IN"
    arabic = [shuffled(script_pool("ar_AA", "first_names_male", "arabic_script")),
              shuffled(script_pool("ar_AA", "last_names", "arabic_script"))]  # fmt: skip
    persian = [shuffled(script_pool("fa_IR", "first_names", "arabic_script")),
               shuffled(script_pool("fa_IR", "last_names", "arabic_script"))]  # fmt: skip
    pakistani = [shuffled(latin_pool(en_pk, "first_names", "south_asian")),
                 shuffled(latin_pool(en_pk, "last_names", "south_asian"))]  # fmt: skip
    indian = [shuffled(latin_pool(en_in, "first_names", "south_asian")),
              shuffled(latin_pool(en_in, "last_names", "south_asian"))]  # fmt: skip
    indonesian = [shuffled(latin_pool("id_ID", "first_names", "indonesian")),
                  shuffled(latin_pool("id_ID", "last_names", "indonesian"))]  # fmt: skip
    thai = [shuffled(latin_pool("en_TH", "first_names", "thai")),
            shuffled(latin_pool("en_TH", "last_names", "thai"))]  # fmt: skip
    vietnamese = [vietnamese_pool(a) for a in ("last_names", "middle_names", "first_names_male")]
    return {
        "ar_AA": (chain(arabic[0], arabic[1], extra=(0.6, 0)), " "),
        "fa_IR": (chain(persian[0], persian[1], extra=(0.2, 0)), " "),
        "en_PK": (chain(pakistani[0], pakistani[1], extra=(0.35, 0)), " "),
        "en_IN": (chain(indian[0], indian[1]), " "),
        "id_ID": (chain(indonesian[0], indonesian[1], extra=(0.2, 0)), " "),
        "en_TH": (chain(thai[0], thai[1]), " "),
        "th_TH": (_script_two("th_TH"), " "),
        "ta_IN": (_script_two("ta_IN"), " "),
        "ne_NP": (_script_two("ne_NP"), " "),
        "bn_BD": (_script_two("bn_BD"), " "),
        "si_LK": (_script_two("si_LK"), " "),
        "vi_VN": (chain(*vietnamese), " "),
        "zh_CN": (chain(shuffled(chinese_pool("zh_CN", "last_names")),
                        shuffled(chinese_pool("zh_CN", "first_names"))), ""),
        "zh_TW": (chain(chinese_pool("zh_TW", "last_names"),
                        shuffled(chinese_pool("zh_TW", "first_names"))), ""),
        "ko_KR": (chain(korean_pool("last_names"), shuffled(korean_pool("first_names"))), ""),
        "ja_JP": (chain(japanese_pool("first_name_pairs"), japanese_pool("last_name_pairs")), " "),
        "ru_RU": (chain(shuffled(cyrillic_pool("ru_RU", "first_names_male")),
                        shuffled(cyrillic_pool("ru_RU", "last_names_male"))), " "),
    }  # fmt: skip


def _script_two(locale: str) -> Build:
    given = shuffled(script_pool(locale, "first_names"))
    family = shuffled(script_pool(locale, "last_names"))
    return chain(given, family)
