"""Identification screening and protection checklists."""

from __future__ import annotations

import pytest

from rcf.trafficking.indicators import (
    INDICATORS,
    Element,
    Indicator,
    Outcome,
    Referral,
    Screening,
    Strength,
    assess,
    checklist,
    element_established,
)
from rcf.trafficking.protection import (
    STEPS,
    ProtectionFlag,
    outstanding_steps,
    required_steps,
    suggested_flags,
    unknown_steps,
)

I = Indicator  # noqa: E741


def screen(*observed: Indicator, minor: bool | None = False) -> Outcome:
    return assess(Screening(frozenset(observed), minor)).outcome


@pytest.mark.parametrize(
    ("observed", "established"),
    [
        ((I.RESTRICTED_MOVEMENT, I.WITHHELD_DOCUMENTS), True),  # two strong
        ((I.DEBT_BONDAGE, I.FEAR_OR_ANXIETY), True),  # strong + weak
        ((I.DEBT_BONDAGE, I.ISOLATION), True),  # strong + medium
        ((I.ISOLATION, I.THREAT_OF_DENUNCIATION, I.DEPENDENT_ON_EXPLOITER), True),  # 3 medium
        ((I.ISOLATION, I.THREAT_OF_DENUNCIATION, I.NOT_SPEAKING_FOR_SELF), True),  # 2 medium + weak
        ((I.DEBT_BONDAGE,), False),  # one strong alone
        ((I.ISOLATION, I.THREAT_OF_DENUNCIATION), False),
        ((I.NOT_SPEAKING_FOR_SELF, I.FEAR_OR_ANXIETY), False),  # weak only
        ((I.DEBT_BONDAGE, I.NO_PAY), False),  # one strong each in two elements
    ],
)
def test_the_delphi_combination_rule(observed: tuple[Indicator, ...], established: bool) -> None:
    assert element_established(observed, Element.CONTROL) is established


ADULT_LIKELY = (
    I.DECEIVED_ABOUT_JOB,
    I.RECRUITMENT_DEBT,
    I.EXCESSIVE_HOURS,
    I.NO_PAY,
    I.WITHHELD_DOCUMENTS,
    I.RESTRICTED_MOVEMENT,
)


def test_an_adult_with_all_three_elements_is_likely_and_referred_now() -> None:
    result = assess(Screening(frozenset(ADULT_LIKELY)))

    assert result.outcome is Outcome.LIKELY
    assert result.established == (Element.RECRUITMENT, Element.EXPLOITATION, Element.CONTROL)
    assert result.referrals == (Referral.ANTI_TRAFFICKING_FOCAL_POINT,)
    assert "national referral mechanism" in result.next_steps[0]
    assert "Strong indicator of control: Withheld documents." in result.reasons
    assert not result.may_be_discarded


def test_an_adult_without_the_means_is_only_possible() -> None:
    no_control = [i for i in ADULT_LIKELY if i.spec.element is not Element.CONTROL]

    result = assess(Screening(frozenset(no_control)))

    assert result.outcome is Outcome.POSSIBLE
    assert result.referrals == (Referral.IDENTIFICATION_INTERVIEW,)


def test_a_child_needs_no_means_and_goes_to_child_protection_first() -> None:
    observed = (I.DECEIVED_ABOUT_JOB, I.TRAVEL_CONTROLLED_BY_OTHERS, I.FORCED_ACTIVITY, I.NO_PAY)

    result = assess(Screening(frozenset(observed), minor=True))

    assert result.outcome is Outcome.LIKELY
    assert result.referrals == (Referral.CHILD_PROTECTION, Referral.ANTI_TRAFFICKING_FOCAL_POINT)
    assert any("child" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("observed", "minor", "outcome"),
    [
        ((I.WITHHELD_DOCUMENTS,), False, Outcome.POSSIBLE),  # any strong indicator
        ((I.FEAR_OR_ANXIETY,), False, Outcome.UNLIKELY),
        ((I.FEAR_OR_ANXIETY,), True, Outcome.POSSIBLE),  # a child with any indicator
        ((I.FEAR_OR_ANXIETY,), None, Outcome.POSSIBLE),  # age in doubt counts as a child
        ((), False, Outcome.UNLIKELY),
        ((), None, Outcome.UNLIKELY),
    ],
)
def test_possible_and_unlikely(
    observed: tuple[Indicator, ...], minor: bool | None, outcome: Outcome
) -> None:
    assert screen(*observed, minor=minor) is outcome


def test_an_unlikely_screening_says_so_and_may_be_discarded() -> None:
    result = assess(Screening())

    assert result.may_be_discarded
    assert result.referrals == (Referral.NONE,)
    assert result.reasons == ("No indicator observed.",)


def test_the_outcome_does_not_depend_on_the_order_of_answers() -> None:
    forward = assess(Screening(frozenset(ADULT_LIKELY[:4])))
    backward = assess(Screening(frozenset(reversed(ADULT_LIKELY[:4]))))

    assert forward == backward


def test_every_indicator_has_a_question_and_each_element_a_strong_indicator() -> None:
    assert set(INDICATORS) == set(Indicator)
    assert all(spec.question.endswith("?") for spec in INDICATORS.values())
    for element in Element:
        strengths = {s.strength for s in INDICATORS.values() if s.element is element}
        assert Strength.STRONG in strengths


# --- Protection --------------------------------------------------------------------------------


def test_each_flag_brings_its_checklist_urgent_steps_first() -> None:
    steps = required_steps({ProtectionFlag.ASYLUM_SEEKER_OR_REFUGEE, ProtectionFlag.STATELESS})

    codes = [step.code for step in steps]
    assert "asylum.refer" in codes
    assert "stateless.refer" in codes
    assert next(s for s in steps if s.code == "asylum.refer").refer_to == "UNHCR"
    urgent = [step.urgent for step in steps]
    assert urgent == sorted(urgent, reverse=True)
    assert not any(code.startswith("child.") for code in codes)


def test_outstanding_steps_leave_out_the_done_ones() -> None:
    flags = {ProtectionFlag.UNACCOMPANIED_OR_SEPARATED_CHILD}

    left = outstanding_steps(flags, {"child.notify", "child.guardian"})

    assert [step.code for step in left] == [
        "child.care",
        "child.best_interests",
        "child.age",
        "child.tracing",
    ]


def test_step_codes_are_unique_and_unknown_ones_are_found() -> None:
    codes = [step.code for steps in STEPS.values() for step in steps]

    assert len(codes) == len(set(codes))
    assert set(STEPS) == set(ProtectionFlag)
    assert unknown_steps({"child.notify", "made.up"}) == {"made.up"}


@pytest.mark.parametrize(
    ("minor", "alone", "flagged"),
    [(True, True, True), (None, True, True), (False, True, False), (True, False, False)],
)
def test_a_child_travelling_alone_is_flagged(
    minor: bool | None, alone: bool, flagged: bool
) -> None:
    flags = suggested_flags(Screening(minor=minor), travelling_alone=alone)

    assert (ProtectionFlag.UNACCOMPANIED_OR_SEPARATED_CHILD in flags) is flagged


def test_the_printable_checklist_asks_every_question_once_strongest_first() -> None:
    sections = checklist()

    assert [element for element, _ in sections] == list(Element)
    asked = [indicator for _, indicators in sections for indicator in indicators]
    assert sorted(asked) == sorted(Indicator)
    for _, indicators in sections:
        strengths = [list(Strength).index(i.spec.strength) for i in indicators]
        assert strengths == sorted(strengths)
