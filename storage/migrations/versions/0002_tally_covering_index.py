"""Covering index for the report tally, in its GROUP BY order: (agency, category, outcome, closed_on, received_on).

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
        batch.create_index("ix_app_tally", ["agency_id", "category", "outcome", "closed_on", "received_on"])


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_index("ix_app_tally")
        batch.create_index("ix_app_agency_closed", ["agency_id", "closed_on", "outcome"])
