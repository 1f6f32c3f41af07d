"""The Fellegi-Sunter pieces: u from random pairs, the match rate, blocking, common names."""

from __future__ import annotations

from rcf.linkage.blocking import candidate_pairs, deletion_keys
from rcf.linkage.person_fields import DATE_DIFFERENT, PERSON_COMPARISONS, compare_persons
from rcf.linkage.persons import (
    NAME_FOLLOWERS,
    CommonNames,
    misspelt_pair_keys,
    one_slip_apart,
    prepare_persons,
    proven_namesakes,
)
from rcf.linkage.scoring import MISSING, Comparison, estimate_namesake_u, estimate_u, train

AGREE = Comparison("field", ("same", "different"), (0.9, 0.1), (0.1, 0.9))


def test_u_follows_the_data_and_falls_back_on_the_prior_for_small_files() -> None:
    many = [(0,)] * 500 + [(1,)] * 9500
    assert abs(estimate_u([AGREE], many)[0][0] - 0.05) < 0.01
    assert abs(estimate_u([AGREE], [(0,), (0,)])[0][0] - 0.1) < 0.01  # two pairs prove little


def test_the_match_rate_is_estimated_over_all_pairs() -> None:
    # 100 candidate pairs agree on two telling fields, 900 on neither, among 100,000 pairs.
    fields = [AGREE, AGREE]
    u = [[0.001, 0.999], [0.001, 0.999]]
    model = train(fields, u, [(0, 0)] * 100 + [(1, 1)] * 900, all_pairs=100_000)
    assert 0.0009 < model.match_rate < 0.0011


def test_values_one_edit_apart_share_a_deletion_key() -> None:
    assert set(deletion_keys("P1234567", "d:")) & set(deletion_keys("P1284567", "d:"))
    assert set(deletion_keys("P1234567", "d:")) & set(deletion_keys("P123567", "d:"))


def test_oversized_blocks_are_skipped() -> None:
    keys = [["big", f"own{i % 2}"] for i in range(6)]
    assert candidate_pairs(keys, limits={"big": 5}) == [
        (0, 2),
        (0, 4),
        (1, 3),
        (1, 5),
        (2, 4),
        (3, 5),
    ]


def test_a_common_name_weighs_less_and_a_rare_one_more_than_the_average_name() -> None:
    rows = [
        {"record_id": str(i), "source_state": "THA", "full_name": "Mohammad Khan"}
        for i in range(20)
    ] + [
        {"record_id": "r1", "source_state": "THA", "full_name": "Zabihullah Stanikzai"},
        {"record_id": "r2", "source_state": "IDN", "full_name": "Zabihullah Stanikzai"},
    ]
    persons = prepare_persons(rows)
    u = estimate_u(PERSON_COMPARISONS, [])
    model = train(PERSON_COMPARISONS, u, [], all_pairs=1)
    names = CommonNames(persons)
    common = names.penalty(persons[0], persons[1], compare_persons(persons[0], persons[1]), model)
    rare = names.penalty(persons[20], persons[21], compare_persons(persons[20], persons[21]), model)
    assert common < rare


def test_fields_that_follow_the_name_are_weighed_among_namesakes() -> None:
    # Random pairs seldom share a nationality; namesakes (proved different by their birth
    # dates) mostly do: measured among them, agreeing nationality is worth much less.
    u = estimate_u(PERSON_COMPARISONS, [])
    different = DATE_DIFFERENT
    namesakes = [(0, different, 0, 0, MISSING, MISSING)] * 900 + [
        (0, different, 1, 0, MISSING, MISSING)
    ] * 100
    adjusted = estimate_namesake_u(
        PERSON_COMPARISONS, u, namesakes, namesakes=proven_namesakes, fields=NAME_FOLLOWERS
    )
    assert adjusted[2][0] > 3 * u[2][0]
    assert adjusted[:2] == u[:2]


def test_a_misspelt_part_beside_a_common_one_still_meets_its_name() -> None:
    # BASHIR gives BSR, the typo BSAHIR gives BSHR: one deletion apart, they share a key.
    assert set(misspelt_pair_keys(["BSHR", "MHMD"])) & set(misspelt_pair_keys(["BSR", "MHMD"]))


def test_a_name_carried_by_many_records_of_one_person_is_not_common() -> None:
    rows = [
        {"record_id": str(i), "source_state": "THA", "full_name": "Zabihullah Stanikzai"}
        for i in range(6)
    ] + [{"record_id": f"o{i}", "source_state": "THA", "full_name": "Ali Khan"} for i in range(9)]
    persons = prepare_persons(rows)
    model = train(PERSON_COMPARISONS, estimate_u(PERSON_COMPARISONS, []), [], all_pairs=1)
    names = CommonNames(persons)
    vector = compare_persons(persons[0], persons[1])
    as_records = names.penalty(persons[0], persons[1], vector, model)
    names.exclude_own(["z"] * 6 + [f"o{i}" for i in range(9)])  # the six are one person
    assert names.penalty(persons[0], persons[1], vector, model) > as_records


def test_a_rare_name_mistyped_in_one_part_keeps_its_rarity_but_a_dropped_part_does_not() -> None:
    rows = [
        {"record_id": "a", "source_state": "THA", "full_name": "Zabihullah Stanikzai"},
        {"record_id": "b", "source_state": "THA", "full_name": "Zabihullah Stanikazi"},
        {"record_id": "c", "source_state": "THA", "full_name": "Aung Khin"},
        {"record_id": "d", "source_state": "THA", "full_name": "Thein Moe Khin Aung"},
    ] + [
        {"record_id": f"o{i}", "source_state": "THA", "full_name": "Ali Khan"} for i in range(3000)
    ]
    persons = prepare_persons(rows)
    model = train(PERSON_COMPARISONS, estimate_u(PERSON_COMPARISONS, []), [], all_pairs=1)
    names = CommonNames(persons)

    def penalty(i: int, j: int) -> float:
        return names.penalty(persons[i], persons[j], compare_persons(persons[i], persons[j]), model)

    assert penalty(0, 1) > 0  # one consonant swapped: still a name no one else carries
    assert penalty(2, 3) <= 0  # two parts more: no bonus from either name's rarity


def test_names_one_slip_apart_have_as_many_parts_and_one_part_one_edit_off() -> None:
    assert one_slip_apart(("KHN", "RHMN"), ("KHN", "RMN"))
    assert not one_slip_apart(("AN", "KN"), ("AN", "KN", "MN"))
    assert not one_slip_apart(("BSR", "RHMN"), ("BSHR", "RMN"))
    assert not one_slip_apart(("KRM", "HSN"), ("KRM", "ML"))
