"""Synthetic incident reports for the demo: a plausible regional picture, entirely invented.

Routes follow the ones the Bali Process deals with (the Bay of Bengal and Andaman Sea, Indonesia
to Australia, Sri Lanka to Australia, Afghanistan-Iran-Türkiye, Myanmar to Thailand by land),
with their seasons (few Andaman Sea departures in the south-west monsoon, few winter crossings of
the Iran-Türkiye mountains), boat and group sizes, fees in the currency paid, deaths and missing
at sea, and some events reported twice by two members so the duplicates page has work to do.

``generate()`` is pure and deterministic for a seed; ``demo_seeding`` writes what it generates.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from rcf.incidents.demo_routes import AIR, ROUTES, SEA, TWIN_REPORTS, Place, Route
from rcf.incidents.rates import parse_rates, shipped_rates

REFERENCE_PREFIX = "DEMO-"

IMPACT = ("low", "medium", "high", "critical")


@dataclass
class DemoReport:
    """One generated report: the incident's columns, its person counts and its shares."""

    owner: str  # member code
    values: dict[str, Any]
    persons: list[dict[str, Any]]
    shared_with: list[str] = field(default_factory=list)


# --- Generation (pure) --------------------------------------------------------------------------


@cache
def _cumulative(options: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    return [o for o, _ in options], list(itertools.accumulate(w for _, w in options))


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    """A weighted choice (the cumulative weights computed once per option list)."""
    values, cumulative = _cumulative(options)
    return values[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _size(rng: random.Random, low: int, typical: int, high: int) -> int:
    return max(low, min(high, round(rng.triangular(low, high, typical))))


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _dates(rng: random.Random, route: Route, days: list[date], count: int) -> list[date]:
    """Seasonal dates, with each year of the route busier or quieter than the last."""
    years = {d.year for d in days}
    trend = {year: rng.uniform(0.6, 1.4) for year in sorted(years)}
    weights = [route.months[d.month - 1] * trend[d.year] for d in days]
    return sorted(rng.choices(days, weights, k=count))


def _persons(rng: random.Random, route: Route, total: int) -> list[dict[str, Any]]:
    """Split the persons of one event by citizenship, sex and age group (mostly adult men,
    one main citizenship, sometimes a second)."""
    main = _pick(rng, route.citizenships)
    second = _pick(rng, route.citizenships)
    others = round(total * rng.uniform(0.05, 0.3)) if second != main and rng.random() < 0.3 else 0
    counts: dict[tuple[str, str, str], int] = {}
    for citizenship, n in ((main, total - others), (second, others)):
        children = round(n * rng.uniform(0.0, 0.3)) if n > 2 else 0
        women = round((n - children) * rng.uniform(0.05, 0.35))
        girls = round(children * rng.uniform(0.3, 0.6))
        split = {("F", "adult"): women, ("M", "adult"): n - children - women}
        split |= {("F", "child"): girls, ("M", "child"): children - girls}
        for (sex, age), count in split.items():
            if count > 0:
                counts[(citizenship, sex, age)] = count
    return [
        {"citizenship": c, "sex": s, "age_group": a, "count": n}
        for (c, s, a), n in sorted(counts.items())
    ]


def _fee(rng: random.Random, route: Route, persons: int, usd: dict[str, Decimal]) -> dict[str, Any]:
    currency, low, high = route.fee
    if high == 0 or rng.random() < 0.35:  # fees are often unknown
        return {}
    per_person = Decimal(round(rng.uniform(low, high), -2 if high > 10_000 else 0))
    total = rng.random() < 0.2 and persons > 1
    amount = per_person * persons if total else per_person
    rate = usd.get(currency)
    usd_value = (per_person * rate).quantize(Decimal("0.01"), ROUND_HALF_UP) if rate else None
    return {
        "fee_amount": amount,
        "fee_currency": currency,
        "fee_basis": "total" if total else "per_person",
        "payment_method": rng.choice(("cash", "cash", "hawala", "bank", "mobile_money")),
        "fee_usd_per_person": usd_value,
    }


def _outcomes(rng: random.Random, route: Route, kind: str, persons: int) -> dict[str, Any]:
    deaths = missing = 0
    if route.border == SEA and rng.random() < route.death_rate * (
        2 if kind == "maritime_rescue" else 1
    ):
        deaths = rng.randint(0, max(1, persons // 8))
        missing = rng.randint(0, max(1, persons // 5))
    elif rng.random() < route.death_rate:
        deaths = rng.randint(1, 3)
    arrests = rng.randint(0, 3) if rng.random() < 0.5 else 0
    impact = 0 if persons < 10 else 1 if persons < 60 else 2
    if deaths + missing > 0:
        impact = 3 if deaths + missing >= 10 else max(impact, 2)
    return {
        "deaths": deaths,
        "missing": missing,
        "arrests": arrests,
        "prosecutions": rng.randint(0, arrests),
        "returned": rng.randint(0, persons) if rng.random() < 0.3 else 0,
        "asylum_claims": rng.randint(0, persons)
        if route.border == SEA and rng.random() < 0.3
        else 0,
        "impact_level": IMPACT[impact],
    }


def _sharing(rng: random.Random, partners: list[str]) -> tuple[dict[str, Any], list[str]]:
    roll = rng.random()
    visibility = "regional" if roll < 0.75 else "national" if roll < 0.9 else "members"
    shared = ["RSO", rng.choice(partners)] if visibility == "members" else []
    values = {
        "visibility": visibility,
        "handling_code": _pick(rng, (("H0", 70), ("H1", 15), ("H2", 15))),
        "source_reliability": _pick(rng, (("A", 20), ("B", 50), ("C", 10), ("X", 20))),
        "information_accuracy": _pick(rng, (("1", 20), ("2", 30), ("3", 30), ("4", 20))),
    }
    return values, shared


def _report(
    rng: random.Random, route: Route, owner: str, on: date, usd: dict[str, Decimal]
) -> DemoReport:
    place = rng.choice(route.reporters[owner])
    kind = _pick(rng, route.kinds)
    total = _size(rng, *route.persons)
    persons = _persons(rng, route, total)
    children = sum(p["count"] for p in persons if p["age_group"] == "child")
    boat = route.border == SEA
    identifier = f"KM {rng.choice(('Harapan', 'Bintang', 'Sinar', 'Laut'))} {rng.randint(1, 99)}"
    values: dict[str, Any] = {
        "kind": kind,
        "occurred_on": on,
        "occurred_time": _time_of_day(rng),
        **_where(rng, route, owner, place),
        "transport_means": _pick(rng, route.transport),
        "vehicle_type": route.vehicle if route.vehicle and rng.random() < 0.8 else "",
        "transport_identifier": identifier if boat and rng.random() < 0.6 else "",
        "methods": sorted(route.methods),
        "persons_total": total,
        "children_total": children,
        "unaccompanied_children": rng.randint(0, children // 3) if children else 0,
        "separated_children": 0,
        "smuggled": "yes" if route.fee[2] else "unknown",
        "facilitators": _facilitators(rng, boat),
        "fraudulent_documents": _fraudulent_documents(rng, kind, persons),
        "trafficking_suspected": "yes" if rng.random() < 0.05 else "unknown",
        "narrative": f"Synthetic demo report: {kind.replace('_', ' ')} on the {route.name} route, "
        f"{total} person{'s' if total != 1 else ''}.",
        **_fee(rng, route, total, usd),
        **_outcomes(rng, route, kind, total),
    }
    sharing, shared = _sharing(rng, [m for m in route.reporters if m != owner] or ["AUS"])
    return DemoReport(owner, {**values, **sharing}, persons, shared)


def _time_of_day(rng: random.Random) -> time | None:
    if rng.random() < 0.6:
        return time(rng.randint(0, 23), rng.choice((0, 15, 30, 45)))
    return None


def _where(rng: random.Random, route: Route, owner: str, place: Place) -> dict[str, Any]:
    """The reporting place (its position jittered) and the route through it."""
    origin = None if route.origin == "XXX" else route.origin
    return {
        "country": owner,
        "location_name": place.name,
        "latitude": round(place.latitude + rng.uniform(-0.2, 0.2), 4),
        "longitude": round(place.longitude + rng.uniform(-0.2, 0.2), 4),
        "border_type": route.border,
        "checkpoint": place.name if route.border == AIR else "",
        "origin_country": origin,
        "transit_countries": [c for c in route.transit if c not in (owner, route.destination)],
        "embarkation_point": rng.choice(route.embarkation) if route.embarkation else "",
        "destination_country": None if route.destination in ("XXX", origin) else route.destination,
    }


def _facilitators(rng: random.Random, boat: bool) -> list[dict[str, Any]]:
    if boat and rng.random() < 0.4:
        return [{"count": rng.randint(1, 3), "role": "transporter", "citizenship": None}]
    return []


def _fraudulent_documents(
    rng: random.Random, kind: str, persons: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if kind != "document_fraud":
        return []
    fraud = rng.choice(("counterfeit", "forged", "impostor"))
    return [
        {
            "document_type": "passport",
            "issuing_state": persons[0]["citizenship"],
            "fraud_type": fraud,
        }
    ]


def _twin(rng: random.Random, route: Route, first: DemoReport, owner: str) -> DemoReport:
    """The same event reported by another member: close dates, similar counts, same vessel."""
    shift = timedelta(days=rng.choice((-2, -1, 0, 0, 1, 2)))
    place = rng.choice(route.reporters[owner])
    total = max(1, round(first.values["persons_total"] * rng.uniform(0.9, 1.1)))
    persons = _persons(rng, route, total)
    values = {
        **first.values,
        "occurred_on": first.values["occurred_on"] + shift,
        "country": owner,
        "location_name": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "persons_total": total,
        "children_total": sum(p["count"] for p in persons if p["age_group"] == "child"),
        "unaccompanied_children": 0,
        "returned": min(first.values["returned"], total),
        "asylum_claims": min(first.values["asylum_claims"], total),
        "transit_countries": [c for c in route.transit if c not in (owner, route.destination)],
        "visibility": "regional",
    }
    first.values["visibility"] = "regional"  # both ends of the pair are seen by analysts
    first.shared_with = []
    return DemoReport(owner, values, persons)


def generate(count: int, *, start: date, end: date, seed: int = 2026) -> Iterator[DemoReport]:
    """About ``count`` reports between ``start`` and ``end`` (twins included), in date order per
    route. The same arguments give the same reports."""
    rng = random.Random(seed)
    usd = {rate.currency: rate.usd_per_unit for rate in parse_rates(shipped_rates())[0]}
    days = days_between(start, end)
    for route in ROUTES:
        twin_of = TWIN_REPORTS.get(route.name)
        n = round(count * route.share / (1 + (twin_of[1] if twin_of else 0)))
        reporters = list(route.reporters)
        for on in _dates(rng, route, days, n):
            owner = rng.choice(reporters)
            report = _report(rng, route, owner, on, usd)
            if twin_of and owner != twin_of[0] and rng.random() < twin_of[1] * len(reporters):
                twin = _twin(rng, route, report, twin_of[0])
                if start <= twin.values["occurred_on"] <= end:
                    yield twin
            yield report
