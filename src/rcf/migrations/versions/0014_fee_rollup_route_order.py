"""incident fee rollups: indexes in the order a date range's fee histograms are grouped (month,
route, fee), so the median fee over a range is summed as the index is read, without a sort

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 02:45:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROUTE_FEE = ("origin_country", "transit", "destination_country", "fee_usd")
SHARING = ("owner_member_id", "visibility", "shared_with")
INDEXES = {
    "incident_fee_rollups": ("month", *ROUTE_FEE, *SHARING, "reports"),
    "incident_day_fee_rollups": ("month", *ROUTE_FEE, "day", *SHARING, "reports"),
}


def upgrade() -> None:
    for table, columns in INDEXES.items():
        op.create_index(f"ix_{table}_month_route", table, list(columns))


def downgrade() -> None:
    for table in INDEXES:
        op.drop_index(f"ix_{table}_month_route", table_name=table)
