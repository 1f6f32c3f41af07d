"""UN M49 geographic regions of countries, used to generalise citizenship and country of
exploitation in de-identified releases: country -> sub-region -> region.

Where M49 splits a sub-region into intermediate regions (Sub-Saharan Africa; Latin America and
the Caribbean) the intermediate region is used as the sub-region, since it keeps more detail.
Taiwan, which M49 does not list, is placed in Eastern Asia; XXA (stateless) and XXX
(unspecified) have no region and generalise straight to ``*``.
"""

from __future__ import annotations

from functools import cache

ANY = "*"

# region -> sub-region -> ISO 3166-1 alpha-3 codes
M49: dict[str, dict[str, str]] = {
    "Africa": {
        "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
        "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD UGA "
        "TZA ZMB ZWE IOT ATF",
        "Middle Africa": "AGO CMR CAF TCD COG COD GNQ GAB STP",
        "Southern Africa": "BWA SWZ LSO NAM ZAF",
        "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SHN SEN SLE TGO",
    },
    "Americas": {
        "Caribbean": "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR "
        "PRI BLM KNA LCA MAF VCT SXM TTO TCA VIR",
        "Central America": "BLZ CRI SLV GTM HND MEX NIC PAN",
        "South America": "ARG BOL BVT BRA CHL COL ECU FLK GUF GUY PRY PER SGS SUR URY VEN",
        "Northern America": "BMU CAN GRL SPM USA",
    },
    "Asia": {
        "Central Asia": "KAZ KGZ TJK TKM UZB",
        "Eastern Asia": "CHN HKG MAC PRK JPN MNG KOR TWN",
        "South-eastern Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
        "Southern Asia": "AFG BGD BTN IND IRN MDV NPL PAK LKA",
        "Western Asia": "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM",
    },
    "Europe": {
        "Eastern Europe": "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR",
        "Northern Europe": "ALA DNK EST FRO FIN GGY ISL IRL IMN JEY LVA LTU NOR SJM SWE GBR",
        "Southern Europe": "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP",
        "Western Europe": "AUT BEL FRA DEU LIE LUX MCO NLD CHE",
    },
    "Oceania": {
        "Australia and New Zealand": "AUS CXR CCK HMD NZL NFK",
        "Melanesia": "FJI NCL PNG SLB VUT",
        "Micronesia": "GUM KIR MHL FSM NRU MNP PLW UMI",
        "Polynesia": "ASM COK PYF NIU PCN WSM TKL TON TUV WLF",
    },
}


@cache
def _country_places() -> dict[str, tuple[str, str]]:
    places = {}
    for region, subregions in M49.items():
        for subregion, codes in subregions.items():
            for code in codes.split():
                places[code] = (subregion, region)
    return places


@cache
def _subregion_regions() -> dict[str, str]:
    return {sub: region for region, subs in M49.items() for sub in subs}


def subregion_of(country: str) -> str:
    """The M49 sub-region of an alpha-3 code, or ``*`` when it has none."""
    return _country_places().get(country, (ANY, ANY))[0]


def region_of(country: str) -> str:
    """The M49 region of an alpha-3 code, or ``*`` when it has none."""
    return _country_places().get(country, (ANY, ANY))[1]


def region_of_subregion(subregion: str) -> str:
    return _subregion_regions().get(subregion, ANY)


def mapped_countries() -> frozenset[str]:
    return frozenset(_country_places())
