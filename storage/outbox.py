"""SQL for the outbox (messages to send, exactly once) and job_runs (what the scheduler has done).

Exactly once rests on two statements that the database arbitrates between any number of instances:
an INSERT ... ON CONFLICT (dedupe_key) DO NOTHING to queue, and a conditional UPDATE ... RETURNING to
claim (with FOR UPDATE SKIP LOCKED on PostgreSQL, so racing senders take different rows, not the same).
A claimed row carries a lease in next_attempt_at: if the sender dies mid-send, the row is claimed again
after the lease, so nothing is lost (at worst a message interrupted mid-send goes out twice).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

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
    recipient: str
    payload: dict
    attempts: int


async def enqueue(session: AsyncSession, kind: str, dedupe_key: str, recipient: str, payload: dict,
                  now: datetime, agency_id: int | None = None) -> bool:
    """Queue a message unless one with this key exists (sent or not); True if this call queued it."""
    stmt = _insert(session, OutboxMessage).values(
        kind=kind, dedupe_key=dedupe_key, recipient=recipient, payload=payload, state=PENDING, attempts=0,
        next_attempt_at=utc(now), agency_id=agency_id,
    ).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(OutboxMessage.id)
    return await session.scalar(stmt) is not None


async def claim(session: AsyncSession, now: datetime, lease: timedelta, limit: int) -> list[Claimed]:
    """Take up to `limit` rows that are due (pending, or sending with a lapsed lease) for this sender."""
    due = (OutboxMessage.state.in_((PENDING, SENDING)), OutboxMessage.next_attempt_at <= utc(now))
    ids = select(OutboxMessage.id).where(*due).order_by(OutboxMessage.id).limit(limit)
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids.with_for_update(skip_locked=True)), *due)
        .values(state=SENDING, attempts=OutboxMessage.attempts + 1, next_attempt_at=utc(now + lease))
        .returning(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.recipient, OutboxMessage.payload,
                   OutboxMessage.attempts)
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(stmt)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


async def mark_sent(session: AsyncSession, row_id: int, now: datetime) -> None:
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id)
                          .values(state=SENT, sent_at=utc(now), last_error=None))


async def mark_retry(session: AsyncSession, row_id: int, error: str, retry_at: datetime) -> None:
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id)
                          .values(state=PENDING, last_error=error[:500], next_attempt_at=utc(retry_at)))


async def mark_failed(session: AsyncSession, row_id: int, error: str) -> None:
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id)
                          .values(state=FAILED, last_error=error[:500]))


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
