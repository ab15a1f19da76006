"""Delivery leases: an unanswered claim keeps its message (encrypted) so that it is finished after a crash.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inbound_messages", sa.Column("message", sa.Text(), nullable=True))
    op.create_index("ix_inbound_unanswered", "inbound_messages", ["created_at"],
                    sqlite_where=sa.text("reply IS NULL"), postgresql_where=sa.text("reply IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_inbound_unanswered", "inbound_messages")
    op.drop_column("inbound_messages", "message")
