"""Clustering invariants: every record once, ids deterministic, no chain across contradictions."""

from __future__ import annotations

import random

from rcf.linkage.clustering import attach_unambiguous, cluster
from rcf.linkage.person_fields import PERSON_COMPARISONS, Person, compare_persons
from rcf.linkage.persons import (
    CommonNames,
    FusedEvidence,
    link_persons,
    no_field_disagrees,
    prepare_persons,
)
from rcf.linkage.scoring import estimate_u, train

IDS = ["a", "b", "c", "d"]


def never(i: int, j: int) -> bool:
    return False


def test_every_record_gets_exactly_one_cluster_named_by_its_smallest_id() -> None:
    result = cluster(IDS, {(0, 1): 0.9}, probability=lambda i, j: 0.0, cannot_link=never)
    assert result == {"a": "a", "b": "a", "c": "c", "d": "d"}


def test_a_chain_through_a_contradiction_is_cut() -> None:
    # a~b and b~c are strong, but a and c hold different passports of one state.
    links = {(0, 1): 0.99, (1, 2): 0.98}
    result = cluster(
        IDS, links, probability=lambda i, j: 0.9, cannot_link=lambda i, j: (i, j) == (0, 2)
    )
    assert result["a"] == result["b"]
    assert result["c"] != result["a"]


def test_a_weak_chain_is_not_merged_on_average() -> None:
    # a~b strong, b~c just above threshold, but c is plainly not a: the average decides.
    links = {(0, 1): 0.99, (1, 2): 0.55}
    scores = {(0, 1): 0.99, (1, 2): 0.55, (0, 2): 0.01}
    result = cluster(IDS, links, probability=lambda i, j: scores[(i, j)], cannot_link=never)
    assert result["a"] == result["b"] != result["c"]


def test_groups_whose_pairs_only_lack_fields_in_common_merge_below_the_average() -> None:
    # a holds the birth date, c the passport: a~c scores low for want of a field in common,
    # not for one that differs, so b's link carries c into a's group.
    links = {(0, 1): 0.99, (1, 2): 0.55}
    scores = {(0, 1): 0.99, (1, 2): 0.55, (0, 2): 0.2}
    result = cluster(
        IDS,
        links,
        probability=lambda i, j: scores[(i, j)],
        cannot_link=never,
        silent=lambda i, j: True,
    )
    assert result["a"] == result["b"] == result["c"]


def test_a_pair_whose_field_disagrees_keeps_the_average_rule() -> None:
    links = {(0, 1): 0.99, (1, 2): 0.55}
    scores = {(0, 1): 0.99, (1, 2): 0.55, (0, 2): 0.2}
    result = cluster(
        IDS,
        links,
        probability=lambda i, j: scores[(i, j)],
        cannot_link=never,
        silent=lambda i, j: (i, j) != (0, 2),  # a and c: birthplaces differ
    )
    assert result["a"] == result["b"] != result["c"]


PEOPLE = [
    ("1", "THA", "KHAN, Mohammad", "13/04/1990", "AFG", "M", "P1234567", "Herat"),
    ("2", "IDN", "Muhammad Khan", "13.04.1990", "Afghanistan", "M", "P1234S67", ""),
    ("3", "AUS", "MOHAMMED KHAN", "1990-04-13", "AF", "M", "", ""),
    ("4", "MYS", "AUNG KYAW", "12/25/1980", "MMR", "M", "MA998877", ""),
    ("5", "THA", "KYAW, Aung", "25/12/1980", "Myanmar", "M", "", ""),
    ("6", "IDN", "Nguyen Van Hung", "1975", "VN", "M", "", ""),
    ("7", "AUS", "Mohammad Khan", "1990-04-13", "AF", "M", "P7654321", "Kandahar"),
]


def rows() -> list[dict[str, str]]:
    keys = ("record_id", "source_state", "full_name", "birth_date", "nationality", "gender")
    columns = (*keys, "document_number", "place_of_birth")
    return [dict(zip(columns, person, strict=True)) for person in PEOPLE]


