"""Labelled synthetic boat events for bench/linkage.py (invented boats, never real ones), and the
noise helpers the person records (``linkage_people``) share.

Boat events are reported by 1 to 4 members with dates a few days apart, historic and misspelt
place names, vessel prefixes dropped or changed, counts that differ, boats that sail twice and
two boats at one place on one day.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta

import pycountry

import screening_data as sd
import screening_names as n


def typo(rng: random.Random, text: str) -> str:
    """One character dropped, two neighbours swapped or one replaced (short words kept)."""
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("AEIOUNRSTLKM") + text[i + 1 :]


def maybe(rng: random.Random, missing: float, value: str) -> str:
    """``value``, or empty with probability ``missing``."""
    return "" if rng.random() < missing else value


def spelling(rng: random.Random, spellings: tuple[str, ...]) -> str:
    """One of the usual spellings, upper case, now and then mistyped."""
    chosen = (spellings[0] if rng.random() < 0.5 else rng.choice(spellings)).upper()
    return typo(rng, chosen) if rng.random() < 0.12 else chosen


# Events: boats with invented names, reported by up to four members each.
VESSEL_WORDS = [
    "SINAR",
    "HARAPAN",
    "BINTANG",
    "LAUT",
    "CAHAYA",
    "BAHARI",
    "MUTIARA",
    "SAMUDRA",
    "JAYA",
    "BERKAT",
    "ABADI",
    "SEJAHTERA",
    "NUSANTARA",
    "RAHMAT",
    "BUDI",
    "SETIA",
    "MAJU",
    "TERANG",
    "KASIH",
    "INDAH",
    "PUTRA",
    "PUTRI",
    "MAS",
    "BARU",
    "SENTOSA",
]
VESSEL_PREFIXES = ["KM", "K.M.", "KMP", "MV", "M.V.", "FV", "KLM", ""]
EVENT_PLACES = {  # canonical: spellings members use
    "CHRISTMAS ISLAND": [
        "Christmas Island",
        "Christmas Is.",
        "Pulau Christmas",
        "Flying Fish Cove",
    ],
    "ASHMORE REEF": ["Ashmore Reef", "Pulau Pasir", "Ashmore Islands", "Ashmore"],
    "KUPANG": ["Kupang", "Koepang", "Kupang, NTT"],
    "ROTE": ["Rote", "Roti", "Pulau Rote", "Rote Island"],
    "PELABUHAN RATU": ["Pelabuhan Ratu", "Pelabuhanratu", "Palabuhanratu"],
    "LANGKAWI": ["Langkawi", "Pulau Langkawi", "Langkawi, Kedah"],
    "SATUN": ["Satun", "Setul", "Satun Province"],
    "RANONG": ["Ranong", "Ranong Port", "Ranong, Thailand"],
    "KOH LIPE": ["Koh Lipe", "Ko Lipe", "Lipe Island"],
    "SITTWE": ["Sittwe", "Akyab", "Sittwe Port"],
    "YANGON": ["Yangon", "Rangoon"],
    "COX S BAZAR": ["Cox's Bazar", "Coxs Bazar", "Cox Bazar"],
    "TEKNAF": ["Teknaf", "Teknaf, Bangladesh"],
    "BANDA ACEH": ["Banda Aceh", "Kutaraja"],
    "LHOKSEUMAWE": ["Lhokseumawe", "Lhoksumawe"],
    "PENANG": ["Penang", "Pulau Pinang", "George Town"],
    "CILACAP": ["Cilacap", "Tjilatjap"],
    "KAWTHAUNG": ["Kawthaung", "Victoria Point", "Kawthoung"],
    "MERAK": ["Merak", "Merak Port"],
    "BENOA": ["Benoa", "Benoa Harbour"],
}
EVENT_NATIONALITIES = ["AF", "IR", "PK", "MM", "BD", "LK", "VN", "IQ", "SO", "CN"]
EVENT_STATES = ("AUS", "IDN", "MYS", "THA", "LKA", "BGD")
EVENT_DATE_STYLE = {
    "AUS": "%Y-%m-%d",
    "IDN": "%d.%m.%Y",
    "MYS": "%m/%d/%Y",
    "THA": "%d/%m/%Y",
    "LKA": "%Y-%m-%d",
    "BGD": "%d %b %Y",
}


@dataclass
class Voyage:
    """One invented boat event: the truth its reports are drawn from."""

    entity: int
    day: date
    place: str
    vessel: str
    count: int
    nationalities: list[str]
    facilitators: list[str]


def make_voyage(rng: random.Random, entity: int, boats: list[str]) -> Voyage:
    """A new event; a boat may sail again (the same name on another date is another event)."""
    if boats and rng.random() < 0.15:
        vessel = rng.choice(boats)
    else:
        vessel = " ".join(rng.sample(VESSEL_WORDS, 2))
        vessel += f" {rng.randrange(1, 12)}" if rng.random() < 0.4 else ""
        boats.append(vessel)
    day = date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 13))
    nationalities = rng.sample(EVENT_NATIONALITIES, rng.choice((1, 1, 2, 3)))
    facilitators = [_facilitator(rng) for _ in range(rng.choice((0, 1, 1, 2)))]
    return Voyage(
        entity,
        day,
        rng.choice(list(EVENT_PLACES)),
        vessel,
        rng.randrange(8, 300),
        nationalities,
        facilitators,
    )


def _facilitator(rng: random.Random) -> str:
    given = spelling(rng, sd._pick(rng, n.PERSIAN_GIVEN)[0])
    return f"{given} {spelling(rng, sd._pick(rng, n.PERSIAN_FAMILY)[0])}"


def report_of(rng: random.Random, voyage: Voyage, state: str, report_id: str) -> dict[str, str]:
    """One member's report of ``voyage``: its date style, spelling, count and omissions."""
    shift = rng.choice((0, 0, 0, 1, -1, 2, -2, 3)) if rng.random() < 0.5 else 0
    day = voyage.day + timedelta(days=shift)
    place = rng.choice(EVENT_PLACES[voyage.place])
    count = voyage.count
    if rng.random() < 0.6:
        count = max(1, round(count * rng.uniform(0.8, 1.2)))
    nationalities = voyage.nationalities if rng.random() < 0.7 else voyage.nationalities[:1]
    facilitators = [spelling(rng, (name,)) for name in voyage.facilitators if rng.random() < 0.7]
    return {
        "report_id": report_id,
        "source_state": state,
        "event_date": day.strftime(EVENT_DATE_STYLE[state]),
        "location": typo(rng, place) if rng.random() < 0.1 else place,
        "vessel_name": maybe(rng, 0.12, _written_vessel(rng, voyage.vessel)),
        "persons_on_board": maybe(rng, 0.1, str(count)),
        "passenger_nationalities": ";".join(
            pycountry.countries.get(alpha_2=code).alpha_3 if rng.random() < 0.5 else code
            for code in nationalities
        )
        if rng.random() > 0.15
        else "",
        "facilitator_names": json.dumps(facilitators),
    }


def _written_vessel(rng: random.Random, name: str) -> str:
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI", "7": "VII"}
    words = [roman.get(w, w) if rng.random() < 0.3 else w for w in name.split()]
    written = " ".join(words).title() if rng.random() < 0.5 else " ".join(words)
    written = typo(rng, written) if rng.random() < 0.15 else written
    return f"{rng.choice(VESSEL_PREFIXES)} {written}".strip()


def make_events(count: int, seed: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    """About ``count`` events' reports (1 to 4 each, from different members) and the truth."""
    rng = random.Random(seed)
    rows, truth, boats = [], {}, []  # type: ignore[var-annotated]
    for entity in range(count):
        voyage = make_voyage(rng, entity, boats)
        copies = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        for state in rng.sample(EVENT_STATES, copies):
            report_id = f"E{len(rows) + 1:06d}"
            rows.append(report_of(rng, voyage, state, report_id))
            truth[report_id] = entity
    rng.shuffle(rows)
    return rows, truth
