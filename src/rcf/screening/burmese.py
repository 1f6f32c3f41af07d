"""Burmese (Myanmar script) names romanised the way Myanmar passports and watchlists spell them.

Generic transliterators (ICU, anyascii) give one string per name with no syllable breaks and drop
the vowels that Burmese writes implicitly (``အောင်ဆန်း`` -> ``'eanchn``), while Latin lists write
one word per syllable in the conventional spelling ("Aung San"). Each syllable of a Burmese name
is a name part, so this module splits syllables and spells each one conventionally.
"""

from __future__ import annotations

import re

CONSONANTS = {
    "က": "k", "ခ": "kh", "ဂ": "g", "ဃ": "g", "င": "ng", "စ": "s", "ဆ": "s", "ဇ": "z",
    "ဈ": "z", "ည": "ny", "ဉ": "ny", "ဋ": "t", "ဌ": "ht", "ဍ": "d", "ဎ": "d", "ဏ": "n",
    "တ": "t", "ထ": "ht", "ဒ": "d", "ဓ": "d", "န": "n", "ပ": "p", "ဖ": "ph", "ဗ": "b",
    "ဘ": "b", "မ": "m", "ယ": "y", "ရ": "y", "လ": "l", "ဝ": "w", "သ": "th", "ဟ": "h",  # noqa: RUF001
    "ဠ": "l", "အ": "",
}  # fmt: skip
INDEPENDENT_VOWELS = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "e", "ဩ": "aw", "ဪ": "aw"}
ASAT, VIRAMA = "\u103a", "\u1039"
MEDIAL_Y, MEDIAL_R, MEDIAL_W, MEDIAL_H = "\u103b", "\u103c", "\u103d", "\u103e"
TONE_MARKS = "\u1037\u1038"
VOWEL_SIGNS = "\u102b\u102c\u102d\u102e\u102f\u1030\u1031\u1032\u1036"

# Rhymes: (vowel signs in canonical order, final consonant or "") -> conventional spelling.
RHYMES = {
    ("", ""): "a", ("ာ", ""): "a", ("ါ", ""): "a", ("ိ", ""): "i", ("ီ", ""): "i",
    ("ု", ""): "u", ("ူ", ""): "u", ("ေ", ""): "ay", ("ဲ", ""): "e", ("ော", ""): "aw",
    ("ေါ", ""): "aw", ("ို", ""): "o", ("ံ", ""): "an", ("ိံ", ""): "ein", ("ုံ", ""): "on",
    ("", "င"): "in", ("ော", "င"): "aung", ("ေါ", "င"): "aung", ("ို", "င"): "aing",
    ("", "ည"): "i", ("", "ဉ"): "in", ("", "န"): "an", ("ိ", "န"): "ein", ("ု", "န"): "on",
    ("", "မ"): "an", ("ိ", "မ"): "ein", ("ု", "မ"): "on", ("", "တ"): "at", ("ိ", "တ"): "eik",
    ("ု", "တ"): "ok", ("", "က"): "et", ("ော", "က"): "auk", ("ေါ", "က"): "auk",
    ("ို", "က"): "aik", ("", "စ"): "it", ("", "ပ"): "at", ("ိ", "ပ"): "eik",
    ("ု", "ပ"): "ok", ("", "ယ"): "e", ("ေ", "ယ"): "e",
}  # fmt: skip
# The medial w turns the bare rhymes into their rounded forms (ထွန်း Htun, လွင် Lwin).
ROUNDED = {"a": "wa", "an": "un", "at": "ut", "in": "win", "i": "wi", "e": "we", "ay": "we"}
# The open e (ေ) is written "ay" by passports and lists (Nay, May, Thay), after w "ai" (Wai).
OPEN_E_AFTER = {"w": "ai"}
FINAL_STOPS_BEFORE_DOT = {"in": "int", "un": "unt", "an": "ant", "ein": "eint", "aung": "aung"}

_SYLLABLE = re.compile(
    "(?P<initial>[\u1000-\u1021\u1023-\u102a])"
    "(?P<medials>[\u103b-\u103e]*)"
    "(?P<vowels>[\u102b-\u1032\u1036]*)"
    "(?:(?P<final>[\u1000-\u1021])(?P<dot>\u1037?)[\u103a\u1039])?"
    "(?P<tones>[\u1037\u1038\u103a]*)"
)


def is_burmese(text: str) -> bool:
    """True when the text holds Myanmar-script letters."""
    return any("\u1000" <= char <= "\u109f" for char in text)


def romanise_burmese(text: str) -> str:
    """Romanise Burmese text, one space-separated Latin word per syllable."""
    words: list[str] = []
    position = 0
    while position < len(text):
        match = _SYLLABLE.match(text, position)
        if match is None:
            char = text[position]
            words.append("" if is_burmese(char) else char)  # a stray mark is dropped
            position += 1
            continue
        syllable = _syllable(match)
        # ဦး in front is the form of address U; as a syllable of the name lists write it Oo
        # (Khin Aung Oo), never the single letter that would read as an initial.
        if syllable == "u" and "".join(words).strip():
            syllable = "oo"
        words.append(" " + syllable + " ")
        position = match.end()
    return re.sub(r"\s+", " ", "".join(words)).strip()


def _syllable(match: re.Match[str]) -> str:
    initial, medials = match["initial"], match["medials"]
    if initial in INDEPENDENT_VOWELS:
        return INDEPENDENT_VOWELS[initial] + _final_only(match["final"])
    onset = _onset(initial, medials)
    rhyme = _rhyme(_ordered_vowels(match["vowels"]), match["final"] or "")
    if MEDIAL_W in medials:
        rhyme = ROUNDED.get(rhyme, rhyme)
    elif rhyme == "ay":
        rhyme = OPEN_E_AFTER.get(onset, rhyme)
    if "\u1037" in (match["tones"] or "") + (match["dot"] or "") and match["final"] in (
        "င",
        "န",
        "မ",
    ):
        rhyme = FINAL_STOPS_BEFORE_DOT.get(rhyme, rhyme)
    return onset + rhyme


def _onset(initial: str, medials: str) -> str:
    consonant = CONSONANTS[initial]
    has_y = MEDIAL_Y in medials or MEDIAL_R in medials
    if MEDIAL_H in medials:
        return "sh" if initial in "ရလသ" and (has_y or initial == "ရ") else "h" + consonant
    if has_y:
        special = {"ခ": "ch", "ဂ": "j", "င": "ny"}  # ချ Chit, ဂျ J, ငြိမ်း Nyein
        return special.get(initial, consonant + "y")
    return consonant


def _ordered_vowels(vowels: str) -> str:
    # Unicode stores the e-sign (ေ) first; the rhyme table is keyed with it first too.
    return "".join(sorted(vowels, key=lambda char: 0 if char == "\u1031" else 1))


def _rhyme(vowels: str, final: str) -> str:
    rhyme = RHYMES.get((vowels, final))
    if rhyme is None:
        rhyme = RHYMES.get((vowels, ""), "a") + (CONSONANTS.get(final, "") if final else "")
    return rhyme


def _final_only(final: str | None) -> str:
    return RHYMES.get(("", final), "") if final else ""
