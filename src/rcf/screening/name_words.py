"""The words a name carries besides its parts: particles, honorifics, titles, the forms of
"Abd" compounds and abbreviations, which ``normalise`` sets apart before comparing names."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Connect a name to a parent, a tribe or a place; absent in many spellings of the same name.
PARTICLES = frozenset(
    [
        "bin",
        "binti",
        "bint",
        "bte",
        "bt",
        "ibn",
        "bn",
        "bnt",
        "abu",
        "abou",
        "abw",
        "umm",
        "al",
        "el",
        "ul",
        "ud",
        "da",
        "de",
        "del",
        "della",
        "di",
        "dos",
        "du",
        "a/l",
        "a/p",
        "s/o",
        "d/o",
    ]
)
ROMANCE_PARTICLES = frozenset(["da", "de", "del", "della", "di", "dos", "du"])
# Burmese, Karen, Shan and Kachin forms of address: added or dropped in front of the same name.
HONORIFICS = frozenset(
    ["u", "daw", "ko", "maung", "mg", "ma", "saw", "naw", "nang", "sai", "sao", "khun", "mi", "ja"]
)
# Burmese, Karen and Shan forms of address change with age and status, never with gender: two
# names whose forms of address are of different genders (Ko, Ma) name different people; the same
# words in front of Chinese and Korean names are family names (Ma Ying, Ko Ying).
MALE_HONORIFICS = frozenset(["u", "ko", "maung", "mg", "saw", "sai", "sao", "khun"])
FEMALE_HONORIFICS = frozenset(["daw", "ma", "naw", "nang", "mi"])


def honorifics_conflict(left: Iterable[str], right: Iterable[str]) -> bool:
    """True when both names carry forms of address and these tell different people apart."""
    left_set, right_set = set(left) & HONORIFICS, set(right) & HONORIFICS
    if not (left_set and right_set) or left_set & right_set:
        return False
    both = left_set | right_set
    return not (both <= MALE_HONORIFICS or both <= FEMALE_HONORIFICS)


# Religious, academic and social titles, never part of the name itself, dropped wherever they
# stand. A word that is also a common name part (Tan, Tun and Sri; Imam, Hafiz, Syed, Sheikh) is
# not here: it is a title only in front of the name (LEADING_TITLES, LEADING_TITLE_PHRASES).
TITLES = frozenset(
    [
        "mullah",
        "mulla",
        "mollah",
        "maulavi",
        "maulvi",
        "mawlawi",
        "moulavi",
        "maulana",
        "mawlana",
        "molvi",
        "haji",
        "hajji",
        "hadji",
        "hajj",
        "alhaji",
        "qari",
        "ustad",
        "ustaz",
        "dr",
        "doctor",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "mister",
        "sir",
        "madam",
        "colonel",
        "capt",
        "captain",
        "lt",
        "sgt",
        "engr",
        "engineer",
        "shri",
        "shree",
        "smt",
        "thiru",
        "thirumathi",
        "bapak",
        "ibu",
        "dato",
        "datuk",
        "pehin",
        "dasho",
    ]
)
# Titles that are also names (Imam Samudra, Hafiz Rahman, Syed Ali Shah, Sheikh Hasina): set
# apart only in front of the name, and kept as optional words that a spelling may add or drop.
LEADING_TITLES = frozenset(
    ["imam", "hafiz", "mufti", "sheikh", "shaikh", "shaykh", "sayed", "sayyid", "syed", "general"]
)
# Malaysian and Bruneian honours, titles only as these leading sequences: alone, Tan (a common
# Chinese family name), Sri (Sri Mulyani) and Seri are name parts.
LEADING_TITLE_PHRASES = (
    ("tan", "sri"), ("puan", "sri"), ("toh", "puan"), ("dato", "sri"), ("dato", "seri"),
    ("datuk", "seri"), ("datuk", "sri"), ("datin", "sri"), ("datin", "seri"),
)  # fmt: skip
# Titles and forms of address as the original scripts write them, read before transliteration
# (which would make them name parts: الشيخ "al shykh", นาย "nay", திரு "tiru").
SCRIPT_TITLES = {
    "الشيخ": "sheikh", "الشیخ": "sheikh", "شيخ": "sheikh", "شیخ": "sheikh", "الحاج": "haji",
    "الحاجة": "haji", "حاج": "haji", "حاجی": "haji", "حاجي": "haji", "السيد": "sayed",
    "السید": "sayed", "السيدة": "mrs", "ملا": "mullah", "مولوی": "maulavi", "مولوي": "maulavi",
    "مولانا": "maulana", "آقای": "mr", "خانم": "mrs", "الدكتور": "dr", "دکتر": "dr",
    "นาย": "mr", "นาง": "mrs", "นางสาว": "ms", "श्री": "shri", "श्रीमती": "mrs", "শ্রী": "shri",
    "শ্রীমতী": "mrs", "திரு": "mr", "திருமதி": "mrs", "செல்வி": "ms", "господин": "mr",
    "госпожа": "mrs", "ông": "mr", "bà": "mrs",
}  # fmt: skip
FRONT_WORDS = HONORIFICS | TITLES | LEADING_TITLES
# "Abd" compounds (Abdul Rahman, Abdurrahman, Abd al-Rahman) are written joined or split, with a
# vowel and the article in many forms: one canonical form, "abd" glued to the name it governs.
ABD_COMPOUND = re.compile(r"^abd(?:ul|el|al|ol|ur|ar|us|as|un|an|ud|ad|uz|az|u|e|o|a)?(?=..)")
ABD_ALONE = frozenset(
    [
        "abd",
        "abdu",
        "abdul",
        "abdel",
        "abdal",
        "abdol",
        "abdur",
        "abdar",
        "abdus",
        "abdas",
        "abdun",
        "abdan",
        "abdud",
        "abdad",
    ]
)
# Abbreviations written in place of a whole name part (Malaysia, Bangladesh, Pakistan).
ABBREVIATIONS = {"mohd": "mohammad", "md": "mohammad", "muhd": "muhammad", "mhd": "muhammad"}
