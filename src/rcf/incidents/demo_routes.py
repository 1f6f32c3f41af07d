"""The synthetic routes of the demo data: who reports them, where, who travels, at what price and
in which months. Invented figures shaped after the routes the Bali Process deals with."""

from __future__ import annotations

from dataclasses import dataclass

Month = tuple[int, int, int, int, int, int, int, int, int, int, int, int]


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Route:
    """One smuggling route as members see it: who reports, where, who travels, at what price."""

    name: str
    share: float  # of all reports
    origin: str
    transit: tuple[str, ...]
    destination: str
    reporters: dict[str, tuple[Place, ...]]  # member code -> where it detects
    kinds: tuple[tuple[str, float], ...]
    border: str
    transport: tuple[tuple[str, float], ...]
    citizenships: tuple[tuple[str, float], ...]
    persons: tuple[int, int, int]  # low, typical, high per event
    fee: tuple[str, int, int]  # currency, low, high (per person)
    months: Month  # relative departures by calendar month
    death_rate: float = 0.0
    embarkation: tuple[str, ...] = ()
    vehicle: str = ""
    methods: tuple[str, ...] = ("clandestine_entry",)


def _places(*items: tuple[str, float, float]) -> tuple[Place, ...]:
    return tuple(Place(*item) for item in items)


