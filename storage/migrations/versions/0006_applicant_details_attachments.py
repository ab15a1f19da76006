"""Applicants' identity document type and encrypted delivery/contact details; files sent by WeChat.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applicants") as batch:
        batch.add_column(sa.Column("id_type", sa.String(24), nullable=True))
        batch.add_column(sa.Column("details_enc", sa.Text(), nullable=True))
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("applications.id"), nullable=True),
        sa.Column("openid", sa.String(64), nullable=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data_enc", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_attachments_application_id", "attachments", ["application_id"])
    op.create_index("ix_attachments_sender", "attachments", ["agency_id", "openid"])


def downgrade() -> None:
    op.drop_table("attachments")
    with op.batch_alter_table("applicants") as batch:
        batch.drop_column("details_enc")
        batch.drop_column("id_type")
