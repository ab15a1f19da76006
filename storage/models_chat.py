"""Tables for the WeChat side: guide entries, dialogues, delivered messages, outbox, tokens, job runs."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, created_column


class GuideEntry(Base):
    """The agency's 政府信息公开指南 as question/answer entries, editable per agency."""

    __tablename__ = "guide_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    entry_key: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str | None] = mapped_column(String(50))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    phrasings: Mapped[list] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # +1 on every edit
    __table_args__ = (UniqueConstraint("agency_id", "entry_key"),)


class Dialogue(Base):
    """A citizen's step-by-step form in progress: state is data, so a restart loses nothing."""

    __tablename__ = "dialogues"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    openid: Mapped[str] = mapped_column(String(64))
    flow: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("agency_id", "openid"),)


class InboundMessage(Base):
    """Each delivery key claimed (MsgId, or FromUserName+CreateTime for events) and the reply it got.

    A row without a reply is a lease taken when the first delivery's time ran out (handlers.chat.claims):
    it keeps the message, encrypted, until the answer is recorded, so that the message is finished even if
    the process holding it dies.
    """

    __tablename__ = "inbound_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    reply: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_column()  # when claimed, or when a lease was last taken
    __table_args__ = (Index("ix_inbound_unanswered", "created_at", sqlite_where=text("reply IS NULL"),
                            postgresql_where=text("reply IS NULL")),)


class OutboxMessage(Base):
    """Messages to send (reminders, notices, late replies); the dedupe key makes each one exactly once."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[str] = mapped_column(String(40))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # a claim's lease ends here
    lease_id: Mapped[str | None] = mapped_column(String(32))  # whose claim it is, new on every claim
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()
    # The console's dashboard counts what was sent today and what failed, per agency.
    __table_args__ = (Index("ix_outbox_agency_state_sent", "agency_id", "state", "sent_at"),)


class AccessToken(Base):
    """The shared access-token cache and its refresh lock, for instances without Redis."""

    __tablename__ = "access_tokens"
    appid: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lock_owner: Mapped[str | None] = mapped_column(String(64))
    lock_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class JobRun(Base):
    """The last day a periodic job completed, so a missed run catches up on start."""

    __tablename__ = "job_runs"
    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_on: Mapped[date | None] = mapped_column(Date)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    count: Mapped[int] = mapped_column(Integer, default=0)
