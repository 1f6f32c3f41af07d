"""incident day rollups: the partial months at the ends of a date range, summed per day

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 19:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_COLUMNS = (
    ("id", sa.Integer()),
    ("owner_member_id", sa.Integer()),
    ("visibility", sa.String(length=16)),
    ("shared_with", sa.Text()),
    ("month", sa.Date()),
    ("day", sa.Date()),
)
ROUTE_COLUMNS = (
    ("origin_country", sa.String(length=3), True),
    ("transit", sa.Text(), False),
    ("destination_country", sa.String(length=3), True),
)
TABLES = {
    "incident_day_rollups": (
        ("kind", sa.String(length=32), False),
        ("country", sa.String(length=3), False),
        *ROUTE_COLUMNS,
        ("events", sa.Integer(), False),
        ("persons", sa.Integer(), False),
        ("deaths", sa.Integer(), False),
        ("missing", sa.Integer(), False),
    ),
    "incident_day_citizenship_rollups": (
        ("kind", sa.String(length=32), False),
        ("country", sa.String(length=3), False),
        ("citizenship", sa.String(length=3), False),
        ("persons", sa.Integer(), False),
    ),
    "incident_day_fee_rollups": (
        *ROUTE_COLUMNS,
        ("fee_usd", sa.Numeric(precision=14, scale=2), False),
        ("reports", sa.Integer(), False),
    ),
}


def upgrade() -> None:
    for table, columns in TABLES.items():
        op.create_table(
            table,
            *[sa.Column(name, kind, nullable=False) for name, kind in KEY_COLUMNS],
            *[sa.Column(name, kind, nullable=null) for name, kind, null in columns],
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_owner_month", ["owner_member_id", "month"])
            batch_op.create_index(f"ix_{table}_day", ["day"])
    # Reports already there are not in the (empty) day rollups yet: summaries read the reports
    # directly until `rcf incidents rollups rebuild` has filled them.
    op.execute(
        "INSERT INTO incident_rollup_status (name, reason) "
        "SELECT 'stale', 'day rollups added to a database holding reports: run rcf incidents "
        "rollups rebuild' WHERE EXISTS (SELECT 1 FROM incidents) "
        "AND NOT EXISTS (SELECT 1 FROM incident_rollup_status)"
    )


def downgrade() -> None:
    for table in reversed(list(TABLES)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_day")
            batch_op.drop_index(f"ix_{table}_owner_month")
        op.drop_table(table)
