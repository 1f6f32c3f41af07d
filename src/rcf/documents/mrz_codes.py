"""The ICAO code list for issuing states and nationalities (Doc 9303 Part 3, section 5).

ISO 3166-1 alpha-3 codes (from pycountry) plus the codes ICAO adds for states, organisations and
persons that ISO 3166-1 does not name. Codes are compared after trimming ``<`` fillers, so
Germany's ``D<<`` is ``D``.
"""

from __future__ import annotations

import pycountry

# Codes of Doc 9303 Part 3 that are not ISO 3166-1 alpha-3 country codes.
ICAO_SPECIAL_CODES = frozenset(
    {
        "D",  # Germany
        "GBD",  # British Overseas Territories Citizen
        "GBN",  # British National (Overseas)
        "GBO",  # British Overseas Citizen
        "GBS",  # British Subject
        "GBP",  # British Protected Person
        "RKS",  # Kosovo
        "EUE",  # European Union
        "UNO",  # United Nations Organization or one of its officials
        "UNA",  # specialized agency of the United Nations or one of its officials
        "UNK",  # resident of Kosovo to whom UNMIK issued a travel document
        "XBA",  # African Development Bank
        "XIM",  # African Export-Import Bank
        "XCC",  # Caribbean Community
        "XCE",  # Council of Europe
        "XCO",  # Common Market for Eastern and Southern Africa
        "XEC",  # Economic Community of West African States
        "XPO",  # International Criminal Police Organization (INTERPOL)
        "XES",  # Organisation of Eastern Caribbean States
        "XOM",  # Sovereign Military Order of Malta
        "XDC",  # Southern African Development Community
        "XXA",  # stateless person (1954 Convention)
        "XXB",  # refugee (1951 Convention and its 1967 Protocol)
        "XXC",  # refugee other than XXB
        "XXX",  # person of unspecified nationality
        "UTO",  # Utopia, the specimen state of Doc 9303
    }
)

ICAO_CODES = frozenset({country.alpha_3 for country in pycountry.countries}) | ICAO_SPECIAL_CODES


def is_known_code(code: str) -> bool:
    """Whether ``code`` (fillers trimmed) is an issuing state or nationality code of ICAO."""
    return code in ICAO_CODES
