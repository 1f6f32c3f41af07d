"""The cases of the database as CTDC-style release records (``release.CaseRecord``).

Only what the release may use is read: coded, non-identifying columns and the year of
identification; never a sealed column. A case enters only while the person's consent to
de-identified statistics stands, and never once withdrawn (the case or the consent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.members.models import Member
from rcf.trafficking.codes import ConsentPurpose
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.release import CaseRecord

BATCH = 5000
UNKNOWN_COUNTRY = "XXX"  # as case files write a blank country


def statistics_cases(session: Session, member_code: str | None = None) -> list[CaseRecord]:
    """Every releasable case (of one member when ``member_code`` is given), oldest first."""
    stmt = select(
        TraffickingCase.identified_on,
        TraffickingCase.gender,
        TraffickingCase.age_band,
        TraffickingCase.citizenships,
        TraffickingCase.country_of_exploitation,
        TraffickingCase.exploitation_types,
        TraffickingCase.means_of_control,
        TraffickingCase.isic_sections,
        TraffickingCase.recruiter_relations,
        TraffickingCase.consent_purposes,
    ).where(TraffickingCase.withdrawn_at.is_(None), TraffickingCase.consent_withdrawn_at.is_(None))
    if member_code is not None:
        owner = select(Member.id).where(Member.code == member_code.upper())
        stmt = stmt.where(TraffickingCase.owner_member_id.in_(owner))
    rows = session.execute(stmt.order_by(TraffickingCase.id).execution_options(yield_per=BATCH))
    return list(_records(rows))


def _records(rows: Any) -> Iterator[CaseRecord]:
    for row in rows:
        if ConsentPurpose.STATISTICS.value not in (row.consent_purposes or []):
            continue
        citizenships = row.citizenships or []
        yield CaseRecord(
            year=row.identified_on.year,
            gender=str(row.gender),
            age_band=str(row.age_band),
            # The first citizenship is the one CTDC counts; none recorded is a value of its own.
            citizenship=citizenships[0] if citizenships else UNKNOWN_COUNTRY,
            country_of_exploitation=row.country_of_exploitation or UNKNOWN_COUNTRY,
            exploitation_types=tuple(sorted(row.exploitation_types or [])),
            means_of_control=tuple(sorted(row.means_of_control or [])),
            labour_sector=(row.isic_sections or [""])[0],
            recruiter_relation=tuple(sorted(row.recruiter_relations or [])),
        )
