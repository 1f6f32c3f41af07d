"""The US dollar rate table that fees are normalised with. The shipped file holds indicative
rates only; an RSO administrator loads the rates the region agrees on (``rcf incidents rates``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources

from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.incidents.codes import currency_codes
from rcf.incidents.models import CurrencyRate


@dataclass(frozen=True)
class RateProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


def shipped_rates() -> str:
    return resources.files("rcf.incidents").joinpath("data/usd_rates.csv").read_text("utf-8")


def parse_rates(text: str) -> tuple[list[CurrencyRate], list[RateProblem]]:
    """Every row checked before anything is written."""
    rates, problems = [], []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != ["currency", "usd_per_unit", "as_of"]:
        return [], [RateProblem(1, "header", "expected columns currency,usd_per_unit,as_of")]
    for number, row in enumerate(reader, start=2):
        try:
            rates.append(_rate(row))
        except (ValueError, InvalidOperation) as error:
            problems.append(RateProblem(number, str(error).split(":")[0], str(error)))
    return rates, problems


def _rate(row: dict[str, str]) -> CurrencyRate:
    currency = (row.get("currency") or "").strip().upper()
    if currency not in currency_codes():
        raise ValueError(f"currency: '{currency[:8]}' is not an ISO 4217 code")
    value = Decimal((row.get("usd_per_unit") or "").strip())
    if not value.is_finite() or value <= 0:
        raise ValueError("usd_per_unit: must be a positive number")
    try:
        as_of = date.fromisoformat((row.get("as_of") or "").strip())
    except ValueError:
        raise ValueError("as_of: enter a date as YYYY-MM-DD") from None
    return CurrencyRate(currency=currency, usd_per_unit=value, as_of=as_of)


def save_rates(session: Session, actor: Actor, rates: list[CurrencyRate]) -> int:
    """Upsert the rates; returns how many changed (each change audited)."""
    require(actor, Permission.MEMBER_MANAGE)
    changed = 0
    for rate in rates:
        current = session.get(CurrencyRate, rate.currency)
        if current is not None and (current.usd_per_unit, current.as_of) == (
            rate.usd_per_unit,
            rate.as_of,
        ):
            continue
        session.merge(rate)
        changed += 1
        record(
            session,
            actor=actor,
            action=AuditAction.RATE_UPDATED,
            object_type="currency_rate",
            object_id=rate.currency,
            changes={"usd_per_unit": str(rate.usd_per_unit), "as_of": rate.as_of},
        )
    return changed
