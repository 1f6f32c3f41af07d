"""The situational picture: a page of SVG charts (each with its table and a CSV download) and
the same data as JSON. Every figure comes from ``rcf.incidents.summary``, scoped in SQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from pydantic import model_validator

from rcf.errors import InvalidInput
from rcf.incidents import charts
from rcf.incidents.codes import IncidentKind, country_name
from rcf.incidents.schemas import Country
from rcf.incidents.service import IncidentFilters
from rcf.incidents.summary import Scope, Summary, build_summary
from rcf.schemas import StrictModel, parse
from rcf.spreadsheets import neutralise_cell
from rcf.web.deps import ApiActor, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import render

router = APIRouter(include_in_schema=False)  # pages
api_router = APIRouter(tags=["incidents"])  # JSON routes, mounted under /api/v1

Cell = str | int | Decimal


class SummaryQueryIn(StrictModel):
    date_from: date | None = None
    date_to: date | None = None
    kind: IncidentKind | None = None
    country: Country | None = None
    citizenship: Country | None = None
    scope: Scope = Scope.REGIONAL

    @model_validator(mode="before")
    @classmethod
    def _blank_is_any(cls, values: Any) -> Any:
        if isinstance(values, dict):
            return {k: v for k, v in values.items() if v not in ("", None)}
        return values


QUERY_NAMES = ("date_from", "date_to", "kind", "country", "citizenship", "scope")


def summary_query(params: Mapping[str, str]) -> tuple[IncidentFilters, Scope]:
    """The filters and scope from query parameters; blank means any; 422 names a bad field."""
    checked: SummaryQueryIn = parse(SummaryQueryIn, {n: params.get(n, "") for n in QUERY_NAMES})
    filters = IncidentFilters(
        date_from=checked.date_from,
        date_to=checked.date_to,
        kind=checked.kind,
        country=checked.country,
        citizenship=checked.citizenship,
    )
    return filters, checked.scope


# --- Tables: what each chart shows, as rows (for the page, the CSV and the tests) ---------------


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _place(code: str | None) -> str:
    return country_name(code) if code else "Unknown"


def _transit(transit: tuple[str, ...]) -> str:
    # Not a comma: some country names hold one ("Iran, Islamic Republic of").
    return " / ".join(_place(c) for c in transit) or "Direct"


def tables(summary: Summary) -> dict[str, Table]:
    """Each chart's data as a table, keyed by the chart's name in URLs."""
    route_cols = ("Origin", "Transit", "Destination")
    return {
        "persons-per-month": Table(
            ("Month", "Reports", "Persons"),
            [(m.month, m.events, m.persons) for m in summary.persons_per_month],
        ),
        "routes": Table(
            (*route_cols, "Reports", "Persons"),
            [
                (_place(r.origin), _transit(r.transit), _place(r.destination), r.events, r.persons)
                for r in summary.routes
            ],
        ),
        "citizenships": Table(
            ("Code", "Citizenship", "Persons"),
            [(c.citizenship, country_name(c.citizenship), c.persons) for c in summary.citizenships],
        ),
        "fees": Table(
            (*route_cols, "Reports with a fee", "Median fee per person (USD)"),
            [
                (
                    _place(f.origin),
                    _transit(f.transit),
                    _place(f.destination),
                    f.reports,
                    f.median_usd,
                )
                for f in summary.fees
            ],
        ),
        "deaths-missing": Table(
            ("Month", "Deaths", "Missing"),
            [(m.month, m.deaths, m.missing) for m in summary.losses],
        ),
    }


TITLES = {
    "persons-per-month": "Persons detected per month",
    "routes": "Top routes: origin → transit → destination (persons)",
    "citizenships": "Persons by citizenship",
    "fees": "Median fee per person by route (USD)",
    "deaths-missing": "Deaths and missing per month",
}


def _route_name(origin: str | None, transit: tuple[str, ...], destination: str | None) -> str:
    return " → ".join([_place(origin), *(_place(c) for c in transit), _place(destination)])


def _routes_chart(summary: Summary) -> Markup:
    flows: list[charts.Flow] = []
    for r in summary.routes:
        middle = _transit(r.transit)
        flows.append(charts.Flow(0, _place(r.origin), middle, r.persons))
        flows.append(charts.Flow(1, middle, _place(r.destination), r.persons))
    return charts.sankey(TITLES["routes"], flows, ("Origin", "Transit", "Destination"))


CHARTS: dict[str, Callable[[Summary], Markup]] = {
    "persons-per-month": lambda s: charts.column_chart(
        TITLES["persons-per-month"], [(m.month, m.persons) for m in s.persons_per_month]
    ),
    "routes": _routes_chart,
    "citizenships": lambda s: charts.horizontal_bars(
        TITLES["citizenships"], [(country_name(c.citizenship), c.persons) for c in s.citizenships]
    ),
    "fees": lambda s: charts.horizontal_bars(
        TITLES["fees"],
        [(_route_name(f.origin, f.transit, f.destination), float(f.median_usd)) for f in s.fees],
        " USD",
    ),
    "deaths-missing": lambda s: charts.grouped_columns(
        TITLES["deaths-missing"],
        [m.month for m in s.losses],
        {"Deaths": [m.deaths for m in s.losses], "Missing": [m.missing for m in s.losses]},
    ),
}


def csv_safe(cell: Cell) -> Cell:
    """A text cell a spreadsheet would run as a formula gets a leading quote (D2)."""
    return neutralise_cell(cell) if isinstance(cell, str) else cell


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([csv_safe(c) for c in row] for row in table.rows)
    return out.getvalue()


def to_json(summary: Summary) -> dict[str, Any]:
    """The API's shape: each chart as a list of objects; fees as exact decimal strings."""
    return {
        "scope": summary.scope.value,
        "persons_per_month": [vars(m) for m in summary.persons_per_month],
        "routes": [{**vars(r), "transit": list(r.transit)} for r in summary.routes],
        "citizenships": [vars(c) for c in summary.citizenships],
        "median_fees": [
            {**vars(f), "transit": list(f.transit), "median_usd": str(f.median_usd)}
            for f in summary.fees
        ],
        "deaths_missing": [vars(m) for m in summary.losses],
    }


