"""Plausible synthetic CTDC-style cases for tests, demos and benchmarks. Never real people.

The distributions are skewed the way CTDC's are: a few citizenships and countries of
exploitation hold most cases and a long tail of rare ones follows (Zipf weights); about seven in
ten registered victims are female; sexual exploitation dominates for women and forced labour for
men; recent years have more cases, and forced criminality in online scam centres appears from
2020 in the Mekong region. Each case also gets a registration date and a free-text note, which
a release must drop.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from itertools import accumulate

from rcf.trafficking.codes import (
    AgeBand,
    ExploitationType,
    Gender,
    MeansOfControl,
    RecruiterRelation,
)
from rcf.trafficking.isic import IsicSection
from rcf.trafficking.regions import mapped_countries
from rcf.trafficking.release import CaseRecord

# Most frequent first; weights fall off as 1 / rank ** ZIPF_EXPONENT.
ZIPF_EXPONENT = 1.6
MAIN_CITIZENSHIPS = [
    "PHL",
    "IDN",
    "MMR",
    "KHM",
    "VNM",
    "THA",
    "UKR",
    "MDA",
    "LAO",
    "BGD",
    "NPL",
    "LKA",
    "CHN",
    "IND",
    "MYS",
    "NGA",
]
MAIN_DESTINATIONS = [
    "THA",
    "MYS",
    "USA",
    "MMR",
    "KHM",
    "RUS",
    "SAU",
    "ARE",
    "JPN",
    "KOR",
    "LAO",
    "IDN",
    "PHL",
    "AUS",
    "SGP",
    "QAT",
]
SCAM_COUNTRIES = frozenset({"KHM", "MMR", "LAO", "PHL"})
YEARS = range(2002, 2025)
AGE_WEIGHTS = {
    AgeBand.AGE_0_8: 3,
    AgeBand.AGE_9_17: 14,
    AgeBand.AGE_18_20: 10,
    AgeBand.AGE_21_23: 11,
    AgeBand.AGE_24_26: 10,
    AgeBand.AGE_27_29: 8,
    AgeBand.AGE_30_38: 13,
    AgeBand.AGE_39_47: 7,
    AgeBand.AGE_48_PLUS: 4,
    AgeBand.UNKNOWN: 20,
}
GENDER_WEIGHTS = {
    Gender.FEMALE: 70,
    Gender.MALE: 28,
    Gender.TRANSGENDER_NONCONFORMING: 0.5,
    Gender.UNKNOWN: 1.5,
}
_E = ExploitationType
_RARE = {_E.SERVITUDE: 3, _E.FORCED_BEGGING: 2, _E.OTHER: 2}
_FEMALE = {_E.SEXUAL_EXPLOITATION: 55, _E.FORCED_LABOUR: 30, _E.FORCED_MARRIAGE: 7} | _RARE
_OTHERS = {_E.FORCED_LABOUR: 70, _E.SEXUAL_EXPLOITATION: 8, _E.FORCED_CRIMINALITY: 8} | _RARE
# is female -> (types, cumulative weights)
EXPLOITATION_WEIGHTS = {
    female: (list(weights), list(accumulate(weights.values())))
    for female, weights in ((True, _FEMALE), (False, _OTHERS))
}
MEANS = tuple(sorted(m.value for m in MeansOfControl))
RELATIONS = tuple(r.value for r in RecruiterRelation)
SECTOR_WEIGHTS = {"A": 30, "C": 20, "F": 15, "T": 20, "I": 8, "G": 4, "H": 3}


class CaseGenerator:
    """Draws synthetic cases; the same seed gives the same cases."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        tail = sorted(mapped_countries() - set(MAIN_CITIZENSHIPS) - {"TWN"})
        self.citizenships = MAIN_CITIZENSHIPS + tail
        self.citizenship_weights = _cumulative(_zipf(len(self.citizenships)))
        self.destinations = MAIN_DESTINATIONS + tail
        self.destination_weights = _cumulative(_zipf(len(self.destinations)))
        self.years = list(YEARS)
        self.year_weights = _cumulative([(year - 2000) ** 1.5 for year in self.years])
        self.ages, self.age_weights = list(AGE_WEIGHTS), _cumulative(list(AGE_WEIGHTS.values()))
        self.genders = list(GENDER_WEIGHTS)
        self.gender_weights = _cumulative(list(GENDER_WEIGHTS.values()))

    def case(self) -> CaseRecord:
        rng = self.rng
        year = rng.choices(self.years, cum_weights=self.year_weights)[0]
        gender = rng.choices(self.genders, cum_weights=self.gender_weights)[0]
        citizenship = rng.choices(self.citizenships, cum_weights=self.citizenship_weights)[0]
        country = self._country_of_exploitation(citizenship)
        types = self._exploitation(gender, year, country)
        labour = ExploitationType.FORCED_LABOUR in types
        return CaseRecord(
            year=year,
            gender=gender.value,
            age_band=rng.choices(self.ages, cum_weights=self.age_weights)[0].value,
            citizenship=citizenship,
            country_of_exploitation=country,
            exploitation_types=tuple(sorted(t.value for t in types)),
            means_of_control=self._means_of_control(),
            labour_sector=self._sector() if labour else "",
            recruiter_relation=(rng.choice(RELATIONS),),
        )

    def cases(self, count: int) -> list[CaseRecord]:
        return [self.case() for _ in range(count)]

    def csv_rows(self, count: int) -> Iterator[dict[str, str]]:
        """Cases as rows of a case file, with the date and free text a release must drop."""
        for number in range(1, count + 1):
            case = self.case()
            day = date(case.year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            yield {
                "case_number": f"SYN-{number:07d}",
                "registration_date": day.isoformat(),
                "year_of_registration": str(case.year),
                "gender": case.gender,
                "age_band": case.age_band,
                "citizenship": case.citizenship,
                "country_of_exploitation": case.country_of_exploitation,
                "exploitation_types": "|".join(case.exploitation_types),
                "means_of_control": "|".join(case.means_of_control),
                "labour_sector": case.labour_sector,
                "recruiter_relation": "|".join(case.recruiter_relation),
                "notes": f"Synthetic note {number}: met at the shelter, speaks Khmer.",
            }

    def _country_of_exploitation(self, citizenship: str) -> str:
        if self.rng.random() < 0.35:
            return citizenship  # domestic trafficking
        return self.rng.choices(self.destinations, cum_weights=self.destination_weights)[0]

    def _exploitation(self, gender: Gender, year: int, country: str) -> set[ExploitationType]:
        rng, E = self.rng, ExploitationType
        if year >= 2020 and country in SCAM_COUNTRIES and rng.random() < 0.5:
            return {E.FORCED_CRIMINALITY}
        types_, weights = EXPLOITATION_WEIGHTS[gender is Gender.FEMALE]
        types = {rng.choices(types_, cum_weights=weights)[0]}
        if rng.random() < 0.05:
            types.add(E.FORCED_LABOUR if E.SEXUAL_EXPLOITATION in types else E.SEXUAL_EXPLOITATION)
        return types

    def _means_of_control(self) -> tuple[str, ...]:
        draw = self.rng.random
        return tuple(means for means in MEANS if draw() < 0.12)

    def _sector(self) -> str:
        return IsicSection(self.rng.choices(list(SECTOR_WEIGHTS), list(SECTOR_WEIGHTS.values()))[0])


def _zipf(count: int, exponent: float = ZIPF_EXPONENT) -> list[float]:
    return [1 / rank**exponent for rank in range(1, count + 1)]


def _cumulative(weights: list[float]) -> list[float]:
    return list(accumulate(weights))
