"""Identification screening: a checklist a border or police officer completes in a few minutes,
giving *likely*, *possible* or *unlikely*, the reasons, and the next step.

The indicators and their weights are adapted from the ILO / European Commission operational
indicators of trafficking in human beings (Delphi survey, 2009), with the IOM and UNODC indicator
lists. Each indicator belongs to one element of the Palermo Protocol definition and is strong,
medium or weak:

* **recruitment**: deception, coercion or abuse of vulnerability in recruitment and transport;
* **exploitation**: exploitative conditions of work or services;
* **control**: coercion and abuse of vulnerability at destination (the "means").

Rules (pure and deterministic):

1. An element is *established* when its observed indicators include at least two strong ones, or
   one strong and one medium or weak, or three medium, or two medium and one weak (the Delphi
   combination rule).
2. **Likely**: for an adult, recruitment, exploitation and control are all established; for a
   child (under 18, or age in doubt), recruitment and exploitation are, since the means are not
   needed to establish child trafficking (Palermo Protocol art. 3(c)).
3. **Possible**: otherwise, when any element is established, any strong indicator is observed,
   or the person is a child with any indicator at all.
4. **Unlikely**: nothing of the above. An unlikely screening may be discarded.

Protection flags (unaccompanied or separated child, asylum seeker or refugee, stateless, urgent
medical need, rescued at sea) each bring the checklist of steps that must follow, whatever the
outcome.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from rcf.trafficking.codes import Code


class Element(Code):
    RECRUITMENT = "recruitment"
    EXPLOITATION = "exploitation"
    CONTROL = "control"


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class Outcome(Code):
    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


@dataclass(frozen=True)
class IndicatorSpec:
    element: Element
    strength: Strength
    question: str


class Indicator(Code):
    DECEIVED_ABOUT_JOB = "deceived_about_job"
    DECEIVED_ABOUT_CONDITIONS = "deceived_about_conditions"
    RECRUITED_BY_FORCE = "recruited_by_force"
    RECRUITMENT_DEBT = "recruitment_debt"
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    TRAVEL_CONTROLLED_BY_OTHERS = "travel_controlled_by_others"
    EXCESSIVE_HOURS = "excessive_hours"
    NO_PAY = "no_pay"
    DEGRADING_CONDITIONS = "degrading_conditions"
    FORCED_ACTIVITY = "forced_activity"
    NO_CONTRACT_OR_PROTECTION = "no_contract_or_protection"
    RESTRICTED_MOVEMENT = "restricted_movement"
    WITHHELD_DOCUMENTS = "withheld_documents"
    DEBT_BONDAGE = "debt_bondage"
    SIGNS_OF_ABUSE = "signs_of_abuse"
    THREATS_TO_PERSON_OR_FAMILY = "threats_to_person_or_family"
    THREAT_OF_DENUNCIATION = "threat_of_denunciation"
    ISOLATION = "isolation"
    DEPENDENT_ON_EXPLOITER = "dependent_on_exploiter"
    NOT_SPEAKING_FOR_SELF = "not_speaking_for_self"
    FEAR_OR_ANXIETY = "fear_or_anxiety"

    @property
    def spec(self) -> IndicatorSpec:
        return INDICATORS[self]


_R, _E, _C = Element.RECRUITMENT, Element.EXPLOITATION, Element.CONTROL
_S, _M, _W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK
I = Indicator  # noqa: E741 (a short alias keeps the table readable)
INDICATORS: dict[Indicator, IndicatorSpec] = {
    I.DECEIVED_ABOUT_JOB: IndicatorSpec(
        _R, _S, "Was the person deceived about the kind of work, the place or the employer?"
    ),
    I.DECEIVED_ABOUT_CONDITIONS: IndicatorSpec(
        _R, _M, "Deceived about pay, hours, living conditions or legal status?"
    ),
    I.RECRUITED_BY_FORCE: IndicatorSpec(
        _R, _S, "Abducted, sold, or forced to go (violence, threats, forced marriage)?"
    ),
    I.RECRUITMENT_DEBT: IndicatorSpec(
        _R, _M, "Charged recruitment or travel fees that became a debt to the recruiter?"
    ),
    I.ABUSE_OF_VULNERABILITY: IndicatorSpec(
        _R, _M, "Did the recruiter use poverty, irregular status, family situation or addiction?"
    ),
    I.TRAVEL_CONTROLLED_BY_OTHERS: IndicatorSpec(
        _R, _W, "Travel and documents arranged, paid and held by someone else?"
    ),
    I.EXCESSIVE_HOURS: IndicatorSpec(
        _E, _S, "Excessive working hours or days, no rest days, on call at all times?"
    ),
    I.NO_PAY: IndicatorSpec(_E, _S, "No pay, very low pay, or wages withheld or taken?"),
    I.DEGRADING_CONDITIONS: IndicatorSpec(
        _E, _S, "Hazardous work or degrading living conditions (locked quarters, no food)?"
    ),
    I.FORCED_ACTIVITY: IndicatorSpec(
        _E, _S, "Forced into sex work, begging, crime or online scams against their will?"
    ),
    I.NO_CONTRACT_OR_PROTECTION: IndicatorSpec(
        _E, _M, "No contract, no social protection, contract changed after arrival?"
    ),
    I.RESTRICTED_MOVEMENT: IndicatorSpec(
        _C, _S, "Confined, guarded or watched; cannot leave work or lodging freely?"
    ),
    I.WITHHELD_DOCUMENTS: IndicatorSpec(
        _C, _S, "Passport or identity papers taken or held by someone else?"
    ),
    I.DEBT_BONDAGE: IndicatorSpec(_C, _S, "Must work off a debt that keeps growing or never ends?"),
    I.SIGNS_OF_ABUSE: IndicatorSpec(
        _C, _S, "Injuries or other signs of physical or sexual violence?"
    ),
    I.THREATS_TO_PERSON_OR_FAMILY: IndicatorSpec(
        _C, _S, "Threats of violence against the person or their family?"
    ),
    I.THREAT_OF_DENUNCIATION: IndicatorSpec(
        _C, _M, "Threatened with the police or immigration, or with shaming before family?"
    ),
    I.ISOLATION: IndicatorSpec(
        _C, _M, "No phone, no contact with family, does not know the address or the language?"
    ),
    I.DEPENDENT_ON_EXPLOITER: IndicatorSpec(
        _C, _M, "Housing, food and money all depend on the employer or recruiter?"
    ),
    I.NOT_SPEAKING_FOR_SELF: IndicatorSpec(
        _C, _W, "Someone else answers for the person, or the story sounds rehearsed?"
    ),
    I.FEAR_OR_ANXIETY: IndicatorSpec(_C, _W, "Fearful, anxious or distrustful of the authorities?"),
}
del I


class Referral(Code):
    """Where the screening sends the person next."""

    ANTI_TRAFFICKING_FOCAL_POINT = "anti_trafficking_focal_point"
    IDENTIFICATION_INTERVIEW = "identification_interview"
    CHILD_PROTECTION = "child_protection"
    NONE = "none"


@dataclass(frozen=True)
class Screening:
    """What the officer observed. ``minor`` is None when the age is in doubt."""

    observed: frozenset[Indicator] = frozenset()
    minor: bool | None = False


@dataclass(frozen=True)
class ScreeningResult:
    outcome: Outcome
    established: tuple[Element, ...]
    reasons: tuple[str, ...]
    referrals: tuple[Referral, ...]
    next_steps: tuple[str, ...] = field(default=())

    @property
    def may_be_discarded(self) -> bool:
        return self.outcome is Outcome.UNLIKELY


def checklist() -> list[tuple[Element, list[Indicator]]]:
    """The questions of the printable checklist, by element, strongest first."""
    order = list(Strength)
    return [
        (
            element,
            sorted(
                (i for i in Indicator if i.spec.element is element),
                key=lambda i: order.index(i.spec.strength),
            ),
        )
        for element in Element
    ]


def element_established(observed: Iterable[Indicator], element: Element) -> bool:
    """The Delphi combination rule applied to the indicators of one element."""
    counts = Counter(i.spec.strength for i in observed if i.spec.element is element)
    strong, medium, weak = counts[_S], counts[_M], counts[_W]
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


def assess(screening: Screening) -> ScreeningResult:
    """The outcome of a screening, with its reasons and the next step."""
    observed = screening.observed
    child = screening.minor is not False
    established = tuple(e for e in Element if element_established(observed, e))
    outcome = _outcome(set(established), observed, child)
    referrals = _referrals(outcome, child)
    return ScreeningResult(
        outcome=outcome,
        established=established,
        reasons=_reasons(observed, established, child, screening.minor),
        referrals=referrals,
        next_steps=tuple(NEXT_STEPS[referral] for referral in referrals),
    )


def _outcome(established: set[Element], observed: frozenset[Indicator], child: bool) -> Outcome:
    needed = {_R, _E} if child else {_R, _E, _C}
    if needed <= established:
        return Outcome.LIKELY
    any_strong = any(i.spec.strength is _S for i in observed)
    if established or any_strong or (child and observed):
        return Outcome.POSSIBLE
    return Outcome.UNLIKELY


def _referrals(outcome: Outcome, child: bool) -> tuple[Referral, ...]:
    first = {
        Outcome.LIKELY: Referral.ANTI_TRAFFICKING_FOCAL_POINT,
        Outcome.POSSIBLE: Referral.IDENTIFICATION_INTERVIEW,
        Outcome.UNLIKELY: Referral.NONE,
    }[outcome]
    if child and outcome is not Outcome.UNLIKELY:
        return (Referral.CHILD_PROTECTION, first)
    return (first,)


def _reasons(
    observed: frozenset[Indicator],
    established: tuple[Element, ...],
    child: bool,
    minor: bool | None,
) -> tuple[str, ...]:
    reasons = [f"{element.label} element established." for element in established]
    for indicator in sorted(observed, key=lambda i: (i.spec.element, i.spec.strength, i)):
        spec = indicator.spec
        reasons.append(
            f"{spec.strength.value.capitalize()} indicator of {spec.element.value}: "
            f"{indicator.label}."
        )
    if minor is None:
        reasons.append("Age in doubt: treated as a child until assessed.")
    elif child:
        reasons.append("The person is a child: the means need not be shown.")
    if not observed:
        reasons.append("No indicator observed.")
    return tuple(reasons)


NEXT_STEPS: dict[Referral, str] = {
    Referral.ANTI_TRAFFICKING_FOCAL_POINT: (
        "Refer now to the anti-trafficking focal point (national referral mechanism): ensure "
        "safety, shelter and medical care; explain rights and ask consent before any sharing; "
        "do not question further about the exploitation; do not treat as an offender."
    ),
    Referral.IDENTIFICATION_INTERVIEW: (
        "Arrange a full identification interview by a trained case worker within 24 hours, "
        "with an interpreter; keep the person safe meanwhile and record the indicators seen."
    ),
    Referral.CHILD_PROTECTION: (
        "Refer to the child protection authority now; treat the person as a child until an age "
        "assessment says otherwise; no interview without a guardian or child specialist."
    ),
    Referral.NONE: (
        "No trafficking referral. Check other protection needs (asylum, medical, smuggled "
        "migrant); the screening may be discarded."
    ),
}
