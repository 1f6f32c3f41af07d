"""The HTCDS Excel toolkit pages for case workers: upload a filled basic template (every row
checked, nothing written unless all are valid, re-import changes nothing) and download the
cases you may see as one (identity columns only for your own agency's cases)."""

from __future__ import annotations

from contextlib import closing
from typing import IO

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.policy import require
from rcf.incidents.import_files import UPLOAD_LIMITS, open_table
from rcf.trafficking import htcds_exchange as exchange
from rcf.trafficking.htcds_api import export_response
from rcf.trafficking.models import TraffickingCase
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.import_pages import ImportPage

router = APIRouter(prefix="/trafficking/htcds", include_in_schema=False)
PAGE = ImportPage("trafficking/htcds_import.html", "Choose an XLSX or CSV file.")


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, actor: PageActor) -> Response:
    require(actor, TraffickingCase.write_permission)
    return PAGE.render(request)


@router.post("/import", response_class=HTMLResponse)
def import_file(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Check every row; write only if all are valid, else list the problems."""
    require(actor, TraffickingCase.write_permission)

    def run(name: str, stream: IO[bytes], size: int, sha256: str) -> exchange.PageImport:
        with closing(open_table(name, stream, size, UPLOAD_LIMITS)) as table:
            return exchange.import_for_page(db, runtime, actor, table)

    return PAGE.submit(request, form, db, run)


@router.get("/export.xlsx")
def export_xlsx(actor: PageActor, db: SessionDep, runtime: RuntimeDep) -> Response:
    """The cases you may see as the HTCDS basic template."""
    return export_response(db, runtime, actor)
