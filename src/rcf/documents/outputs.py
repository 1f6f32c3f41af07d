"""Service results as the API's output models (one place, so the pages show the same)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from rcf.documents.checks import CheckQuery, Hit
from rcf.documents.hits import HitPage, member_codes
from rcf.documents.register_schemas import (
    CheckedOut,
    CheckOut,
    HitListOut,
    HitOut,
    HitSummaryOut,
)


def hits_out(hits: Sequence[Hit]) -> list[HitOut]:
    return [HitOut.model_validate(hit.public()) for hit in hits]


def check_out(query: CheckQuery, hits: Sequence[Hit]) -> CheckOut:
    return CheckOut(
        result="hit" if hits else "no_hit",
        checked=CheckedOut(document_number=query.number, issuing_state=query.state),
        hits=hits_out(hits),
    )


def hit_list_out(session: Session, page: HitPage) -> HitListOut:
    codes = member_codes(session)
    items = [
        HitSummaryOut(
            hit_reference=hit.reference,
            status=hit.status,
            match=hit.match,
            document_status=hit.document_status,
            owner_member=codes.get(hit.owner_member_id, ""),
            checking_member=codes.get(hit.checking_member_id or 0, ""),
            created_at=hit.created_at.isoformat(),
        )
        for hit in page.items
    ]
    return HitListOut(items=items, next_after=page.next_after)
