"""A small gazetteer of the region's ports and landing places, historic and current spellings.

``place_key`` answers the canonical name for any spelling it knows (``Akyab`` -> ``SITTWE``),
close misspellings included, and the folded text for places it does not know, so two reports
of an unlisted beach still compare as text.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from rcf.linkage.text import fold

# Canonical name: other spellings (colonial names, local names, common misspellings).
GAZETTEER: dict[str, tuple[str, ...]] = {
    "YANGON": ("RANGOON",),
    "SITTWE": ("AKYAB", "SIT TWE"),
    "MAWLAMYINE": ("MOULMEIN", "MAWLAMYAING"),
    "KAWTHAUNG": ("VICTORIA POINT", "KAWTHOUNG", "KAW THAUNG"),
    "MYEIK": ("MERGUI", "BEIK"),
    "DAWEI": ("TAVOY",),
    "PATHEIN": ("BASSEIN",),
    "MAUNGDAW": ("MAUNGTAW",),
    "BUTHIDAUNG": (),
    "COX S BAZAR": ("COXS BAZAR", "COX BAZAR", "COXSBAZAR", "KOKSBAZAR"),
    "TEKNAF": (),
    "CHATTOGRAM": ("CHITTAGONG",),
    "CHRISTMAS ISLAND": ("PULAU CHRISTMAS", "FLYING FISH COVE", "XMAS ISLAND"),
    "ASHMORE REEF": ("PULAU PASIR", "ASHMORE ISLANDS", "ASHMORE ISLAND"),
    "KUPANG": ("KOEPANG",),
    "ROTE": ("ROTI", "ROTTI", "ROTE ISLAND", "PULAU ROTE", "ROTE NDAO"),
    "PELABUHAN RATU": ("PALABUHANRATU", "PELABUHANRATU", "PALABUHAN RATU", "WIJNKOOPSBAAI"),
    "LANGKAWI": ("PULAU LANGKAWI",),
    "SATUN": ("SETUL",),
    "RANONG": (),
    "KOH LIPE": ("KO LIPE", "LIPE ISLAND", "PULAU LIPE"),
    "PHUKET": ("JUNK CEYLON", "UJUNG SALANG", "THALANG"),
    "PENANG": ("PULAU PINANG", "GEORGE TOWN", "PRINCE OF WALES ISLAND"),
    "BELAWAN": (),
    "BANDA ACEH": ("KUTARAJA", "KOETARADJA"),
    "LHOKSEUMAWE": ("LHOKSUMAWE",),
    "SABANG": (),
    "JAKARTA": ("BATAVIA", "DJAKARTA", "TANJUNG PRIOK"),
    "MERAK": (),
    "CILACAP": ("TJILATJAP", "CHILACHAP"),
    "BENOA": (),
    "MAKASSAR": ("UJUNG PANDANG", "MACASSAR", "MAKASAR"),
    "SURABAYA": ("SOERABAJA", "SOURABAYA"),
    "DARWIN": ("PALMERSTON", "PORT DARWIN"),
    "BROOME": (),
    "DILI": ("DILLY",),
    "SONGKHLA": ("SINGORA",),
    "PATTANI": ("PATANI",),
    "PORT KLANG": ("PORT SWETTENHAM", "KLANG"),
    "JOHOR BAHRU": ("JOHORE BAHRU", "JB"),
    "TANJUNG PINANG": ("TANJUNGPINANG", "TANDJUNGPINANG"),
    "BATAM": (),
    "DUMAI": (),
    "COLOMBO": (),
    "NEGOMBO": (),
    "TRINCOMALEE": (),
    "CHENNAI": ("MADRAS",),
    "KOLKATA": ("CALCUTTA",),
    "MUMBAI": ("BOMBAY",),
    "BANGKOK": ("KRUNG THEP",),
    "BANDAR ABBAS": ("GOMBROON",),
    "CHABAHAR": (),
    "KARACHI": (),
    "BENGKULU": ("BENCOOLEN",),
    "MERAUKE": (),
    "SAUMLAKI": (),
    "THURSDAY ISLAND": ("WAIBEN",),
    "MANUS": ("MANUS ISLAND", "LOMBRUM", "LORENGAU"),
    "NAURU": (),
}
# Words around a place name that do not tell places apart.
_NOISE = frozenset(
    [
        "PORT",
        "OF",
        "HARBOUR",
        "HARBOR",
        "NEAR",
        "OFF",
        "COAST",
        "WATERS",
        "BEACH",
        "JETTY",
        "THE",
        "AREA",
        "PROVINCE",
        "DISTRICT",
        "REGENCY",
        "KABUPATEN",
        "TOWNSHIP",
        "CITY",
        "TOWN",
    ]
)
_COUNTRIES = frozenset(
    [
        "MYANMAR",
        "BURMA",
        "BANGLADESH",
        "INDONESIA",
        "MALAYSIA",
        "THAILAND",
        "AUSTRALIA",
        "SRI",
        "LANKA",
        "INDIA",
    ]
)
# Similarity a misspelling needs to count as a gazetteer place.
FUZZY_PLACE = 0.92


def _index() -> dict[str, str]:
    index = {}
    for canonical, others in GAZETTEER.items():
        for spelling in (canonical, *others):
            index[fold(spelling).replace(" ", "")] = canonical
    return index


_SPELLINGS = _index()


@lru_cache(maxsize=65536)
def place_key(text: str) -> str:
    """The canonical name of a place, or its folded text when the gazetteer lacks it.

    Examples:
        >>> place_key("Akyab"), place_key("Cox's Bazar, Bangladesh"), place_key("off Roti")
        ('SITTWE', 'COX S BAZAR', 'ROTE')
    """
    first = text.split(",")[0]
    words = [w for w in fold(first).split() if w not in _COUNTRIES]
    for candidate in (words, [w for w in words if w not in _NOISE]):
        found = _lookup("".join(candidate))
        if found:
            return found
    return " ".join(w for w in words if w not in _NOISE)


def _lookup(compact: str) -> str | None:
    if not compact:
        return None
    if compact in _SPELLINGS:
        return _SPELLINGS[compact]
    if len(compact) < 5:
        return None
    best = process.extractOne(
        compact, _SPELLINGS.keys(), scorer=JaroWinkler.similarity, score_cutoff=FUZZY_PLACE
    )
    return _SPELLINGS[best[0]] if best else None
