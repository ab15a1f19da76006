"""SQL for the outbox (messages to send, exactly once) and job_runs (what the scheduler has done).

Exactly once rests on two statements that the database arbitrates between any number of instances:
an INSERT ... ON CONFLICT (dedupe_key) DO NOTHING to queue, and a conditional UPDATE ... RETURNING to
claim (with FOR UPDATE SKIP LOCKED on PostgreSQL, so racing senders take different rows, not the same).
A claimed row carries a lease: its end in next_attempt_at, its holder in lease_id. If the sender dies
mid-send, the row is claimed again after the lease, so nothing is lost. What a sender records afterwards
(sent, retry, failed) counts only while the row is still its own: a sender whose lease was taken over
changes nothing.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from .models_chat import JobRun, OutboxMessage

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


def utc(moment: datetime) -> datetime:
    """SQLite keeps only a timestamp's digits, so every time written or compared here is UTC."""
    return moment.astimezone(UTC)


def _insert(session: AsyncSession, table):
    return (postgresql if session.bind.dialect.name == "postgresql" else sqlite).insert(table)


@dataclass(frozen=True)
class Claimed:
    id: int
    kind: str
    dedupe_key: str
    recipient: str
    payload: dict
    attempts: int
    lease_id: str


async def enqueue(session: AsyncSession, kind: str, dedupe_key: str, recipient: str, payload: dict,
                  now: datetime, agency_id: int | None = None) -> bool:
    """Queue a message unless one with this key exists (sent or not); True if this call queued it."""
    stmt = _insert(session, OutboxMessage).values(
        kind=kind, dedupe_key=dedupe_key, recipient=recipient, payload=payload, state=PENDING, attempts=0,
        next_attempt_at=utc(now), agency_id=agency_id,
    ).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(OutboxMessage.id)
    return await session.scalar(stmt) is not None


async def claim(session: AsyncSession, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
    """Take up to `limit` rows that are due (pending, or sending with a lapsed lease) for this sender.

    Two statements: PostgreSQL may evaluate an `IN (SELECT ... LIMIT n)` once per row and so claim more
    than n. The UPDATE checks again that each row is due, so a row another sender claimed in between (on
    SQLite, whose SELECT locks nothing) is left to it.
    """
    due = (OutboxMessage.state.in_((PENDING, SENDING)), OutboxMessage.next_attempt_at <= utc(now))
    picked = select(OutboxMessage.id).where(*due).order_by(OutboxMessage.id).limit(limit)
    ids = list(await session.scalars(picked.with_for_update(skip_locked=True)))
    if not ids:
        return []
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), *due)
        .values(state=SENDING, attempts=OutboxMessage.attempts + 1, next_attempt_at=utc(now + lease),
                lease_id=uuid4().hex)
        .returning(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.dedupe_key, OutboxMessage.recipient,
                   OutboxMessage.payload, OutboxMessage.attempts, OutboxMessage.lease_id)
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(stmt)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


async def _settle(session: AsyncSession, row: Claimed, **values) -> bool:
    """Record the outcome of `row`'s send; False (nothing changed) if the row is no longer its lease's."""
    stmt = (update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.state == SENDING, OutboxMessage.lease_id == row.lease_id)
            .values(**values).returning(OutboxMessage.id))
    return await session.scalar(stmt) is not None


async def mark_sent(session: AsyncSession, row: Claimed, now: datetime) -> bool:
    return await _settle(session, row, state=SENT, sent_at=utc(now), last_error=None)


async def mark_retry(session: AsyncSession, row: Claimed, error: str, retry_at: datetime) -> bool:
    return await _settle(session, row, state=PENDING, last_error=error[:500], next_attempt_at=utc(retry_at))


async def mark_failed(session: AsyncSession, row: Claimed, error: str) -> bool:
    return await _settle(session, row, state=FAILED, last_error=error[:500])


async def queued(session: AsyncSession, keys: list[str]) -> set[str]:
    """Those of `keys` already in the outbox, in any state."""
    if not keys:
        return set()
    return set(await session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys))))


async def listing(session: AsyncSession, agency_id: int, state: str, limit: int) -> list[OutboxMessage]:
    """An agency's rows in `state`, newest first."""
    stmt = (select(OutboxMessage).where(OutboxMessage.agency_id == agency_id, OutboxMessage.state == state)
            .order_by(OutboxMessage.id.desc()).limit(limit))
    return list(await session.scalars(stmt))


async def requeue(session: AsyncSession, agency_id: int, ids: list[int], now: datetime) -> list[int]:
    """Failed rows of the agency among `ids` back to pending, due now, with a fresh count of attempts."""
    stmt = (update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.agency_id == agency_id, OutboxMessage.state == FAILED)
            .values(state=PENDING, attempts=0, next_attempt_at=utc(now))
            .returning(OutboxMessage.id).execution_options(synchronize_session=False))
    return sorted(await session.scalars(stmt))


async def record_run(session: AsyncSession, job: str, day: date, now: datetime) -> None:
    values = {"last_run_on": day, "last_run_at": utc(now)}
    stmt = _insert(session, JobRun).values(job=job, count=1, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=["job"],
                                                     set_={**values, "count": JobRun.count + 1}))


async def claim_once(session: AsyncSession, job: str, day: date, now: datetime) -> bool:
    """True for exactly one caller per `job` name, ever: for one-off work such as a yearly draft."""
    stmt = _insert(session, JobRun).values(job=job, count=1, last_run_on=day, last_run_at=utc(now))
    return await session.scalar(stmt.on_conflict_do_nothing(index_elements=["job"]).returning(JobRun.job)) is not None


async def has_run(session: AsyncSession, job: str) -> bool:
    return await session.scalar(select(JobRun.job).where(JobRun.job == job)) is not None
