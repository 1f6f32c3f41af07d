"""The upload page of register files (CSV or XLSX) and its empty template."""

from __future__ import annotations

from contextlib import closing
from typing import IO

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.access.permissions import Permission
from rcf.access.policy import require
from rcf.documents.register_import import RegisterImport, import_register, template_csv
from rcf.incidents.import_files import UPLOAD_LIMITS, open_table
from rcf.web.deps import FormData, PageActor, RuntimeDep, SessionDep
from rcf.web.import_pages import ImportPage

router = APIRouter(prefix="/documents/register", include_in_schema=False)
PAGE = ImportPage("documents/register_import.html", "Choose a CSV or XLSX file.")


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, actor: PageActor) -> Response:
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    return PAGE.render(request)


@router.post("/import", response_class=HTMLResponse)
def import_file(
    request: Request, actor: PageActor, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Check every row; write only if all are valid, else list the problems."""
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    years = runtime.settings.document_review_years

    def run(name: str, stream: IO[bytes], size: int, sha256: str) -> RegisterImport:
        with closing(open_table(name, stream, size, UPLOAD_LIMITS)) as table:
            return import_register(
                db, actor, table, sha256=sha256, file_name=name, review_years=years
            )

    return PAGE.submit(request, form, db, run)


@router.get("/template.csv")
def register_template(actor: PageActor) -> Response:
    """The empty register import template (CSV, UTF-8)."""
    require(actor, Permission.DOCUMENT_REGISTER_WRITE)
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="document-register-template.csv"'},
    )
