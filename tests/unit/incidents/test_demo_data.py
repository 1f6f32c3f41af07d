"""The synthetic demo reports: deterministic, plausible, seasonal, valid for the one schema."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache

from rcf.incidents.demo_data import DemoReport, generate
from rcf.incidents.duplicates import EventFacts, score
from rcf.incidents.schemas import IncidentIn

START, END = date(2021, 1, 1), date(2025, 12, 31)
SERVER_SET = {
    "persons_total", "children_total", "fee_usd_per_person", "visibility", "handling_code",
    "source_reliability", "information_accuracy",
}  # fmt: skip


@cache
def reports() -> tuple[DemoReport, ...]:
    return tuple(generate(6_000, start=START, end=END, seed=7))


def route_of(report: DemoReport) -> str:
    return report.values["narrative"].split(" on the ")[1].split(" route")[0]


def test_the_same_seed_gives_the_same_reports() -> None:
    again = list(generate(6_000, start=START, end=END, seed=7))
    other = list(generate(6_000, start=START, end=END, seed=8))
    assert [r.values for r in again] == [r.values for r in reports()]
    assert [r.values for r in other] != [r.values for r in reports()]


def test_about_the_number_asked_for_within_the_dates() -> None:
    assert abs(len(reports()) - 6_000) < 60
    assert all(START <= r.values["occurred_on"] <= END for r in reports())


def test_every_event_counts_persons_and_the_groups_add_up() -> None:
    for report in reports():
        values = report.values
        assert values["persons_total"] > 0
        assert sum(p["count"] for p in report.persons) == values["persons_total"]
        groups = [(p["citizenship"], p["sex"], p["age_group"]) for p in report.persons]
        assert len(set(groups)) == len(groups)
        children = sum(p["count"] for p in report.persons if p["age_group"] == "child")
        assert values["children_total"] == children >= values["unaccompanied_children"]
        assert values["prosecutions"] <= values["arrests"]


def test_boats_carry_more_people_than_airport_cases() -> None:
    sizes: dict[str, list[int]] = {}
    for report in reports():
        sizes.setdefault(report.values["transport_means"], []).append(
            report.values["persons_total"]
        )
    median = {means: sorted(s)[len(s) // 2] for means, s in sizes.items()}
    assert median["boat"] >= 20
    assert median["aircraft"] <= 2


def test_few_andaman_sea_departures_in_the_monsoon() -> None:
    months = Counter(
        r.values["occurred_on"].month
        for r in reports()
        if route_of(r) == "Bay of Bengal / Andaman Sea"
    )
    monsoon = months[6] + months[7] + months[8]
    sailing = months[12] + months[1] + months[2]
    assert sailing > 5 * monsoon > 0


def test_deaths_and_missing_at_sea_happen_but_rarely() -> None:
    at_sea = [r for r in reports() if r.values["border_type"] == "sea"]
    lost = [r for r in at_sea if r.values["deaths"] + r.values["missing"] > 0]
    assert 0.01 < len(lost) / len(at_sea) < 0.2
    assert all(r.values["impact_level"] in ("high", "critical") for r in lost)


def test_some_events_are_reported_by_two_members() -> None:
    def facts(r: DemoReport) -> EventFacts:
        v = r.values
        return EventFacts(
            v["occurred_on"], v["country"], v["location_name"], v["origin_country"],
            v["destination_country"], v["persons_total"], v["transport_identifier"],
        )  # fmt: skip

    idn_aus = [r for r in reports() if route_of(r) == "Indonesia to Australia"]
    by_day: dict[date, list[DemoReport]] = {}
    for report in idn_aus:
        by_day.setdefault(report.values["occurred_on"], []).append(report)
    pairs = 0
    for report in (r for r in idn_aus if r.owner == "AUS"):
        day = report.values["occurred_on"]
        near = [
            o for d in range(-2, 3) for o in by_day.get(date.fromordinal(day.toordinal() + d), [])
        ]
        pairs += any(o.owner == "IDN" and score(facts(report), facts(o)).probable for o in near)
    assert pairs >= 10


def test_reports_pass_the_schema_every_member_uses() -> None:
    for number, report in enumerate(reports()[::20]):
        content = {k: v for k, v in report.values.items() if k not in SERVER_SET}
        sharing = {k: report.values[k] for k in ("visibility", "handling_code")}
        sharing["shared_with"] = report.shared_with
        IncidentIn.model_validate(
            {
                **content,
                "reference": f"DEMO-{number}",
                "persons": report.persons,
                "sharing": sharing,
            }
        )