def test_persons_link_across_conventions_and_every_record_appears_once() -> None:
    result = link_persons(rows())
    assert sorted(result) == [p[0] for p in PEOPLE]
    assert result["1"] == result["2"]
    assert result["4"] == result["5"]
    assert result["6"] == "6"


def test_different_passports_of_one_state_never_share_a_cluster() -> None:
    result = link_persons(rows())
    # 7 is a namesake born the same day elsewhere, with another Afghan passport than 1 and 2.
    assert result["7"] not in {result["1"], result["2"]}


def test_a_renewed_passport_joins_when_the_pair_alone_says_one_person() -> None:
    # 8 holds another Afghan passport than 1, and neither birthplace nor gender disagrees.
    renewed = dict(zip(rows()[0], ("8", "MYS", "Mohammad Khan", "1990-04-13", "AF", "",
                                   "X9988776", ""), strict=True))  # fmt: skip
    result = link_persons([*rows(), renewed])
    assert result["8"] == result["1"]
    assert result["7"] not in {result["1"], result["2"]}


def test_cluster_ids_do_not_depend_on_row_order() -> None:
    shuffled = rows()
    random.Random(5).shuffle(shuffled)
    assert link_persons(shuffled) == link_persons(rows())


def test_a_lone_sparse_record_joins_the_one_cluster_it_agrees_with() -> None:
    # a and b are one person; c (a name only) agrees with a far better than with anyone else.
    clusters = {"a": "a", "b": "a", "c": "c", "d": "d"}
    strength = {(2, 0): 0.3, (2, 3): 0.01}
    result = attach_unambiguous(
        IDS, clusters, [[1], [0], [0, 3], [2]], lone=lambda i: i == 2,
        strength=lambda i, j: strength.get((i, j)),
    )  # fmt: skip
    assert result == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_a_lone_sparse_record_between_two_namesakes_stays_alone() -> None:
    clusters = {"a": "a", "b": "b", "c": "c", "d": "d"}
    strength = {(2, 0): 0.3, (2, 1): 0.25}
    result = attach_unambiguous(
        IDS, clusters, [[2], [2], [0, 1], []], lone=lambda i: i == 2,
        strength=lambda i, j: strength.get((i, j)),
    )  # fmt: skip
    assert result == clusters


def test_a_lone_sparse_record_joins_a_namesake_that_outweighs_the_others_together() -> None:
    # Odds 1 : 1 against 1 : 4 for the other namesake: the first holds most of the evidence.
    clusters = {"a": "a", "b": "b", "c": "c", "d": "d"}
    strength = {(2, 0): 0.5, (2, 1): 0.2}
    result = attach_unambiguous(
        IDS, clusters, [[2], [2], [0, 1], []], lone=lambda i: i == 2,
        strength=lambda i, j: strength.get((i, j)),
    )  # fmt: skip
    assert result["c"] == "a"


def test_two_sparse_sightings_of_one_person_do_not_hold_each_other_back() -> None:
    # c and d (a name and one field each) agree with each other and with cluster a: the other
    # sighting is no other person, so each joins a.
    clusters = {"a": "a", "b": "a", "c": "c", "d": "d"}
    strength = {(2, 0): 0.3, (2, 3): 0.2, (3, 0): 0.3, (3, 2): 0.2}
    result = attach_unambiguous(
        IDS, clusters, [[2, 3], [], [0, 3], [0, 2]], lone=lambda i: i >= 2,
        strength=lambda i, j: strength.get((i, j)),
    )  # fmt: skip
    assert result == {"a": "a", "b": "a", "c": "a", "d": "a"}


def test_a_sparse_sighting_that_disagrees_with_the_best_cluster_still_competes() -> None:
    # d agrees with c but not with a (another nationality): c may be d's person, not a's.
    clusters = {"a": "a", "b": "a", "c": "c", "d": "d"}
    strength = {(2, 0): 0.3, (2, 3): 0.3, (3, 2): 0.3}
    result = attach_unambiguous(
        IDS, clusters, [[2], [], [0, 3], [2]], lone=lambda i: i >= 2,
        strength=lambda i, j: strength.get((i, j)),
    )  # fmt: skip
    assert result["c"] == "c"


