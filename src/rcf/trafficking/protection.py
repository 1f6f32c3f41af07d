"""Protection needs: flags on a person, each bringing the checklist of steps that must follow
(UNHCR, UNICEF and IOM guidance on unaccompanied children, asylum, statelessness, medical care
and rescue at sea). Pure: the case stores the flags and the codes of the steps done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rcf.trafficking.codes import Code
from rcf.trafficking.indicators import Screening


class ProtectionFlag(Code):
    UNACCOMPANIED_OR_SEPARATED_CHILD = "unaccompanied_or_separated_child"
    ASYLUM_SEEKER_OR_REFUGEE = "asylum_seeker_or_refugee"
    STATELESS = "stateless"
    URGENT_MEDICAL_NEED = "urgent_medical_need"
    RESCUED_AT_SEA = "rescued_at_sea"


@dataclass(frozen=True)
class Step:
    code: str  # unique across flags; what the case records as done
    label: str
    refer_to: str | None = None
    urgent: bool = False


STEPS: dict[ProtectionFlag, tuple[Step, ...]] = {
    ProtectionFlag.UNACCOMPANIED_OR_SEPARATED_CHILD: (
        Step("child.notify", "Notify the child protection authority", "child_protection", True),
        Step("child.guardian", "Appoint a guardian or representative", "child_protection", True),
        Step("child.care", "Place in child-appropriate care, apart from unrelated adults"),
        Step("child.best_interests", "Carry out a best-interests assessment"),
        Step("child.age", "Assess age only if in doubt, giving the benefit of the doubt"),
        Step("child.tracing", "Trace the family, only where safe and in the child's interest"),
    ),
    ProtectionFlag.ASYLUM_SEEKER_OR_REFUGEE: (
        Step("asylum.inform", "Inform the person of the right to seek asylum", None, True),
        Step("asylum.refer", "Refer to UNHCR or the national asylum authority", "UNHCR", True),
        Step(
            "asylum.no_return",
            "Stop any return or removal until the claim is decided (non-refoulement)",
            None,
            True,
        ),
        Step("asylum.no_contact", "Do not contact the authorities of the country of origin"),
    ),
    ProtectionFlag.STATELESS: (
        Step("stateless.refer", "Refer to UNHCR for statelessness determination", "UNHCR"),
        Step("stateless.documents", "Issue or request identity and travel documents"),
        Step(
            "stateless.no_removal",
            "No removal to a country that does not recognise the person",
            None,
            True,
        ),
    ),
    ProtectionFlag.URGENT_MEDICAL_NEED: (
        Step("medical.care", "Arrange medical care now", "health_services", True),
        Step("medical.consent", "Obtain informed consent for treatment (or a guardian's)"),
        Step("medical.defer_interview", "Defer interviews until the person is fit"),
    ),
    ProtectionFlag.RESCUED_AT_SEA: (
        Step("sea.place_of_safety", "Disembark at a place of safety", None, True),
        Step("sea.triage", "Medical triage and first aid", "health_services", True),
        Step("sea.screen", "Screen each survivor individually (trafficking, asylum, children)"),
        Step("sea.missing", "Record the dead and missing; start family tracing", "ICRC/RFL"),
        Step("sea.psychosocial", "Offer psychological first aid"),
    ),
}


def required_steps(flags: Iterable[ProtectionFlag]) -> list[Step]:
    """Every step the flags require, urgent ones first, in checklist order otherwise."""
    steps = [step for flag in ProtectionFlag if flag in set(flags) for step in STEPS[flag]]
    return sorted(steps, key=lambda step: not step.urgent)


def outstanding_steps(flags: Iterable[ProtectionFlag], done: Iterable[str]) -> list[Step]:
    """The required steps not yet recorded as done."""
    finished = set(done)
    return [step for step in required_steps(flags) if step.code not in finished]


def unknown_steps(done: Iterable[str]) -> set[str]:
    """Step codes that belong to no checklist (to refuse them on input)."""
    known = {step.code for steps in STEPS.values() for step in steps}
    return set(done) - known


def suggested_flags(screening: Screening, *, travelling_alone: bool) -> set[ProtectionFlag]:
    """Flags the screening already implies: a child (or age in doubt) travelling alone."""
    child = screening.minor is not False
    return (
        {ProtectionFlag.UNACCOMPANIED_OR_SEPARATED_CHILD} if child and travelling_alone else set()
    )
