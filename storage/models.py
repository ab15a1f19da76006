"""Tables. Derived columns on `applications` (state, due dates) are recomputed from the event log."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The open states (disclosure.states.OPEN_STATES) as the partial index ix_app_open_due spells them.
OPEN_STATES_SQL = "state IN ('processing', 'awaiting_correction', 'consulting', 'awaiting_fee')"


class Base(DeclarativeBase):
    pass


def created_column():
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class Agency(Base):
    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = created_column()


class Staff(Base):
    """A member of an agency's staff: one row whether they work on WeChat (openid, bound with a one-time
    code), in the console (role and password hash; the name is the sign-in name), or both."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    bind_code_hash: Mapped[str | None] = mapped_column(String(64))
    bind_code_expires: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    role: Mapped[str | None] = mapped_column(String(12))  # clerk, approver, admin; None: no console account
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2id
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # +1 on sign-out, password change or disabling: every console session issued before ends at once.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = created_column()
    __table_args__ = (Index("uq_staff_agency_name", "agency_id", "name", unique=True),)


class Applicant(Base):
    """Personal data: ID number, phone and the delivery and contact details are stored encrypted
    (storage.crypto), never in clear; `details_enc` is one encrypted JSON object (postal address,
    recipient, e-mail, contact person, legal representative), so a new detail needs no new column."""

    __tablename__ = "applicants"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    id_type: Mapped[str | None] = mapped_column(String(24))  # disclosure.documents.DocumentType
    id_number_enc: Mapped[str | None] = mapped_column(Text)
    id_number_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_enc: Mapped[str | None] = mapped_column(Text)
    details_enc: Mapped[str | None] = mapped_column(Text)
    openid: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = created_column()


class Application(Base):
    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    number: Mapped[str] = mapped_column(String(16), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    request_text: Mapped[str] = mapped_column(Text)
    form: Mapped[str | None] = mapped_column(String(50))
    delivery: Mapped[str | None] = mapped_column(String(50))
    state: Mapped[str] = mapped_column(String(24))
    outcome: Mapped[str | None] = mapped_column(String(40))
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    correction_notice_due: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    assigned_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    # Optimistic locking: two staff acting at once, one wins, the other gets a conflict.
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_app_agency_received", "agency_id", "received_on"),
        # The report tally reads only this index, already in its GROUP BY order (storage/tally.py).
        Index("ix_app_tally", "agency_id", "category", "outcome", "closed_on", "received_on"),
        Index("ix_app_agency_state_due", "agency_id", "state", "due_on"),
        # The console's filters and sort orders (handlers/applications/search.py), each an index range.
        Index("ix_app_agency_due", "agency_id", "due_on"),
        Index("ix_app_agency_state_closed", "agency_id", "state", "closed_on"),
        # Open applications by due date: the dashboard's and the overdue list's walk, never the closed ones.
        Index("ix_app_open_due", "agency_id", "due_on", postgresql_where=text(OPEN_STATES_SQL),
              sqlite_where=text(OPEN_STATES_SQL)),
        Index("ix_app_agency_channel_received", "agency_id", "channel", "received_on"),
        Index("ix_app_agency_category_received", "agency_id", "category", "received_on"),
    )


class ApplicationEvent(Base):
    """Append-only audit log: who did what, when it happened and when it was recorded."""

    __tablename__ = "application_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(24))
    occurred_on: Mapped[date] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(100))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = created_column()
    __table_args__ = (UniqueConstraint("application_id", "seq"),)


class Attachment(Base):
    """A file an applicant sent by WeChat (an ID copy, a page of the correction), encrypted at rest.

    Kept in the database, not the data folder: a city-wide platform runs several instances on one
    PostgreSQL, and a file written to one instance's folder would be missing on the others (and from
    the database's backups). Files are few and small (size-limited). Before an application exists,
    a file sent during its form belongs to the sender (`openid`) and is attached on confirmation.
    """

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    openid: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(16))  # "application" or "correction"
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data_enc: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_attachments_sender", "agency_id", "openid"),)


class NumberSequence(Base):
    __tablename__ = "number_sequences"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer)


class Appeal(Base):
    """行政复议 / 行政诉讼 about an application (report section 四)."""

    __tablename__ = "appeals"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    kind: Mapped[str] = mapped_column(String(20))
    filed_on: Mapped[date] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(12))
    decided_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_column()


class YearlyFigure(Base):
    """Section 二 figures staff enter, e.g. licensing.decisions."""

    __tablename__ = "yearly_figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str | None] = mapped_column(String(10))
    __table_args__ = (UniqueConstraint("agency_id", "year", "key"),)


class StoredReport(Base):
    """A published report as imported (the contract's JSON), one per agency and year."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSON)
    imported_at: Mapped[datetime] = created_column()
    __table_args__ = (UniqueConstraint("agency_id", "year"),)


class ReportDraft(Base):
    """Prose parts (一、五、六) staff write per year."""

    __tablename__ = "report_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int] = mapped_column(Integer)
    part: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("agency_id", "year", "part"),)


class AuditEntry(Base):
    """Who did what outside an application's own event log: sign-ins, bind attempts, reveals of personal
    data, accounts, settings. Append-only; `detail` never holds personal data (numbers, phones, names)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))  # a staff member's name, "wechat:<short openid>", "cli"
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(20), default="ok")  # ok, refused, locked, ...
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    __table_args__ = (Index("ix_audit_agency_at", "agency_id", "at"), Index("ix_audit_actor_action_at", "actor", "action", "at"))
