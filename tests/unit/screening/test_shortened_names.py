"""Shortened names: a dropped middle part or an initial costs little when the parts that agree
are rare, and as much as before when they are common (a namesake is then as likely)."""

from __future__ import annotations

import random

from rcf.screening.index import WatchlistIndex
from rcf.screening.matching import make_person, score_person
from rcf.screening.persons import Person, prepare_name

SYLLABLES = [consonant + vowel for consonant in "bkrtnsmld" for vowel in "aeiou"]
MIDDLES = ["Van", "Thi", "Duc", "Minh", "Thanh", "Ngoc", "Huu", "Quang"]


def watchlist() -> list[Person]:
    rng = random.Random(11)
    filler = [" ".join("".join(rng.choices(SYLLABLES, k=3)) for _ in range(3)) for _ in range(2000)]
    persons = [make_person(f"f{i}", [name]) for i, name in enumerate(filler)]
    # Many Vietnamese namesakes: Ho and Hai are common parts, Ho X Hai a common name.
    persons += [make_person(f"v{i}", [f"Ho {middle} Hai"]) for i, middle in enumerate(MIDDLES)]
    persons += [make_person(f"n{i}", [f"Ho {name.split()[0]}"]) for i, name in enumerate(filler)]
    persons += [make_person(f"h{i}", [f"{name.split()[1]} Hai"]) for i, name in enumerate(filler)]
    persons.append(make_person("w1", ["Baruva Zojaga Metizou"]))
    return persons


INDEX = WatchlistIndex.build(watchlist())
ENTRY = {person.id: person for person in INDEX.persons}


def score(query: str, entry_id: str) -> float:
    return score_person(make_person("q", [query]), ENTRY[entry_id], INDEX.weight).score


def test_a_dropped_middle_part_costs_little_when_the_rest_is_rare() -> None:
    assert score("Baruva Metizou", "w1") > 0.93
    assert score("METIZOU, Baruva", "w1") > 0.93


def test_an_initial_costs_little_when_the_rest_is_rare() -> None:
    assert score("B. Zojaga Metizou", "w1") > 0.95
    # One rare part and an initial: not enough to forgive the dropped part.
    assert score("B. Metizou", "w1") < score("Baruva Metizou", "w1")


def test_a_dropped_part_still_costs_when_the_rest_is_common() -> None:
    assert score("Ho Hai", "v0") < 0.88
    assert score("Ho Hai", "v0") < score("Baruva Metizou", "w1") - 0.05


def test_a_changed_part_is_not_forgiven_like_a_dropped_one() -> None:
    assert score("Baruva Kilomo Metizou", "w1") < 0.85


def test_short_common_parts_are_weighed_by_their_own_frequency() -> None:
    # A part with a one-consonant key (Ho, Hai) is counted as written, not as a unique part.
    common = prepare_name("Ho Hai").rarity_keys
    rare = prepare_name("Zojaga").rarity_keys
    assert INDEX.weight(common[0]) < INDEX.weight(rare[0]) / 2
    assert INDEX.weight(common[1]) < INDEX.weight(rare[0]) / 2


def test_an_initial_of_a_form_of_address_is_neutral() -> None:
    assert (
        score_person(make_person("q", ["M. Hla Soe"]), make_person("c", ["Maung Hla Soe"])).score
        > 0.95
    )


def test_common_parts_that_only_one_name_holds_together_identify_it() -> None:
    # Lamiso and Bakora are each on thirty names, together only on w3's: the pair identifies
    # it as a rare part would; once another name holds both, it no longer does.
    rng = random.Random(3)
    others = ["".join(rng.choices(SYLLABLES, k=3)).capitalize() for _ in range(30)]
    persons = [make_person("w3", ["Lamiso Tadu Bakora"])]
    persons += [make_person(f"l{i}", [f"Lamiso {other}"]) for i, other in enumerate(others)]
    persons += [make_person(f"b{i}", [f"{other} Bakora"]) for i, other in enumerate(others)]

    def shortened(watchlist: list[Person]) -> float:
        index = WatchlistIndex.build(watchlist)
        return score_person(make_person("q", ["Lamiso Bakora"]), watchlist[0], index.weight).score

    alone = shortened(persons)
    shared = shortened([*persons, make_person("x", ["Lamiso Kito Bakora"])])
    assert alone > 0.93
    assert shared < alone - 0.03
