"""The upload page of register files (CSV or XLSX) and its empty template."""

from __future__ import annotations

from contextlib import closing
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from rcf.access.permissions import Permission
from rcf.access.policy import require
from rcf.documents.register_import import RegisterImport, import_register, template_csv
from rcf.errors import InvalidInput
from rcf.incidents.import_files import UPLOAD_LIMITS, FileRefused, open_table
from rcf.incidents.importing import file_sha256
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import render

router = APIRouter(prefix="/documents/register", include_in_schema=False)
SHOWN_PROBLEMS = 200


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    values = {"limits": UPLOAD_LIMITS, "errors": {}, "result": None, "shown": SHOWN_PROBLEMS}
    return render(request, "documents/register_import.html", {**values, **context}, status=status)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    return _page(request)


@router.post("/import", response_class=HTMLResponse)
def import_file(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Check every row; write only if all are valid, else list the problems."""
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, 400, errors={"file": "Choose a CSV or XLSX file."})
    try:
        result = _run(db, actor, upload, runtime.settings.document_review_years)
    except (FileRefused, InvalidInput) as error:
        db.rollback()
        message = error.detail if isinstance(error, FileRefused) else str(error.errors)
        return _page(request, 400, errors={"file": message})
    if not result.ok:
        db.rollback()
        return _page(request, 400, result=result)
    db.commit()
    return _page(request, result=result)


def _run(db: SessionDep, actor: Any, upload: UploadFile, years: int) -> RegisterImport:
    name = upload.filename or "upload"
    with upload.file as stream:
        size = stream.seek(0, 2)
        stream.seek(0)
        sha256 = file_sha256(stream)
        with closing(open_table(name, stream, size, UPLOAD_LIMITS)) as table:
            return import_register(
                db, actor, table, sha256=sha256, file_name=name, review_years=years
            )


@router.get("/template.csv")
def register_template(actor: PageActor) -> Response:
    """The empty register import template (CSV, UTF-8)."""
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="document-register-template.csv"'},
    )
