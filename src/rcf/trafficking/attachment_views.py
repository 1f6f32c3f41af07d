"""Routes of referral attachments: upload (page form and API), list (API) and download.

A download is always ``Content-Disposition: attachment`` with ``nosniff`` and the type found by
content sniffing at upload, so a browser saves the file and never renders it as a page."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from rcf.errors import Conflict, Forbidden, InvalidInput
from rcf.trafficking import referral_attachments as service
from rcf.trafficking.referral_models import ReferralAttachment
from rcf.web.deps import ApiActor, FormData, FullSession, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import flash, redirect

router = APIRouter(prefix="/trafficking", include_in_schema=False)
api_router = APIRouter(prefix="/trafficking", tags=["trafficking"])
MULTIPART_ONLY = "Send the file as the field 'file' of a multipart/form-data body."


class AttachmentOut(BaseModel):
    id: int
    referral_id: int
    name: str
    content_type: str
    size_bytes: int
    created_at: datetime
    download: str


def out(item: ReferralAttachment, name: str) -> AttachmentOut:
    return AttachmentOut(
        id=item.id,
        referral_id=item.referral_id,
        name=name,
        content_type=item.content_type,
        size_bytes=item.size_bytes,
        created_at=item.created_at,
        download=f"/api/v1/trafficking/attachments/{item.id}",
    )


def download_response(name: str, content_type: str, content: bytes) -> Response:
    """The file as a download: an ASCII fallback name and the exact one (RFC 6266, 5987)."""
    fallback = name.encode("ascii", "replace").decode().replace("?", "_") or "attachment"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    # nosniff and Cache-Control: no-store are added to every response by the RequestGuard.
    return Response(content, media_type=content_type, headers={"Content-Disposition": disposition})


async def _uploaded(request: Request, limit: int) -> tuple[str, bytes]:
    """The uploaded file's name and at most ``limit`` + 1 bytes of it."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput({"file": MULTIPART_ONLY})
    async with request.form() as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput({"file": MULTIPART_ONLY})
        return upload.filename or "", await upload.read(limit + 1)


# --- Pages --------------------------------------------------------------------------------------


@router.post("/referrals/{referral_id}/attachments")
async def upload_page(
    referral_id: int,
    actor: PageActor,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
) -> Response:
    referral = service.attachable_referral(db, actor, referral_id)
    upload = form.get("file")
    name, data = "", b""
    if isinstance(upload, UploadFile):
        limit = runtime.settings.trafficking_attachment_max_bytes
        name, data = upload.filename or "", await upload.read(limit + 1)
        await upload.close()
    try:
        service.attach(db, runtime, actor, referral, name, data)
    except (InvalidInput, Conflict, Forbidden) as error:
        db.rollback()
        message = " ".join(error.errors.values()) if isinstance(error, InvalidInput) else ""
        flash(web, message or error.detail, "error")
    else:
        flash(web, "The file was attached.")
    db.commit()
    return redirect(f"/trafficking/referrals/{referral_id}")


@router.get("/attachments/{attachment_id}")
def download_page(
    attachment_id: int, actor: PageActor, db: SessionDep, runtime: RuntimeDep
) -> Response:
    item, name, content = service.open_attachment(db, runtime, actor, attachment_id)
    db.commit()
    return download_response(name, item.content_type, content)


# --- API ----------------------------------------------------------------------------------------


@api_router.post(
    "/referrals/{referral_id}/attachments", response_model=AttachmentOut, status_code=201
)
async def upload(
    referral_id: int, request: Request, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> AttachmentOut:
    """Attach a PDF, PNG, JPEG or plain-text file (multipart field `file`; the type is checked
    by content and must match the extension; at most RCF_TRAFFICKING_ATTACHMENT_MAX_BYTES).
    Only case workers who may see the identity sent can attach; the file is stored encrypted."""
    referral = service.attachable_referral(db, actor, referral_id)
    name, data = await _uploaded(request, runtime.settings.trafficking_attachment_max_bytes)
    item = service.attach(db, runtime, actor, referral, name, data)
    result = out(item, service.safe_file_name(name))
    db.commit()
    return result


@api_router.get("/referrals/{referral_id}/attachments", response_model=list[AttachmentOut])
def list_attachments(
    referral_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> list[AttachmentOut]:
    """The files of a referral you may open (empty if you may see the referral but not the
    identity sent); reading the names is audited."""
    pairs = service.list_attachments(db, runtime, actor, referral_id)
    result = [out(item, name) for item, name in pairs]
    db.commit()
    return result


@api_router.get("/attachments/{attachment_id}")
def download(attachment_id: int, actor: ApiActor, db: SessionDep, runtime: RuntimeDep) -> Response:
    """Download a file (audited). Outside your reach it answers 404, like a missing one."""
    item, name, content = service.open_attachment(db, runtime, actor, attachment_id)
    db.commit()
    return download_response(name, item.content_type, content)
