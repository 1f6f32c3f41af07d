"""The ``rcf`` command line: every command reads the same ``RCF_*`` settings as the server."""

from __future__ import annotations

import typer

from rcf.cli import (
    accounts,
    audit,
    context,
    database,
    demo,
    documents,
    incidents,
    linkage,
    members,
    screening,
    screening_import,
    server,
    trafficking,
)

app = typer.Typer(
    help="Bali Process RCF platform administration.", no_args_is_help=True, add_completion=False
)


@app.callback()
def _close_connections_at_the_end(ctx: typer.Context) -> None:
    ctx.call_on_close(context.close_runtimes)


app.command("serve")(server.serve)
app.command("demo")(demo.demo)
app.add_typer(database.app, name="db")
app.add_typer(members.app, name="members")
app.add_typer(accounts.users, name="users")
app.add_typer(accounts.tokens, name="tokens")
app.add_typer(audit.app, name="audit")
app.add_typer(incidents.app, name="incidents")
app.add_typer(documents.app, name="documents")
app.add_typer(trafficking.app, name="trafficking")
screening_import.register(screening.app)
app.add_typer(screening.app, name="screening")
app.add_typer(linkage.app, name="linkage")


def main() -> None:
    app()
