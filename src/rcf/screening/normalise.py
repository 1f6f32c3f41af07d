"""Names to lower-case ASCII name parts, with particles, honorifics and titles set apart.

Examples:
    >>> name_tokens("Dr. Mohammed bin Salman AL-SAUD")
    ('mohammed', 'salman', 'saud')
    >>> parse_name("ဦးအောင်ဆန်း").honorifics
    ('u',)
    >>> name_tokens("NGUYEN, Văn Hùng")
    ('van', 'hung', 'nguyen')
    >>> phonetic_key("Mohammed"), phonetic_key("mhmd")
    ('mhmd', 'mhmd')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rcf.screening.name_words import (
    ABBREVIATIONS,
    ABD_ALONE,
    ABD_COMPOUND,
    FRONT_WORDS,
    HONORIFICS,
    LEADING_TITLE_PHRASES,
    LEADING_TITLES,
    PARTICLES,
    ROMANCE_PARTICLES,
    SCRIPT_TITLES,
    TITLES,
)
from rcf.screening.scripts import to_latin

CJK_LETTERS = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
SEPARATORS = re.compile(r"[^a-z0-9/']+")
# The Arabic article before a sun letter is written as it sounds (ad-Din, ar-Rahman, as-Salam).
ARTICLE_HYPHEN = re.compile(r"\b(?:al|el|ad|ar|as|ash|at|az|an|ud|ul|ur|us|uz)-", re.IGNORECASE)
PARTICLE_HYPHEN = re.compile(r"\b(bin|ibn|abu|bint)-", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name split into the parts that identify a person and the words around them."""

    tokens: tuple[str, ...]
    particles: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()

    @property
    def optional(self) -> tuple[str, ...]:
        """Words a spelling may add or drop: honorifics and particles (counted when matched)."""
        return self.honorifics + self.particles


def name_tokens(text: str) -> tuple[str, ...]:
    """The identifying name parts of a name in any script, lower-case ASCII, in reading order."""
    return parse_name(text).tokens


@lru_cache(maxsize=65536)
def parse_name(text: str) -> NameParts:
    """Split a name in any script into name parts, particles, honorifics and titles."""
    words = _latin_words(text)
    if CJK_LETTERS.search(text):
        # Syllables read from Han, Hangul or kana are name parts: Ma (麻, 馬), Ko (高), Di
        # (狄) are family names there, never the Burmese honorific or the Italian particle.
        return NameParts(tuple(_join_abd(words)))
    phrase, words = _leading_title_phrase(words)
    titles = phrase + tuple(word for word in words if word in TITLES)
    words = [word for word in words if word not in TITLES] or words
    honorifics, words = _leading_honorifics(words)
    is_particle = [_is_particle(i, words) for i in range(len(words))]
    particles = tuple(word for word, particle in zip(words, is_particle, strict=True) if particle)
    core = (
        ABBREVIATIONS.get(word, word)
        for word, particle in zip(words, is_particle, strict=True)
        if not particle
    )
    tokens = tuple(_join_abd(core))
    if not tokens:
        return NameParts(tuple(words) or honorifics, titles=titles)
    return NameParts(tokens, particles, honorifics, titles)


def _is_particle(index: int, words: list[str]) -> bool:
    # A particle comes before the part it belongs to: a last word is a name part (Ling Du). A
    # name of two words has no particle of Romance languages: Du Fei and Di Mei are Chinese
    # family names (杜, 狄), not the "du" of "du Pont".
    word = words[index]
    if word not in PARTICLES or index == len(words) - 1:
        return False
    return not (len(words) == 2 and word in ROMANCE_PARTICLES)


def _latin_words(text: str) -> list[str]:
    if not text.isascii():
        text = " ".join(SCRIPT_TITLES.get(word.lower(), word) for word in text.split())
    text = _given_names_first(to_latin(text))
    text = PARTICLE_HYPHEN.sub(r"\1 ", ARTICLE_HYPHEN.sub("al ", text))
    text = text.lower().replace("-", "")
    text = text.replace("`", "").replace("'", "")
    return [word for word in SEPARATORS.split(text) if word and word != "/"]


def _given_names_first(text: str) -> str:
    # "SURNAME, Given Names" -> "Given Names SURNAME"; other commas separate nothing in names.
    # Forms of address before the surname stay in front ("Maung MYO, Moe" -> "Maung Moe MYO").
    family, comma, given = text.partition(",")
    if not (comma and family.strip() and given.strip()):
        return text.replace(",", " ")
    words = family.split()
    lead = 0
    while lead < len(words) - 1 and words[lead].lower().strip(".") in FRONT_WORDS:
        lead += 1
    front, surname = " ".join(words[:lead]), " ".join(words[lead:])
    return f"{front} {given.strip()} {surname}".replace(",", " ").strip()