SEA, LAND, AIR = "sea", "land", "air"
ROUTES: tuple[Route, ...] = (
    Route(
        "Bay of Bengal / Andaman Sea",
        0.22,
        "MMR",
        ("THA",),
        "MYS",
        {
            "THA": _places(
                ("Ranong coast", 9.96, 98.6),
                ("Satun, Ko Lipe", 6.49, 99.3),
                ("Phang Nga coast", 8.45, 98.2),
            ),
            "IDN": _places(
                ("Lhokseumawe, Aceh", 5.18, 97.15),
                ("Sabang, Weh Island", 5.89, 95.32),
                ("Pidie, Aceh", 5.38, 95.95),
            ),
        },
        (("maritime_interception", 0.6), ("maritime_rescue", 0.3), ("smuggling_sea", 0.1)),
        SEA,
        (("boat", 1.0),),
        (("XXA", 0.55), ("MMR", 0.2), ("BGD", 0.25)),
        (40, 160, 450),
        ("MYR", 5_000, 11_000),
        # The sailing season is October to April; the south-west monsoon all but closes it.
        (14, 13, 12, 9, 4, 1, 1, 1, 2, 7, 12, 14),
        death_rate=0.08,
        embarkation=("Cox's Bazar", "Teknaf", "Sittwe"),
        vehicle="wooden fishing boat",
    ),
    Route(
        "Indonesia to Australia",
        0.12,
        "IRN",
        ("MYS", "IDN"),
        "AUS",
        {
            "IDN": _places(
                ("Pelabuhan Ratu, West Java", -6.99, 106.55),
                ("Off Rote Island", -10.9, 122.9),
                ("Kupang", -10.18, 123.6),
            ),
            "AUS": _places(
                ("Ashmore Reef", -12.25, 123.0),
                ("Christmas Island", -10.49, 105.63),
                ("Scott Reef", -14.07, 121.77),
            ),
        },
        (("maritime_interception", 0.7), ("smuggling_sea", 0.2), ("maritime_rescue", 0.1)),
        SEA,
        (("boat", 1.0),),
        (("AFG", 0.35), ("IRN", 0.25), ("IRQ", 0.15), ("VNM", 0.15), ("PAK", 0.1)),
        (5, 35, 120),
        ("USD", 4_000, 10_000),
        # The north-west monsoon (December to March) brings the roughest seas south of Java.
        (5, 4, 5, 8, 10, 11, 11, 11, 10, 9, 7, 5),
        death_rate=0.06,
        embarkation=("Pelabuhan Ratu", "Rote Island", "Cilacap"),
        vehicle="fishing vessel",
    ),
    Route(
        "Sri Lanka to Australia",
        0.05,
        "LKA",
        (),
        "AUS",
        {
            "LKA": _places(
                ("Negombo", 7.21, 79.84),
                ("Chilaw", 7.58, 79.8),
                ("Batticaloa", 7.73, 81.69),
            ),
            "AUS": _places(
                ("Cocos (Keeling) Islands", -12.19, 96.83), ("Christmas Island", -10.49, 105.63)
            ),
        },
        (("irregular_exit", 0.4), ("maritime_interception", 0.6)),
        SEA,
        (("boat", 1.0),),
        (("LKA", 1.0),),
        (10, 45, 110),
        ("LKR", 500_000, 1_500_000),
        (9, 10, 10, 8, 4, 3, 3, 4, 6, 9, 10, 9),
        death_rate=0.03,
        embarkation=("Negombo", "Chilaw", "Trincomalee"),
        vehicle="multi-day fishing trawler",
    ),
    Route(
        "Afghanistan-Iran-Türkiye",
        0.30,
        "AFG",
        ("IRN",),
        "TUR",
        {
            "TUR": _places(
                ("Van, Özalp", 38.66, 43.99),
                ("Doğubayazıt, Ağrı", 39.55, 44.08),  # noqa: RUF001 - Turkish dotless i
                ("Yüksekova, Hakkari", 37.57, 44.29),
            )
        },
        (("smuggling_land", 0.6), ("irregular_entry", 0.4)),
        LAND,
        (("on_foot", 0.6), ("vehicle", 0.4)),
        (("AFG", 0.8), ("PAK", 0.12), ("IRN", 0.08)),
        (3, 14, 60),
        ("USD", 400, 2_500),
        # Snow closes the mountain passes in winter.
        (3, 3, 5, 8, 10, 12, 13, 13, 11, 9, 6, 4),
        death_rate=0.02,
        embarkation=("Nimruz", "Herat"),
        vehicle="minibus",
    ),
    Route(
        "Myanmar to Thailand (land)",
        0.18,
        "MMR",
        (),
        "THA",
        {
            "THA": _places(
                ("Mae Sot, Tak", 16.71, 98.57),
                ("Mae Sai, Chiang Rai", 20.43, 99.88),
                ("Sangkhla Buri, Kanchanaburi", 15.16, 98.45),
            )
        },
        (("irregular_entry", 0.7), ("smuggling_land", 0.3)),
        LAND,
        (("on_foot", 0.5), ("vehicle", 0.5)),
        (("MMR", 0.9), ("XXA", 0.1)),
        (1, 8, 40),
        ("THB", 5_000, 25_000),
        (9, 9, 10, 9, 8, 8, 7, 7, 8, 8, 8, 9),
        embarkation=("Myawaddy", "Tachileik"),
        vehicle="pick-up truck",
        methods=("clandestine_entry", "concealment"),
    ),
    Route(
        "Fraudulent documents at airports",
        0.08,
        "XXX",
        (),
        "XXX",
        {
            "THA": _places(("Suvarnabhumi Airport", 13.69, 100.75)),
            "IDN": _places(
                ("Soekarno-Hatta Airport", -6.13, 106.66), ("Ngurah Rai Airport", -8.75, 115.17)
            ),
            "AUS": _places(("Sydney Airport", -33.94, 151.18), ("Perth Airport", -31.94, 115.97)),
        },
        (("document_fraud", 1.0),),
        AIR,
        (("aircraft", 1.0),),
        (("LKA", 0.2), ("IRN", 0.2), ("CHN", 0.2), ("VNM", 0.2), ("PAK", 0.2)),
        (1, 1, 4),
        ("USD", 3_000, 15_000),
        (9, 8, 8, 8, 8, 8, 9, 9, 8, 8, 8, 11),
        methods=("fraudulent_document",),
    ),
    Route(
        "Overstays in Thailand",
        0.05,
        "XXX",
        (),
        "THA",
        {"THA": _places(("Bangkok", 13.75, 100.5), ("Pattaya, Chon Buri", 12.93, 100.88))},
        (("irregular_stay", 1.0),),
        LAND,
        (("unknown", 1.0),),
        (("KHM", 0.3), ("LAO", 0.3), ("CHN", 0.2), ("VNM", 0.2)),
        (1, 2, 12),
        ("THB", 0, 0),
        (8, 8, 9, 9, 8, 8, 8, 8, 8, 9, 9, 8),
        methods=("overstay",),
    ),
)

# Which routes' events two members both report (and how often): the same boat seen at both ends.
TWIN_REPORTS = {
    "Indonesia to Australia": ("IDN", 0.1),
    "Bay of Bengal / Andaman Sea": ("IDN", 0.04),
}
