"""API routes of travel-document integrity, for national systems with any API token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from rcf.documents.mrz import parse_mrz
from rcf.documents.schemas import MrzIn, MrzOut
from rcf.web.deps import ApiActor

api_router = APIRouter(prefix="/documents", tags=["documents"])


@api_router.post("/mrz", response_model=MrzOut)
def check_mrz(data: MrzIn, actor: ApiActor) -> dict[str, Any]:
    """Parse and validate a machine-readable zone (ICAO Doc 9303: TD1, TD2, TD3, MRV-A, MRV-B).

    Any valid token may call it: it reads no records and stores nothing. The answer is 200
    whether or not the zone is valid: `valid` is true exactly when the format is recognised,
    every character is legal, every check digit is right, the dates are possible and the
    codes are known. An expired document stays valid with an `expired` warning. `errors` lists
    every problem; `suggestions` proposes single OCR corrections (O/0, I/1, B/8...) that make a
    failing check digit pass, and applies none of them."""
    return parse_mrz(data.lines).to_dict()
