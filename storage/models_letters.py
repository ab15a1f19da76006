"""Tables for the written documents (文书): drafts and issued letters, their deliveries, number series,
and each agency's own settings (abbreviation, review body, contact, templates).

An issued letter never changes: the migration adds a trigger that refuses any UPDATE or DELETE of a row
whose issued_at is set, on SQLite and PostgreSQL alike. A correction is a new row (supersedes_id).
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, created_column


class AgencySetting(Base):
    """One agency's value for a setting (letters.abbreviation, template.answer.txt, ...)."""

    __tablename__ = "agency_settings"
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Letter(Base):
    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    kind: Mapped[str] = mapped_column(String(24))
    step_seq: Mapped[int] = mapped_column(Integer)  # the application event this document belongs to
    version: Mapped[int] = mapped_column(Integer)  # 1, then 2 for its correction, ...
    fields: Mapped[dict] = mapped_column(JSON, default=dict)  # the clerk's free-text parts
    series: Mapped[str | None] = mapped_column(String(16))
    series_year: Mapped[int | None] = mapped_column(Integer)
    series_number: Mapped[int | None] = mapped_column(Integer)
    serial: Mapped[str | None] = mapped_column(String(64))  # 发文字号, e.g. 牡交公复〔2026〕3号
    letter_date: Mapped[date | None] = mapped_column(Date)
    content: Mapped[dict | None] = mapped_column(JSON)  # the issued document (handlers.letters.compose)
    sha256: Mapped[str | None] = mapped_column(String(64))
    issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    issued_by: Mapped[str | None] = mapped_column(String(100))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    row_version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = created_column()

    # Two clerks issuing one draft at once: one wins, the other's transaction (and number) rolls back.
    __mapper_args__ = {"version_id_col": row_version}
    __table_args__ = (
        UniqueConstraint("agency_id", "series", "series_year", "series_number"),
        UniqueConstraint("application_id", "kind", "step_seq", "version"),
        Index("ix_letters_application", "application_id", "kind"),
    )


class LetterDelivery(Base):
    """How and when a letter reached its addressee: post (with the tracking number), e-mail, in person,
    online (the WeChat message with its link)."""

    __tablename__ = "letter_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    way: Mapped[str] = mapped_column(String(12))
    delivered_on: Mapped[date] = mapped_column(Date)
    tracking: Mapped[str | None] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = created_column()


class LetterSequence(Base):
    """The last number taken in an agency's yearly series (answer, notice, receipt)."""

    __tablename__ = "letter_sequences"
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)
