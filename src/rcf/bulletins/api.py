"""API routes of bulletins, for national systems with a token of scope ``bulletin:read|write``."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from rcf.bulletins import service
from rcf.bulletins.models import BulletinCategory
from rcf.bulletins.schemas import BulletinIn, BulletinOut
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

router = APIRouter(prefix="/bulletins", tags=["bulletins"])


class BulletinPage(BaseModel):
    items: list[BulletinOut]
    next_after: int | None


@router.get("", response_model=BulletinPage)
def list_bulletins(
    actor: ApiActor,
    db: SessionDep,
    runtime: RuntimeDep,
    after: int | None = Query(
        None, ge=1, description="Keyset cursor: `next_after` of the page before."
    ),
    limit: int = Query(50, ge=1, le=200),
    category: BulletinCategory | None = None,
) -> BulletinPage:
    """Bulletins the caller may see, newest first. Follow `next_after` for the next page."""
    limit = min(limit, runtime.settings.api_max_page_size)
    page = service.list_bulletins(db, runtime, actor, after=after, limit=limit, category=category)
    db.commit()
    return BulletinPage(
        items=[service.to_out(db, actor, b) for b in page.items], next_after=page.next_after
    )


@router.get("/{bulletin_id}", response_model=BulletinOut)
def get_bulletin(
    bulletin_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> BulletinOut:
    """One bulletin. Outside your scope it answers 404, exactly like a missing one."""
    out = service.to_out(db, actor, service.read_bulletin(db, runtime, actor, bulletin_id))
    db.commit()
    return out


@router.post("", response_model=BulletinOut, status_code=201)
def create_bulletin(data: BulletinIn, actor: ApiActor, db: SessionDep) -> BulletinOut:
    """Create a bulletin owned by the token's member and agency."""
    bulletin = service.create_bulletin(db, actor, data)
    db.commit()
    return service.to_out(db, actor, bulletin)


@router.put("/{bulletin_id}", response_model=BulletinOut)
def update_bulletin(
    bulletin_id: int, data: BulletinIn, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> BulletinOut:
    """Replace a bulletin your member owns (its content and sharing)."""
    bulletin = service.update_bulletin(db, runtime, actor, bulletin_id, data)
    db.commit()
    return service.to_out(db, actor, bulletin)


@router.delete("/{bulletin_id}", status_code=204)
def withdraw_bulletin(
    bulletin_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Withdraw a bulletin your member owns; it disappears for everyone at once."""
    service.withdraw_bulletin(db, runtime, actor, bulletin_id)
    db.commit()
    return Response(status_code=204)
