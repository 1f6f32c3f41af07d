"""Candidate generation finds spellings of a name without comparing every watchlist entry."""

from __future__ import annotations

import random

from rcf.screening.index import WatchlistIndex, index_keys, query_keys
from rcf.screening.matching import make_person
from rcf.screening.persons import prepare_name

SYLLABLES = [consonant + vowel for consonant in "bkrtnsmld" for vowel in "aeiou"]


def filler(count: int) -> list[str]:
    rng = random.Random(7)
    return [" ".join("".join(rng.choices(SYLLABLES, k=3)) for _ in range(3)) for _ in range(count)]


def build(*entries: tuple[str, list[str]]) -> WatchlistIndex:
    persons = [make_person(f"f{i}", [name]) for i, name in enumerate(filler(2000))]
    persons += [make_person(person_id, names) for person_id, names in entries]
    return WatchlistIndex.build(persons)


def test_spellings_and_scripts_find_the_entry() -> None:
    index = build(
        ("w1", ["Mohammad Reza Hosseini"]), ("w2", ["Aung San Suu Kyi"]), ("w3", ["Xi Jinping"])
    )
    for query, expected in [
        ("محمد رضا حسینی", "w1"),
        ("HOSSEINI, Mohammed Rezza", "w1"),
        ("ဒေါ်အောင်ဆန်းစုကြည်", "w2"),
        ("Aung San Suukyi", "w2"),
        ("习近平", "w3"),
        ("Jin Ping Xi", "w3"),
    ]:
        matches = index.screen(make_person("q", [query]))
        assert matches, query
        assert matches[0].candidate_id == expected, query


def test_unrelated_query_finds_no_plausible_candidate() -> None:
    index = build(("w1", ["Mohammad Reza Hosseini"]))
    assert index.screen(make_person("q", ["Somchai Jaidee"])) == []


def test_a_query_scores_a_few_candidates_not_the_whole_list() -> None:
    index = build(("w1", ["Mohammad Reza Hosseini"]))
    assert len(index.candidates(make_person("q", ["Mohammad Hosseini"]))) <= 24
    assert index.persons[index.candidates(make_person("q", ["Mohammad Hosseini"]))[0]].id == "w1"


def test_common_part_weighs_less_than_a_rare_one() -> None:
    index = build(*[(f"m{i}", [f"Mohammad {name}"]) for i, name in enumerate(filler(300))])
    assert index.weight("mhmd") < index.weight("hsn")


def test_limit_and_order() -> None:
    index = build(*[(f"k{i}", [f"Karim Khan {suffix}"]) for i, suffix in enumerate("ABCDEFGH")])
    matches = index.screen(make_person("q", ["Karim Khan"]), limit=3)
    assert len(matches) == 3
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_query_keys_contain_the_index_keys_and_typo_variants() -> None:
    name = prepare_name("Mohanmad Hosseini")
    assert index_keys(name) <= query_keys(name)
    assert "mhmd" in query_keys(name)  # the extra consonant left out


def test_a_shared_birth_year_ranks_a_namesake_first() -> None:
    others = [make_person(f"n{i}", ["Zheng Lei"], [f"{1900 + i}-01-01"]) for i in range(30)]
    target = make_person("t", ["Zheng Lei"], ["1977-05-05"])
    index = WatchlistIndex.build([*others, target])
    matches = index.screen(make_person("q", ["郑磊"], ["1977"]), limit=3)
    assert matches[0].candidate_id == "t"


def test_a_typo_in_a_part_the_watchlist_does_not_know_is_corrected_to_one_it_knows() -> None:
    # Hundreds of Wangs and Zhous: the family name alone cannot single out the entry, the given
    # name as the watchlist spells it (one edit from the query's) does.
    given = ["".join(pair) for pair in zip(SYLLABLES, reversed(SYLLABLES), strict=True)] * 7
    index = build(*[(f"wang{i}", [f"Wang {name}"]) for i, name in enumerate(given)],
                  *[(f"zhou{i}", [f"Zhou {name}"]) for i, name in enumerate(given)],
                  ("w1", ["Zhou Zhibo"]), ("w2", ["Wang Longping"]))  # fmt: skip
    for query, expected in [("Wang Lomgping", "w2"), ("Zhou Zihbo", "w1")]:
        matches = index.screen(make_person("q", [query]))
        assert matches, query
        assert matches[0].candidate_id == expected, query
