"""incident rollups: covering indexes for date ranges (month tables by owner and month, day
tables by day), so a chart over a range reads index entries only

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 22:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ("visibility", "shared_with")
ROUTE = ("origin_country", "transit", "destination_country")
MAIN = ("kind", "country", *ROUTE, "events", "persons", "deaths", "missing")
CITIZENSHIP = ("kind", "country", "citizenship", "persons")
FEE = (*ROUTE, "fee_usd", "reports")
# table -> (index name's end, its leading columns, the columns it now covers after the key)
INDEXES = {
    "incident_rollups": ("owner_month", ("owner_member_id", "month"), MAIN),
    "incident_citizenship_rollups": ("owner_month", ("owner_member_id", "month"), CITIZENSHIP),
    "incident_fee_rollups": ("owner_month", ("owner_member_id", "month"), FEE),
    "incident_day_rollups": ("day", ("day",), MAIN),
    "incident_day_citizenship_rollups": ("day", ("day",), CITIZENSHIP),
    "incident_day_fee_rollups": ("day", ("day",), FEE),
}


def upgrade() -> None:
    for table, (suffix, lead, rest) in INDEXES.items():
        _replace(table, f"ix_{table}_{suffix}", [*lead, *_owner(lead), *KEY, *rest])


def downgrade() -> None:
    for table, (suffix, lead, _covered) in INDEXES.items():
        _replace(table, f"ix_{table}_{suffix}", list(lead))


def _owner(lead: tuple[str, ...]) -> list[str]:
    return [] if "owner_member_id" in lead else ["owner_member_id"]


def _replace(table: str, name: str, columns: list[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(name)
        batch_op.create_index(name, columns)
