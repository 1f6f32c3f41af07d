"""Nationalities as members write them: ISO alpha-2, alpha-3, an English name or a demonym."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from rcf.linkage.text import fold

# Names and demonyms pycountry does not know, for the region's nationalities first. Kosovo and
# stateless persons have codes of their own in travel documents (XK, XXA).
ALIASES = {
    "BURMA": "MM", "BURMESE": "MM", "MYANMAR": "MM", "ROHINGYA": "MM",
    "AFGHAN": "AF", "IRANIAN": "IR", "PERSIA": "IR", "IRAQI": "IQ", "SYRIAN": "SY",
    "PAKISTANI": "PK", "BANGLADESHI": "BD", "INDIAN": "IN", "NEPALI": "NP", "NEPALESE": "NP",
    "SRI LANKAN": "LK", "CEYLON": "LK", "TAMIL": "LK", "THAI": "TH", "SIAM": "TH",
    "CAMBODIAN": "KH", "KHMER": "KH", "KAMPUCHEA": "KH", "LAO": "LA", "LAOTIAN": "LA",
    "VIETNAMESE": "VN", "MALAYSIAN": "MY", "INDONESIAN": "ID", "FILIPINO": "PH", "PHILIPPINE": "PH",
    "CHINESE": "CN", "PRC": "CN", "TAIWANESE": "TW", "KOREAN": "KR", "SOUTH KOREA": "KR",
    "NORTH KOREA": "KP", "JAPANESE": "JP", "AUSTRALIAN": "AU", "NEW ZEALANDER": "NZ",
    "KIWI": "NZ", "SOMALI": "SO", "SUDANESE": "SD", "ERITREAN": "ER", "ETHIOPIAN": "ET",
    "EAST TIMOR": "TL", "TIMORESE": "TL", "BRUNEI": "BN", "BRUNEIAN": "BN",
    "SINGAPOREAN": "SG", "RUSSIA": "RU", "RUSSIAN": "RU", "UK": "GB", "BRITISH": "GB",
    "BRITAIN": "GB", "ENGLAND": "GB", "USA": "US", "AMERICAN": "US", "UNITED STATES": "US",
    "PAPUA NEW GUINEAN": "PG", "PNG": "PG", "FIJIAN": "FJ", "PALESTINIAN": "PS",
    "YEMENI": "YE", "EGYPTIAN": "EG", "TURKISH": "TR", "TURKIYE": "TR", "KOSOVO": "XK",
    "STATELESS": "XX", "XXA": "XX",
}  # fmt: skip


@lru_cache(maxsize=4096)
def parse_country(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a nationality as written; None when empty or unknown.

    Examples:
        >>> parse_country("MMR"), parse_country("burma"), parse_country("Viet Nam")
        ('MM', 'MM', 'VN')
    """
    folded = fold(text)
    if not folded:
        return None
    if folded in ALIASES:
        return ALIASES[folded]
    try:
        country = pycountry.countries.lookup(text.strip())
    except LookupError:
        try:
            country = pycountry.countries.lookup(folded)
        except LookupError:
            return None
    return str(country.alpha_2)
