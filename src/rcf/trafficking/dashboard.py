"""The own-member dashboard of trafficking cases: counts by exploitation type, citizenship and
country of exploitation, and the trend by month of identification, as server-rendered SVG.
Only the member's own cases count (shared-in cases are another member's statistics)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, scope_cases
from rcf.db import utcnow
from rcf.incidents.charts import column_chart, horizontal_bars
from rcf.incidents.codes import country_name
from rcf.trafficking.codes import ExploitationType
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.referral_reminders import current_reminders, waiting_on_us
from rcf.web.deps import PageActor, SessionDep
from rcf.web.templating import render

router = APIRouter(prefix="/trafficking", include_in_schema=False)
TREND_MONTHS = 24
UNKNOWN = "Not recorded"


@dataclass(frozen=True)
class Dashboard:
    total: int
    by_exploitation: list[tuple[str, float]]
    by_citizenship: list[tuple[str, float]]
    by_country: list[tuple[str, float]]
    trend: list[tuple[str, float]]


def dashboard(session: Session, actor: Actor, today: date | None = None) -> Dashboard:
    columns = cast(
        "Select[Any]",
        select(
            TraffickingCase.exploitation_types,
            TraffickingCase.citizenships,
            TraffickingCase.country_of_exploitation,
            TraffickingCase.identified_on,
        ).where(TraffickingCase.owner_member_id == actor.member_id),
    )
    rows = list(session.execute(scope_cases(columns, actor, TraffickingCase)))
    exploitation: Counter[str] = Counter()
    citizenship: Counter[str] = Counter()
    country: Counter[str] = Counter()
    months: Counter[str] = Counter()
    for types, citizenships, where, identified in rows:
        exploitation.update(ExploitationType(t).label for t in types or [])
        citizenship.update(country_name(c) for c in citizenships or [])
        country[country_name(where) if where else UNKNOWN] += 1
        months[identified.strftime("%Y-%m")] += 1
    return Dashboard(
        total=len(rows),
        by_exploitation=_ranked(exploitation),
        by_citizenship=_ranked(citizenship),
        by_country=_ranked(country),
        trend=[(m, float(months[m])) for m in last_months(today or date.today(), TREND_MONTHS)],
    )


def _ranked(counter: Counter[str]) -> list[tuple[str, float]]:
    return [(name, float(count)) for name, count in counter.most_common(15)]


def last_months(today: date, count: int) -> list[str]:
    """``YYYY-MM`` of the ``count`` months ending with ``today``'s, oldest first."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def charts(board: Dashboard) -> dict[str, Markup]:
    return {
        "exploitation": horizontal_bars("Cases by exploitation type", board.by_exploitation),
        "citizenship": horizontal_bars("Cases by citizenship", board.by_citizenship),
        "country": horizontal_bars("Cases by country of exploitation", board.by_country),
        "trend": column_chart("Cases identified per month", board.trend),
    }


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, actor: PageActor, db: SessionDep) -> Response:
    board = dashboard(db, actor)
    waiting = waiting_on_us(db, actor, now=utcnow())
    context = {
        "board": board,
        "charts": charts(board),
        "waiting": waiting,
        "overdue": [w for w in waiting if w.overdue],
        "reminders": current_reminders(db, actor),
    }
    return render(request, "trafficking/dashboard.html", context)
