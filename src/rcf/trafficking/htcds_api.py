"""API of the HTCDS Excel toolkit exchange, for national case-management systems and NGO or
IOM tools: export the cases you may see as the basic template, import a filled one."""

from __future__ import annotations

from contextlib import closing

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from rcf.access.policy import Actor, require
from rcf.errors import InvalidInput
from rcf.incidents.import_files import UPLOAD_LIMITS, open_table
from rcf.runtime import Runtime
from rcf.trafficking import htcds_exchange as exchange
from rcf.trafficking.models import TraffickingCase
from rcf.web.deps import ApiActor, RuntimeDep, SessionDep

api_router = APIRouter(prefix="/trafficking/htcds", tags=["trafficking"])
MULTIPART_ONLY = (
    "Send the workbook (.xlsx) or CSV as the field 'file' of a multipart/form-data body."
)


class ImportOut(BaseModel):
    rows: int
    created: int
    amended: int
    unchanged: int


@api_router.get("/export.xlsx")
def export_xlsx(actor: ApiActor, db: SessionDep, runtime: RuntimeDep) -> Response:
    """The cases you may see as the HTCDS basic template (one sheet, string cells). Identity
    columns are filled only for cases of your own agency when you are a case worker."""
    return export_response(db, runtime, actor)


def export_response(db: Session, runtime: Runtime, actor: Actor) -> Response:
    """The workbook as a download (also the case workers' page's); the export is audited."""
    data = exchange.write_xlsx(exchange.export_rows(db, runtime, actor))
    db.commit()
    disposition = 'attachment; filename="htcds-cases.xlsx"'
    return Response(
        data, media_type=exchange.XLSX_TYPE, headers={"Content-Disposition": disposition}
    )


@api_router.post("/import", response_model=ImportOut)
async def import_workbook(
    request: Request, actor: ApiActor, db: SessionDep, runtime: RuntimeDep
) -> ImportOut:
    """Import a filled HTCDS basic template for your agency: every row is checked first and
    nothing is written if any is wrong (422 with each problem's row and column); importing the
    same file again changes nothing (`cas_CaseId` identifies a case of your agency)."""
    require(actor, TraffickingCase.write_permission)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput({"file": MULTIPART_ONLY})
    async with request.form() as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InvalidInput({"file": MULTIPART_ONLY})
        size = upload.size if upload.size is not None else upload.file.seek(0, 2)
        upload.file.seek(0)
        with closing(open_table(upload.filename, upload.file, size, UPLOAD_LIMITS)) as table:
            counts = exchange.import_cases(db, runtime, actor, table)
    db.commit()
    named = counts.outcomes
    return ImportOut(
        rows=counts.rows,
        created=named["created"],
        amended=named["amended"],
        unchanged=named["unchanged"],
    )
