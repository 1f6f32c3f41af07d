"""One upload page shape for the bulk imports that share the incident file machinery
(document register, watchlist): the form, all-or-nothing writing, and the problems table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Protocol

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from rcf.errors import InvalidInput
from rcf.incidents.import_files import UPLOAD_LIMITS, FileRefused
from rcf.incidents.importing import file_sha256
from rcf.web.templating import render

SHOWN_PROBLEMS = 200


class ImportResult(Protocol):
    @property
    def ok(self) -> bool: ...


# (file name, stream at its start, size in bytes, SHA-256) -> the checked (and, if ok, written)
# import, still uncommitted.
RunImport = Callable[[str, IO[bytes], int, str], ImportResult]


@dataclass(frozen=True)
class ImportPage:
    template: str
    choose_file: str  # the message when no file was chosen

    def render(self, request: Request, status: int = 200, **context: Any) -> Response:
        values = {"limits": UPLOAD_LIMITS, "errors": {}, "result": None, "shown": SHOWN_PROBLEMS}
        return render(request, self.template, {**values, **context}, status=status)

    def submit(
        self, request: Request, form: dict[str, Any], db: Session, run: RunImport
    ) -> Response:
        """Check every row; commit only if all are valid, else roll back and list the problems."""
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return self.render(request, 400, errors={"file": self.choose_file})
        try:
            result = _run(upload, run)
        except (FileRefused, InvalidInput) as error:
            db.rollback()
            message = error.detail if isinstance(error, FileRefused) else str(error.errors)
            return self.render(request, 400, errors={"file": message})
        if not result.ok:
            db.rollback()
            return self.render(request, 400, result=result)
        db.commit()
        return self.render(request, result=result)


def _run(upload: UploadFile, run: RunImport) -> ImportResult:
    with upload.file as stream:
        size = stream.seek(0, 2)
        sha256 = file_sha256(stream)  # leaves the stream at its start
        return run(upload.filename or "upload", stream, size, sha256)


NO_MANIFEST = "Choose a manifest file (CSV, XLSX or PAXLST)."


def manifest_upload(form: dict[str, Any]) -> bytes | None:
    """The uploaded manifest's bytes, one past the size limit so its reader refuses it by name
    (not silently cut); None when no file was chosen."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    with upload.file as stream:
        return stream.read(UPLOAD_LIMITS.max_bytes + 1)
