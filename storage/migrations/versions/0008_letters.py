"""Written documents (文书): letters, their deliveries and number series, and per-agency settings.

An issued letter is frozen by a trigger (any UPDATE or DELETE of a row with issued_at set is refused),
so that not even a slip in our own code, nor a hand-written SQL statement, can alter what was sent.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FROZEN = "issued letters cannot be changed or deleted; issue a corrected version instead"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER letters_issued_frozen BEFORE UPDATE ON letters WHEN OLD.issued_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
    f"""CREATE TRIGGER letters_issued_kept BEFORE DELETE ON letters WHEN OLD.issued_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
]
POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION letters_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{FROZEN}' USING ERRCODE = 'integrity_constraint_violation'; END $$""",
    """CREATE TRIGGER letters_issued_frozen BEFORE UPDATE OR DELETE ON letters
        FOR EACH ROW WHEN (OLD.issued_at IS NOT NULL) EXECUTE FUNCTION letters_frozen()""",
]


def upgrade() -> None:
    op.create_table(
        "agency_settings",
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), nullable=False),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("applications.id"), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("step_seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("series", sa.String(16), nullable=True),
        sa.Column("series_year", sa.Integer(), nullable=True),
        sa.Column("series_number", sa.Integer(), nullable=True),
        sa.Column("serial", sa.String(64), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by", sa.String(100), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), sa.ForeignKey("letters.id"), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("agency_id", "series", "series_year", "series_number"),
        sa.UniqueConstraint("application_id", "kind", "step_seq", "version"),
    )
    op.create_index("ix_letters_application", "letters", ["application_id", "kind"])
    op.create_table(
        "letter_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("letter_id", sa.Integer(), sa.ForeignKey("letters.id"), nullable=False),
        sa.Column("way", sa.String(12), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("tracking", sa.String(40), nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_letter_deliveries_letter_id", "letter_deliveries", ["letter_id"])
    op.create_table(
        "letter_sequences",
        sa.Column("agency_id", sa.Integer(), sa.ForeignKey("agencies.id"), primary_key=True),
        sa.Column("series", sa.String(16), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last", sa.Integer(), nullable=False),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER letters_issued_frozen ON letters")
        op.execute("DROP FUNCTION letters_frozen()")
    for table in ("letter_sequences", "letter_deliveries", "letters", "agency_settings"):
        op.drop_table(table)
