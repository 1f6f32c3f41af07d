"""What every CLI command starts from: settings from the environment, a runtime, a transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.orm import Session

from rcf.errors import RcfError
from rcf.runtime import Runtime
from rcf.settings import SettingsError, load_settings

console = Console()
errors = Console(stderr=True)


def runtime() -> Runtime:
    """The command's runtime; its database connections close when the command ends."""
    try:
        rt = Runtime.from_settings(load_settings())
    except (SettingsError, ValueError) as error:
        errors.print(f"[red]Configuration error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None
    _opened.append(rt)
    return rt


_opened: list[Runtime] = []


def close_runtimes() -> None:
    """Close the database connections the command opened (called when the command ends)."""
    while _opened:
        _opened.pop().engine.dispose()


@contextmanager
def transaction(rt: Runtime) -> Iterator[Session]:
    """Commit on success; on an RcfError print it and exit 1 with nothing written."""
    session = rt.sessions()
    try:
        yield session
        session.commit()
    except RcfError as error:
        session.rollback()
        detail = getattr(error, "errors", None) or error.detail
        errors.print(f"[red]Error:[/red] {escape(str(detail))}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        session.close()
