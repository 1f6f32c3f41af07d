"""The vowel that Indic and Sinhala scripts leave unwritten, spelled out for transliteration.

Brahmic scripts write a consonant without a vowel sign for the consonant with an inherent "a"
(क ka, कि ki, क् k). A generic transliterator drops it (``संजय`` -> ``snjy``, ``রহমান`` ->
``rhman``), while Latin lists write it where it is pronounced (Sanjay, Rahman, Bandara). This
module inserts a Latin "a" after every consonant that has no vowel sign and no virama, then, for
the northern languages (Hindi, Bengali, Punjabi, Gujarati), deletes it where speech drops it:
at the end of a word after a single consonant (Rahul, not Rahula) and in a syllable followed by
a consonant and a vowel after a vowel and a consonant (Rahman, not Rahaman). Dravidian scripts
and Sinhala mark every dead consonant with a virama and keep the vowel (Murugan, Bandara).

Examples:
    >>> spell_inherent_vowels("संजय"), spell_inherent_vowels("নরেন্দ্র")
    ('सaंजaय', 'নaরেন্দ্রa')
"""

from __future__ import annotations

# Blocks laid out after ISCII: consonants at 0x15-0x39 and 0x58-0x5F, nukta 0x3C, dependent
# vowel signs 0x3A-0x4C and 0x55-0x57, 0x62-0x63, virama 0x4D.
SCHWA_DELETING_BLOCKS = frozenset([0x0900, 0x0980, 0x0A00, 0x0A80])
INHERENT = "a"
NASALS = frozenset([0x19, 0x1E, 0x23, 0x28, 0x2E])  # offsets of nga, nya, nna, na, ma


def _role(char: str) -> str:
    """consonant, sign (a vowel sign or virama: no inherent vowel), nukta, mark, or other."""
    code = ord(char)
    if 0x0D80 <= code < 0x0E00:
        if 0x0D9A <= code <= 0x0DC6:
            return "consonant"
        return "sign" if 0x0DCA <= code <= 0x0DDF or code in (0x0DF2, 0x0DF3) else "other"
    if not 0x0900 <= code < 0x0D80:
        return "other"
    offset = code & 0x7F
    if 0x15 <= offset <= 0x39 or 0x58 <= offset <= 0x5F:
        return "consonant"
    if offset == 0x3C:
        return "nukta"
    if offset <= 0x03:  # candrabindu, anusvara, visarga: marks on the syllable
        return "mark"
    if 0x3A <= offset <= 0x4D or 0x55 <= offset <= 0x57 or offset in (0x62, 0x63):
        return "sign"
    return "other"


def has_inherent_vowels(text: str) -> bool:
    """True when the text holds letters of a script with an unwritten inherent vowel."""
    return any(0x0900 <= ord(char) < 0x0E00 for char in text)


def spell_inherent_vowels(text: str) -> str:
    """The text with a Latin "a" after each consonant that is pronounced with one."""
    return " ".join(_word(word) for word in text.split(" "))


def _word(word: str) -> str:
    syllables: list[list[str]] = []  # each: the characters of one consonant and its marks
    for char in word:
        if _role(char) in ("consonant", "other") or not syllables:
            syllables.append([char])
        else:
            syllables[-1].append(char)
    inherent = [_role(s[0]) == "consonant" and not _has_sign(s) for s in syllables]
    if word and (ord(word[0]) & ~0x7F) in SCHWA_DELETING_BLOCKS:
        _delete_schwas(syllables, inherent)
    return "".join(_spelled(s, keep) for s, keep in zip(syllables, inherent, strict=True))


def _spelled(syllable: list[str], inherent: bool) -> str:
    # The vowel follows the consonant and its nukta, before an anusvara or visarga.
    head = 2 if len(syllable) > 1 and _role(syllable[1]) == "nukta" else 1
    vowel = INHERENT if inherent else ""
    return "".join(syllable[:head]) + vowel + "".join(syllable[head:])


def _has_sign(syllable: list[str]) -> bool:
    return any(_role(char) == "sign" for char in syllable[1:])


def _delete_schwas(syllables: list[list[str]], inherent: list[bool]) -> None:
    # Right to left, as the vowels after a syllable decide whether its schwa is spoken.
    last = len(syllables) - 1
    if last >= 1 and inherent[last] and not _final_cluster_keeps_vowel(syllables):
        inherent[last] = False
    for i in range(last - 1, 0, -1):
        if (
            inherent[i]
            and _voiced(syllables, inherent, i - 1)
            and _voiced(syllables, inherent, i + 1)
            and not _after_virama(syllables, i)
            and not _is_dead(syllables[i + 1])
        ):
            inherent[i] = False


def _voiced(syllables: list[list[str]], inherent: list[bool], i: int) -> bool:
    # The syllable ends in a spoken vowel: its own sign (not a virama) or its inherent vowel.
    syllable = syllables[i]
    if 0x04 <= ord(syllable[0]) & 0x7F <= 0x14:  # an independent vowel (Islam, Arvind)
        return True
    return inherent[i] or (_has_sign(syllable) and not _is_dead(syllable))


def _is_dead(syllable: list[str]) -> bool:
    return any(ord(char) & 0x7F == 0x4D for char in syllable[1:] if 0x0900 <= ord(char) < 0x0D80)


def _final_cluster_keeps_vowel(syllables: list[list[str]]) -> bool:
    # After a cluster the vowel stays (Narendra, Krishna, Chandra), except after a lone nasal
    # (Anand, Arvind, written with an anusvara or a half nasal).
    dead = 0
    while dead < len(syllables) - 1 and _is_dead(syllables[-2 - dead]):
        dead += 1
    if dead == 0:
        return False
    return not (dead == 1 and ord(syllables[-2][0]) & 0x7F in NASALS)


def _after_virama(syllables: list[list[str]], i: int) -> bool:
    # A consonant closing a cluster (न्द्र in Narendra) keeps its vowel.
    return i > 0 and _is_dead(syllables[i - 1])
