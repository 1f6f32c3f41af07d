"""Text folding shared by the linkage modules: Latin upper-case words without diacritics."""

from __future__ import annotations

import re
import unicodedata

from rcf.screening.normalise import name_tokens as screening_name_tokens

_NON_WORD = re.compile(r"[^0-9A-Z]+")


def fold(text: str) -> str:
    """Upper-case ASCII words separated by single spaces (diacritics dropped, punctuation too).

    Examples:
        >>> fold("  Cox's Bazár ")
        'COX S BAZAR'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_only.upper()).strip()


def name_tokens(text: str) -> tuple[str, ...]:
    """A name's identifying parts in any script, upper-case Latin (the screening engine's
    transliteration, particles, honorifics and titles set apart).

    Examples:
        >>> name_tokens("ဦးအောင်ဆန်း")
        ('AUNG', 'SAN')
    """
    return tuple(token.upper() for token in screening_name_tokens(text))
