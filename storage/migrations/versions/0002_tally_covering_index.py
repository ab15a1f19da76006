"""Covering index for the report tally: (agency, closed_on) plus the columns it counts by.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_index("ix_app_agency_closed")
        batch.create_index("ix_app_agency_closed_cover", ["agency_id", "closed_on", "received_on", "category", "outcome"])


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_index("ix_app_agency_closed_cover")
        batch.create_index("ix_app_agency_closed", ["agency_id", "closed_on", "outcome"])
