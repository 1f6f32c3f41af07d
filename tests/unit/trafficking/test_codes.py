"""Code lists follow HTCDS, and the generalisation hierarchies of releases are consistent."""

from __future__ import annotations

import pycountry
import pytest

from rcf.trafficking.codes import (
    AgeBand,
    CaseStatus,
    ExploitationType,
    MeansOfControl,
    TraffickingStatus,
    age_band,
    from_htcds,
)
from rcf.trafficking.hierarchies import QUASI_IDENTIFIERS, Hierarchy
from rcf.trafficking.isic import IsicSection
from rcf.trafficking.regions import mapped_countries, region_of, subregion_of

# The HTCDS v2.0 field reference, vic_MethodsOfControl.
HTCDS_METHODS_OF_CONTROL = [
    "DebtBondage",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "Threats",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "SexualAbuse",
    "FalsePromises",
    "PsychoactiveSubstances",
    "RestrictsMovement",
    "RestrictsMedicalCare",
    "ExcessiveWorkingHours",
    "UsesChildren",
    "ThreatOfLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
]


def test_the_17_means_of_control_map_both_ways_to_htcds() -> None:
    assert len(MeansOfControl) == 17
    assert sorted(m.htcds for m in MeansOfControl) == sorted(HTCDS_METHODS_OF_CONTROL)
    for name in HTCDS_METHODS_OF_CONTROL:
        assert from_htcds(MeansOfControl, name).htcds == name


def test_htcds_names_of_other_lists() -> None:
    assert [s.htcds for s in CaseStatus] == ["Active", "FollowUp", "Closed", "ClosedReferred"]
    assert IsicSection.T.htcds == "T_ActivitiesOfHouseholdsAsEmployers"
    assert from_htcds(ExploitationType, "IllicitActivities") is ExploitationType.FORCED_CRIMINALITY
    assert TraffickingStatus.POSSIBLE.label == "Possible victim of trafficking"
    assert len(IsicSection) == 21
    with pytest.raises(ValueError, match="not a value of MeansOfControl"):
        from_htcds(MeansOfControl, "Witchcraft")


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, "0-8"), (8, "0-8"), (9, "9-17"), (17, "9-17"), (18, "18-20"), (47, "39-47"), (90, "48+")],
)
def test_ages_fall_in_ctdc_bands(age: int, band: str) -> None:
    assert age_band(age) == band
    assert age_band(age).is_minor is (age < 18)


def test_every_country_but_antarctica_has_an_m49_region() -> None:
    countries = {country.alpha_3 for country in pycountry.countries}

    assert countries - mapped_countries() == {"ATA"}
    assert (subregion_of("THA"), region_of("THA")) == ("South-eastern Asia", "Asia")
    assert (subregion_of("XXA"), region_of("XXA")) == ("*", "*")


@pytest.mark.parametrize("hierarchy", QUASI_IDENTIFIERS, ids=lambda h: h.column)
def test_each_value_has_one_parent_at_every_level(hierarchy: Hierarchy) -> None:
    samples = {
        "year": [str(y) for y in range(1995, 2030)],
        "gender": ["female", "male", "unknown"],
        "age_band": [band.value for band in AgeBand],
        "citizenship": [*sorted(mapped_countries()), "XXA", "XXX"],
        "country_of_exploitation": [*sorted(mapped_countries()), "XXX"],
    }
    parents: dict[tuple[int, str], str] = {}
    for value in samples[hierarchy.column]:
        chain = hierarchy.chain(value)
        assert chain[0] == value
        assert chain[-1] == "*"
        for level in range(len(chain) - 1):
            assert parents.setdefault((level, chain[level]), chain[level + 1]) == chain[level + 1]
