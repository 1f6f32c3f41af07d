"""The upload page of incident files, its problem report and the empty templates.

Uploads are capped twice: by the server's request size limit (``max_request_bytes``, applied
before the route runs) and by ``UPLOAD_LIMITS`` (bytes and rows). A problem report is kept for a
day as a CSV under ``DATA_DIR/import-problems/<member id>/``; its id is random and only people of
the member that uploaded the file can download it.
"""

from __future__ import annotations

import re
import secrets
import time
from contextlib import closing
from pathlib import Path
from typing import IO, Any

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from rcf.access.policy import Actor, require
from rcf.errors import InvalidInput, NotFound
from rcf.incidents.import_files import UPLOAD_LIMITS, FileRefused, open_table
from rcf.incidents.import_rollups import fold_all
from rcf.incidents.import_template import template_csv, template_xlsx
from rcf.incidents.importing import ImportResult, file_sha256, import_table, problems_csv
from rcf.incidents.models import Incident
from rcf.runtime import Runtime
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.templating import render

router = APIRouter(prefix="/incidents", include_in_schema=False)  # pages
api_router = APIRouter(tags=["incidents"])  # JSON routes, mounted under /api/v1

IMPORT_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
SHOWN_PROBLEMS = 200
KEEP_SECONDS = 24 * 3600
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _problems_dir(runtime: Runtime, actor: Actor) -> Path:
    return Path(runtime.settings.data_dir) / "import-problems" / str(actor.member_id)


def _keep_problems(runtime: Runtime, actor: Actor, result: ImportResult) -> str:
    """Store the full problem report; returns its random id. Old reports are removed."""
    folder = _problems_dir(runtime, actor)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    import_id = secrets.token_urlsafe(16)
    (folder / f"{import_id}.csv").write_text(problems_csv(result.checked.problems), "utf-8")
    return import_id


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    values = {"limits": UPLOAD_LIMITS, "errors": {}, "result": None, **context}
    return render(request, "incidents/import.html", values, status=status)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, actor: PageActor) -> Response:
    """The upload form: a CSV or XLSX file of incident reports."""
    require(actor, Incident.write_permission)
    return _page(request)


@router.post("/import", response_class=HTMLResponse)
def import_file(
    request: Request,
    actor: PageActor,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> Response:
    """Check every row; write only if all are valid, else list the problems."""
    require(actor, Incident.write_permission)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, 400, errors={"file": "Choose a CSV or XLSX file."})
    name = upload.filename
    try:
        with upload.file:
            result = _run_import(db, actor, name, upload.file, upload.size)
    except (FileRefused, InvalidInput) as error:
        db.rollback()
        message = error.detail if isinstance(error, FileRefused) else _first(error)
        return _page(request, 400, errors={"file": message})
    if not result.ok:
        db.rollback()
        import_id = _keep_problems(runtime, actor, result)
        return _page(request, 400, result=result, import_id=import_id, shown=SHOWN_PROBLEMS)
    db.commit()
    # The new reports into the rollups once the page is sent (the summaries count them exactly
    # meanwhile, from the reports).
    background.add_task(fold_all, runtime.sessions)
    return _page(request, result=result)


def _run_import(
    db: SessionDep, actor: Actor, name: str, stream: IO[bytes], size: int | None
) -> ImportResult:
    if size is None:
        size = stream.seek(0, 2)
        stream.seek(0)
    sha256 = file_sha256(stream)
    with closing(open_table(name, stream, size, UPLOAD_LIMITS)) as table:
        return import_table(db, actor, table, sha256=sha256, file_name=name)


def _first(error: InvalidInput) -> str:
    return next(iter(error.errors.values()), error.detail)


@router.get("/import/{import_id}/problems.csv")
def import_problems(import_id: str, actor: PageActor, runtime: RuntimeDep) -> Response:
    """Every problem of a refused upload as CSV (only for the member that uploaded it)."""
    require(actor, Incident.write_permission)
    if not IMPORT_ID.match(import_id):
        raise NotFound()
    path = _problems_dir(runtime, actor) / f"{import_id}.csv"
    if not path.is_file():
        raise NotFound()
    return Response(
        path.read_bytes(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="import-problems.csv"'},
    )


@router.get("/template.csv")
def template_csv_file(actor: PageActor) -> Response:
    """The empty import template as CSV (UTF-8)."""
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="incidents-template.csv"'},
    )


@router.get("/template.xlsx")
def template_xlsx_file(actor: PageActor) -> Response:
    """The empty import template as an Excel workbook, with the columns described."""
    return Response(
        template_xlsx(),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="incidents-template.xlsx"'},
    )
