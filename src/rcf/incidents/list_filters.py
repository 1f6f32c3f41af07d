"""The list's filters as query parameters, shared by the page and the API. Blank values (what an
HTML form sends for "any") mean no filter; anything else is validated, never passed on as SQL."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import Field, model_validator

from rcf.incidents.codes import ImpactLevel, IncidentKind
from rcf.incidents.schemas import Country
from rcf.incidents.service import IncidentFilters
from rcf.schemas import StrictModel, parse

TextParam = Annotated[str, Query(max_length=100)]
CodeParam = Annotated[str, Query(max_length=8, description="ISO 3166-1 alpha-3 code, like THA.")]


class FiltersIn(StrictModel):
    date_from: date | None = None
    date_to: date | None = None
    kind: IncidentKind | None = None
    country: Country | None = None
    origin_country: Country | None = None
    destination_country: Country | None = None
    citizenship: Country | None = None
    impact_level: ImpactLevel | None = None
    q: str | None = Field(None, max_length=100)
    mine: bool = False

    @model_validator(mode="before")
    @classmethod
    def _blank_is_any(cls, values: Any) -> Any:
        if isinstance(values, dict):
            return {k: v for k, v in values.items() if v not in ("", None)}
        return values


def parse_filters(values: dict[str, Any]) -> IncidentFilters:
    """Filters from raw strings (query parameters, CLI options); 422 naming a bad field."""
    checked: FiltersIn = parse(FiltersIn, values)
    return IncidentFilters(
        date_from=checked.date_from,
        date_to=checked.date_to,
        kind=checked.kind,
        country=checked.country,
        origin_country=checked.origin_country,
        destination_country=checked.destination_country,
        citizenship=checked.citizenship,
        impact_level=checked.impact_level,
        text=checked.q,
        own_only=checked.mine,
    )


def incident_filters(
    date_from: Annotated[str, Query(max_length=10, description="YYYY-MM-DD, inclusive.")] = "",
    date_to: Annotated[str, Query(max_length=10, description="YYYY-MM-DD, inclusive.")] = "",
    kind: TextParam = "",
    country: CodeParam = "",
    origin_country: CodeParam = "",
    destination_country: CodeParam = "",
    citizenship: CodeParam = "",
    impact_level: TextParam = "",
    q: Annotated[str, Query(max_length=100, description="Words in the narrative.")] = "",
    mine: Annotated[str, Query(max_length=5, description="`true`: only your member's.")] = "",
) -> IncidentFilters:
    """Narrow the list; an invalid value answers 422 with the field named."""
    return parse_filters(locals())


FiltersDep = Annotated[IncidentFilters, Depends(incident_filters)]


def filter_query(filters: IncidentFilters) -> dict[str, str]:
    """The filters back as query parameters (for the next page's link and the form's values)."""
    values = {
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "kind": filters.kind,
        "country": filters.country,
        "origin_country": filters.origin_country,
        "destination_country": filters.destination_country,
        "citizenship": filters.citizenship,
        "impact_level": filters.impact_level,
        "q": filters.text,
        "mine": "true" if filters.own_only else None,
    }
    return {name: str(value) for name, value in values.items() if value is not None}