# --- Routes -------------------------------------------------------------------------------------


@router.get("/incidents/summary", response_class=HTMLResponse)
def summary_page(
    request: Request, db: SessionDep, runtime: RuntimeDep, actor: PageActor
) -> HTMLResponse:
    """The situational picture for the chosen filters and scope."""
    form = {n: request.query_params.get(n, "") for n in QUERY_NAMES}
    try:
        filters, scope = summary_query(form)
    except InvalidInput as error:
        context = {"form": form, "errors": error.errors, "sections": [], "kinds": IncidentKind}
        return render(request, "incidents/summary.html", context, status=400)
    summary = build_summary(db, runtime, actor, filters, scope)
    by_name = tables(summary)
    sections = [
        {"name": n, "title": TITLES[n], "svg": CHARTS[n](summary), "table": by_name[n]}
        for n in CHARTS
    ]
    context = {
        "form": form,
        "errors": {},
        "sections": sections,
        "kinds": IncidentKind,
        "query": request.url.query,
    }
    return render(request, "incidents/summary.html", context)


def _csv_route(name: str) -> Callable[..., Response]:
    def download(
        request: Request, db: SessionDep, runtime: RuntimeDep, actor: PageActor
    ) -> Response:
        filters, scope = summary_query(request.query_params)
        table = tables(build_summary(db, runtime, actor, filters, scope))[name]
        return Response(
            to_csv(table),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="incidents-{name}.csv"'},
        )

    download.__doc__ = f"The data of the chart '{TITLES[name]}' as CSV."
    return download


for _name in CHARTS:
    router.add_api_route(
        f"/incidents/summary/{_name}.csv", _csv_route(_name), methods=["GET"], name=f"csv_{_name}"
    )


@api_router.get("/incidents/summary")
def summary_api(
    db: SessionDep,
    runtime: RuntimeDep,
    actor: ApiActor,
    date_from: Annotated[str, Query(max_length=10, description="YYYY-MM-DD, inclusive.")] = "",
    date_to: Annotated[str, Query(max_length=10, description="YYYY-MM-DD, inclusive.")] = "",
    kind: Annotated[str, Query(max_length=32)] = "",
    country: Annotated[str, Query(max_length=8, description="Where it happened (ISO3).")] = "",
    citizenship: Annotated[str, Query(max_length=8, description="Persons of (ISO3).")] = "",
    scope: Annotated[str, Query(max_length=16, description="national or regional.")] = "",
) -> dict[str, Any]:
    """The situational picture as JSON: persons per month, top routes, citizenships, median fee
    per route and deaths and missing per month, over the reports you may see (``scope=national``:
    your member's only). Linked duplicates are counted once; withdrawn reports never."""
    params = {
        "date_from": date_from, "date_to": date_to, "kind": kind, "country": country,
        "citizenship": citizenship, "scope": scope,
    }  # fmt: skip
    filters, chosen = summary_query(params)
    return to_json(build_summary(db, runtime, actor, filters, chosen))