def test_a_lone_sparse_record_stays_alone_when_its_only_match_is_unlikely() -> None:
    # c agrees with a alone, at odds of 1 : 19 (a common name: likelier another namesake).
    clusters = {"a": "a", "b": "b", "c": "c", "d": "d"}
    result = attach_unambiguous(
        IDS, clusters, [[2], [], [0], []], lone=lambda i: i == 2,
        strength=lambda i, j: 0.05 if (i, j) == (2, 0) else None,
    )  # fmt: skip
    assert result == clusters


def _fused_setup() -> tuple[FusedEvidence, list[Person]]:
    people = prepare_persons(
        [
            {"record_id": "a", "source_state": "THA", "full_name": "Reza Mehdi",
             "nationality": "IR", "place_of_birth": "Herat"},
            {"record_id": "b", "source_state": "AUS", "given_name": "Reza",
             "family_name": "Mehdi", "birth_date": "1983-07-13", "nationality": "IRN"},
            {"record_id": "c", "source_state": "IDN", "full_name": "Reza Mehdi",
             "gender": "M", "place_of_birth": "Herat"},
            {"record_id": "d", "source_state": "IDN", "full_name": "Reza Mehdi",
             "nationality": "AF", "birth_date": "1970"},
        ]
    )  # fmt: skip
    model = train(PERSON_COMPARISONS, estimate_u(PERSON_COMPARISONS, []), [], all_pairs=1)
    return FusedEvidence(people, model, CommonNames(people)), people


def test_a_sparse_record_is_weighed_against_what_the_whole_cluster_knows() -> None:
    # a's nationality agrees with b, its birthplace with c: together stronger than either.
    fused, _ = _fused_setup()
    both = fused.probability(0, [1, 2])
    assert both is not None
    assert both > max(fused.probability(0, [1]) or 0, fused.probability(0, [2]) or 0)


def test_a_sparse_record_never_joins_a_cluster_one_of_whose_records_disagrees() -> None:
    fused, _ = _fused_setup()
    assert fused.probability(0, [1, 3]) is None  # d is Afghan, a Iranian


def test_a_sparse_record_takes_the_name_and_its_weight_from_its_best_record() -> None:
    # A file whose sure matches carry variants more often than exact names learns a larger m
    # for "close" than for "exact": the cluster's best evidence is then its respelt record,
    # not the record whose name level is lowest.
    people = prepare_persons(
        [
            {"record_id": "a", "source_state": "THA", "full_name": "Islam Hussain",
             "nationality": "MM"},
            {"record_id": "b", "source_state": "AUS", "given_name": "Islam",
             "family_name": "Hussaim", "birth_date": "2001-03-18", "nationality": "MMR"},
            {"record_id": "c", "source_state": "IDN", "full_name": "Islam Hussain",
             "birth_date": "2001-03-18", "nationality": "MM"},
        ]
    )  # fmt: skip
    model = train(PERSON_COMPARISONS, estimate_u(PERSON_COMPARISONS, []), [], all_pairs=1)
    model.m[0] = [0.30, 0.45, 0.15, 0.06, 0.04]
    fused = FusedEvidence(people, model, CommonNames(people))
    both = fused.probability(0, [1, 2])
    assert both is not None
    assert both >= max(fused.probability(0, [1]) or 0, fused.probability(0, [2]) or 0)


def test_records_without_fields_in_common_are_silent_and_a_birthplace_apart_is_not() -> None:
    columns = ("record_id", "source_state", "full_name", "birth_date", "document_number",
               "place_of_birth")  # fmt: skip
    dated, documented, elsewhere = prepare_persons([
        dict(zip(columns, ("1", "AUS", "Hossein Ali", "1988-04-25", "", ""), strict=True)),
        dict(zip(columns, ("2", "AUS", "Husain Ali", "1988", "P1234567", "Mashhad"), strict=True)),
        dict(zip(columns, ("3", "AUS", "Hossein Ali", "", "", "Kabul"), strict=True)),
    ])  # fmt: skip
    assert no_field_disagrees(compare_persons(dated, documented))
    assert not no_field_disagrees(compare_persons(documented, elsewhere))
