"""The upload page of watchlist files (CSV, XLSX or FollowTheMoney JSON lines) and the empty
CSV template."""

from __future__ import annotations

from contextlib import closing
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.errors import InvalidInput
from rcf.incidents.import_files import UPLOAD_LIMITS, FileRefused, open_table
from rcf.incidents.importing import file_sha256
from rcf.runtime import Runtime
from rcf.screening.ftm import check_ftm, is_ftm_file
from rcf.screening.importing import WatchlistImport, check_table, import_entries, template_csv
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import render

router = APIRouter(prefix="/screening/persons", include_in_schema=False)
SHOWN_PROBLEMS = 200


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    values = {"limits": UPLOAD_LIMITS, "errors": {}, "result": None, "shown": SHOWN_PROBLEMS}
    return render(request, "screening/import.html", {**values, **context}, status=status)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.SCREENING_WRITE)
    return _page(request)


@router.post("/import", response_class=HTMLResponse)
def import_file(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Check every row; write only if all are valid, else list the problems."""
    require(actor, Permission.SCREENING_WRITE)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, 400, errors={"file": "Choose a CSV, XLSX or JSON file."})
    try:
        result = _run(db, runtime, actor, upload)
    except (FileRefused, InvalidInput) as error:
        db.rollback()
        message = error.detail if isinstance(error, FileRefused) else str(error.errors)
        return _page(request, 400, errors={"file": message})
    if not result.ok:
        db.rollback()
        return _page(request, 400, result=result)
    db.commit()
    return _page(request, result=result)


def _run(db: SessionDep, runtime: Runtime, actor: Actor, upload: UploadFile) -> WatchlistImport:
    name = upload.filename or "upload"
    with upload.file as stream:
        size = stream.seek(0, 2)
        stream.seek(0)
        sha256 = file_sha256(stream)
        if is_ftm_file(name):
            found = check_ftm(stream, size, UPLOAD_LIMITS)
        else:
            with closing(open_table(name, stream, size, UPLOAD_LIMITS)) as table:
                found = check_table(table)
    return import_entries(db, runtime, actor, found, sha256=sha256, file_name=name)


@router.get("/template.csv")
def watchlist_template(actor: PageActor) -> Response:
    """The empty watchlist import template (CSV, UTF-8)."""
    require(actor, Permission.SCREENING_WRITE)
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="watchlist-template.csv"'},
    )