def _leading_title_phrase(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    for phrase in LEADING_TITLE_PHRASES:
        if len(words) > len(phrase) and tuple(words[: len(phrase)]) == phrase:
            return phrase, words[len(phrase) :]
    return (), words


def _leading_honorifics(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    # Forms of address and the titles that are also names, in front of the name only: kept as
    # optional words (a name part in the other name when it writes them, neutral otherwise).
    count = 0
    while count < len(words) - 1 and words[count] in HONORIFICS | LEADING_TITLES:
        count += 1
    return tuple(words[:count]), words[count:]


def _join_abd(words: Iterable[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] == "abd":
            joined[-1] = "abd" + word
        elif word in ABD_ALONE:
            joined.append("abd")
        else:
            joined.append(ABD_COMPOUND.sub("abd", word))
    return joined


# Letter groups that spellings of one sound alternate between (ordered: digraphs first).
# ph is the aspirated p of Thai, Khmer, Burmese and Indic names (Somphon, Phyo) more often than
# an f; ng ends syllables that Indic scripts write with an anusvara (Singh, sinh).
PHONETIC_GROUPS = (
    ("tj", "c"), ("dj", "j"), ("sch", "s"), ("ng", "n"), ("ph", "p"), ("kh", "k"), ("gh", "g"),
    ("ch", "j"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("ck", "k"), ("q", "k"), ("c", "k"),
    ("g", "k"), ("x", "ks"), ("z", "s"), ("v", "w"),
)  # fmt: skip
VOWELS = re.compile("[aeiouyw]")
PINYIN_ZH = re.compile("zh(?=[aeiou])")  # Zhang/Chang/Jang; not z + h in Zahra written zhra
REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=262144)
def phonetic_key(token: str) -> str:
    """A consonant skeleton that spellings of one name part share, whatever vowels they write.

    Abjads (Arabic, Persian, Urdu, Pashto) write few vowels and Latin spellings of one name
    disagree mostly on vowels (Mohammed, Muhammad, Mohamad, mhmd): the key keeps the consonants,
    merges letters that spell one sound (or that one script does not tell apart, as Tamil k
    and g), and keeps a leading w or y (Walid, Yusuf).
    """
    key = grouped_letters(token)
    head, tail = (key[0], key[1:]) if key[:1] in ("w", "y") else ("", key)
    return REPEATS.sub(r"\1", head + VOWELS.sub("", tail))


@lru_cache(maxsize=262144)
def grouped_letters(token: str) -> str:
    """The token with the letter groups of one sound merged (PHONETIC_GROUPS), vowels kept."""
    key = PINYIN_ZH.sub("j", token.lower())
    for letters, sound in PHONETIC_GROUPS:
        key = key.replace(letters, sound)
    return key


# Vowel spellings that transliterations of one vowel alternate between (Hussein, Husayn; Nay,
# Ne; Soe, So; Jeong, Jung; Yousef, Yusuf), applied after the consonant groups. The doubled
# long vowels of South Asian spellings go first (Laeeq is Laiq, Qaeem Qaim, Obaeed Obaid: the
# ee is the i of the diphthong), then each diphthong once, left to right, so that one merge
# never feeds another (Guoai is not Guo through ai, e and oe, o).
LONG_VOWELS = (("ee", "i"), ("oo", "u"))
DIPHTHONGS = {"ay": "e", "ai": "e", "ei": "e", "ea": "i", "ie": "i", "oe": "o", "ow": "o",
              "aw": "o", "au": "o"}  # fmt: skip
DIPHTHONG = re.compile("|".join(DIPHTHONGS))
# ou inside a word spells u (Yousef, Mansour, Mahmoud); at the end of a word it is a
# vowel of its own in Pinyin and Wade-Giles (Zhou and Zhu, Chou and Chu, Lou and Lu differ).
INNER_OU = re.compile("ou(?!$)")
# Old Indonesian spelling (before 1972, still on many documents) writes c, j and sy as tj, dj
# and sj (Tjahjono Cahyono, Djoko Joko, Sjahrir Syahrir); passports since ICAO 9303 (2013)
# write Cyrillic Ю and Я as iu and ia where other lists write yu and ya (Iulii Yuliy).
ICAO_INITIAL_Y = re.compile("^i(?=[au])")
OLD_INDONESIAN = re.compile("[tds]j")
OLD_INDONESIAN_Y = re.compile("(?<![dt])j")  # in that spelling j is y (Tjahjono Cahyono)
# Consonant digraphs that only spell one letter differently (not z/s, g/k or ng/n, which tell
# Zaw from Soe and Ming from Min).
SPELLING_GROUPS = (
    ("tj", "c"), ("dj", "j"), ("ph", "p"), ("kh", "k"), ("ch", "j"), ("dh", "d"), ("th", "t"),
    ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("v", "w"),
)  # fmt: skip
# Korean family names in Revised Romanization or McCune-Reischauer beside their usual spelling.
KOREAN_FAMILY_SPELLINGS = {
    "bak": "park",
    "pak": "park",
    "gim": "kim",
    "rhee": "lee",
    "choe": "choi",
    "gwon": "kwon",
    "gwak": "kwak",
    "gwag": "kwak",  # 곽 as a transliterator writes its final consonant
    "sin": "shin",
    "lyu": "ryu",
    "no": "roh",
    "noh": "roh",
    "go": "ko",
    "suh": "seo",
}
# Korean eo before a final consonant is written u by most (Seong Sung, Cheol Chul, Hyeon Hyun);
# at the end of a syllable o (Seo, So) - not u, which is another syllable (Soo).
KOREAN_EO = re.compile("eo(?=[a-z])")
# y inside a word before a consonant or at its end is the i of a diphthong (Husayn, Husain);
# before a vowel it starts a syllable of its own (Liyu and Liu, Riyad and Riad differ).
INNER_Y = re.compile("(?<=.)y(?![aeiou])")
# After a consonant, y before a vowel is the i that ICAO 9303 passports write for Cyrillic ю
# and я inside a name (Lyubim Liubim, Kryukov Kriukov, Vyacheslav Viacheslav); Latin lists
# write one name both ways elsewhere too (Aditya Aditia, Sofya Sofia).
CONSONANT_Y = re.compile("(?<=[bcdfghjklmnpqrstvwxz])y(?=[aeiou])")
INNER_W = re.compile("(?<=[aeiou])w|(?<=.)w(?=[^aeiou]|$)")


# Russian -ov and -ev are written -off and -eff by older (French and German) transliterations
# (Vlasov Vlasoff, Evseev Evseeff); as in the Malay Yusof, Yusoff, a final f or v is one sound.
FINAL_V = re.compile("(?<=[aeiou])(?:ff|v)$")
# Wade-Giles, still the spelling of most Taiwanese names, writes pinyin's initial x as hs (Hsu
# Xu, Hsieh Xie) and its z and c (ts, ts') as ts (Tsou Zou, Tsai Cai); pinyin's c, which the
# spelling groups take for k, is that ts (Ceng Tseng), not a k.
WADE_GILES_INITIALS = (("hs", "x"), ("ts", "z"), ("tz", "z"))
WADE_GILES_IEH = re.compile("(?<=[iy]e)h$")  # Hsieh, Yeh: pinyin Xie, Ye


def _final_v(token: str) -> str:
    return FINAL_V.sub("f", token)


def _wade_giles_initial(token: str) -> str:
    # Only where the result reads as pinyin: Ahsan, Tsvetkov and Carlos keep their letters.
    changed = WADE_GILES_IEH.sub("", token)
    for letters, pinyin in WADE_GILES_INITIALS:
        changed = pinyin + changed[2:] if changed.startswith(letters) else changed
    if changed[:1] == "c" and changed[1:2] != "h":
        changed = "z" + changed[1:]
    return changed if changed != token and pinyin_syllables(changed) else token


@lru_cache(maxsize=262144)
def spelled_key(token: str) -> str:
    """The token with consonant and vowel spellings merged, vowels kept (Nay, Ne -> ne).

    Finer than :func:`phonetic_key`: it tells Zhang from Zheng and Than from Thein, which the
    consonant skeleton cannot, while still agreeing on the usual transliteration variants.
    """
    key = _wade_giles_initial(_final_v(token.lower()))
    pinyin_syllable = len(pinyin_syllables(key)) == 1 and key[0] not in "wy"
    key = PINYIN_ZH.sub("j", KOREAN_FAMILY_SPELLINGS.get(key, key))
    key = ICAO_INITIAL_Y.sub("y", key)
    if OLD_INDONESIAN.search(key):
        key = OLD_INDONESIAN_Y.sub("y", key)
    for letters, sound in SPELLING_GROUPS:
        key = key.replace(letters, sound)
    key = INNER_W.sub("u", INNER_Y.sub("i", KOREAN_EO.sub("u", key)))
    key = CONSONANT_Y.sub("i", key)
    key = key[:-2] + "o" if key.endswith("eo") else key
    key = INNER_OU.sub("u", key)
    if not pinyin_syllable:
        # One pinyin syllable spells its final one way: Mai and Mei, Hai and He, Jie and Ji
        # are other syllables (麦 梅, 海 何, 杰 吉), not the Hussain and Hussein of abjads (but
        # Burmese writes ဝေ Wai, Way or We).
        for letters, sound in LONG_VOWELS:
            key = key.replace(letters, sound)
        key = DIPHTHONG.sub(lambda found: DIPHTHONGS[found[0]], key)
    return REPEATS.sub(r"\1", key)


# A pinyin syllable: an initial and a final, or one of the finals written without an initial
# (others take y or w: ying, wu). Looser than the real inventory (bong passes), which is enough
# to tell a joined Chinese given name from most other names (Weioing, Husein do not split).
PINYIN_SYLLABLE = re.compile(
    "(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
    "(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua"
    "|uo|ui|ue|a|o|e|i|u|v)"
    "|ang|eng|ai|ei|ao|ou|an|en|er|a|o|e)"
)


@lru_cache(maxsize=65536)
def pinyin_syllables(token: str) -> tuple[str, ...]:
    """The token split into pinyin syllables, longest first syllable first; () if it is not
    pinyin."""
    if PINYIN_SYLLABLE.fullmatch(token):
        return (token,)
    for end in range(min(6, len(token) - 1), 0, -1):
        if PINYIN_SYLLABLE.fullmatch(token[:end]) and (rest := pinyin_syllables(token[end:])):
            return (token[:end], *rest)
    return ()
