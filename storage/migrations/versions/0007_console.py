"""The staff console: accounts on the staff table (role, password hash, disabled, session epoch; one name
per agency) and indexes for the console's filters and dashboard.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN_STATES_SQL = "state IN ('processing', 'awaiting_correction', 'consulting', 'awaiting_fee')"
INDEXES = [
    ("ix_app_agency_due", "applications", ["agency_id", "due_on"]),
    ("ix_app_agency_state_closed", "applications", ["agency_id", "state", "closed_on"]),
    ("ix_app_agency_channel_received", "applications", ["agency_id", "channel", "received_on"]),
    ("ix_app_agency_category_received", "applications", ["agency_id", "category", "received_on"]),
    ("ix_outbox_agency_state_sent", "outbox", ["agency_id", "state", "sent_at"]),
]


def upgrade() -> None:
    op.add_column("staff", sa.Column("role", sa.String(12), nullable=True))
    op.add_column("staff", sa.Column("password_hash", sa.String(200), nullable=True))
    op.add_column("staff", sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("staff", sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("uq_staff_agency_name", "staff", ["agency_id", "name"], unique=True)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    where = sa.text(OPEN_STATES_SQL)
    op.create_index("ix_app_open_due", "applications", ["agency_id", "due_on"], postgresql_where=where, sqlite_where=where)


def downgrade() -> None:
    op.drop_index("ix_app_open_due", "applications")
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table)
    op.drop_index("uq_staff_agency_name", "staff")
    with op.batch_alter_table("staff") as batch:
        for column in ("session_epoch", "disabled", "password_hash", "role"):
            batch.drop_column(column)
