"""The upload page of watchlist files (CSV, XLSX or FollowTheMoney JSON lines) and the empty
CSV template."""

from __future__ import annotations

from contextlib import closing
from typing import IO

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.incidents.import_files import UPLOAD_LIMITS, open_table
from rcf.runtime import Runtime
from rcf.screening.ftm import check_ftm, is_ftm_file
from rcf.screening.importing import WatchlistImport, check_table, import_entries, template_csv
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.import_pages import ImportPage

router = APIRouter(prefix="/screening/persons", include_in_schema=False)
PAGE = ImportPage("screening/import.html", "Choose a CSV, XLSX or JSON file.")


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.SCREENING_WRITE)
    return PAGE.render(request)


@router.post("/import", response_class=HTMLResponse)
def import_file(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Check every row; write only if all are valid, else list the problems."""
    require(actor, Permission.SCREENING_WRITE)

    def run(name: str, stream: IO[bytes], size: int, sha256: str) -> WatchlistImport:
        return _import(db, runtime, actor, (name, stream, size), sha256)

    return PAGE.submit(request, form, db, run)


def _import(
    db: SessionDep, runtime: Runtime, actor: Actor, file: tuple[str, IO[bytes], int], sha256: str
) -> WatchlistImport:
    name, stream, size = file
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
