"""A message's delivery key, held so that its effect happens once on any instance, however often it is delivered.

The key (inbound_messages.dedupe_key, unique) is held in one of two ways:
- in the message's own transaction (`hold`): the row is written with everything the message changes and
  its reply, all in one commit; a concurrent delivery waits on the unique index (PostgreSQL) or the write
  lock (SQLite), then finds the reply (`recall`);
- by a lease (`lease`), committed at once, when the first delivery's time runs out before its handler
  claimed: WeChat is told "success" only then, and the row keeps the message (encrypted) until its answer
  is recorded. Should the holder die, a retry or the scheduler's sweep (`lapsed`) takes the lease over once
  it is wechat.lease_seconds old, and answers the message.
A reply is recorded only where none is yet (`record`): of two holders the first to answer wins; the
other's transaction, work included, is rolled back.
"""

import json
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from handlers.chat.router import Inbound
from storage.models_chat import InboundMessage
from storage.outbox import utc

NOTHING = ""  # stored reply meaning "answered with success" (nothing to say, or the answer went out later)
POLL_SECONDS = 0.05
LAPSED = object()  # recall: nobody holds the key any more


def _key(key: str):
    return InboundMessage.dedupe_key == key


def _new_row(session, key: str, now, message: str | None = None):
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    return (dialect.insert(InboundMessage).values(dedupe_key=key, created_at=utc(now), message=message)
            .on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(InboundMessage.id))


def _lapsed_before(container):
    return utc(container.now() - timedelta(seconds=container.settings.get("wechat", "lease_seconds")))


async def hold(session, key: str, now, leased: bool) -> bool:
    """Take `key` in the message's transaction: a new row, or (`leased`) the lease this delivery took.
    False when another delivery holds or answered it."""
    if leased:  # the update locks the row until this transaction ends
        taken = await session.execute(update(InboundMessage).where(_key(key), InboundMessage.reply.is_(None))
                                      .values(created_at=utc(now)))
        return taken.rowcount == 1
    return await session.scalar(_new_row(session, key, now)) is not None


async def record(session, key: str, reply: str | None) -> bool:
    """The reply given to held delivery `key`, unless another holder answered first (then False)."""
    done = await session.execute(update(InboundMessage).where(_key(key), InboundMessage.reply.is_(None))
                                 .values(reply=reply or NOTHING, message=None))
    return done.rowcount == 1


async def lease(container, inbound: Inbound) -> bool:
    """Committed at once: `inbound`'s key for this delivery, with the message kept until it is answered; a
    lease that ran out unanswered is taken over. False when another delivery holds or answered the key."""
    key, now = inbound.dedupe_key, container.now()
    kept = container.cipher.encrypt(json.dumps(inbound._asdict(), ensure_ascii=False))
    async with container.sessionmaker() as session:
        if await session.scalar(_new_row(session, key, now, kept)) is None:
            taken = await session.execute(
                update(InboundMessage).where(_key(key), InboundMessage.reply.is_(None),
                                             InboundMessage.created_at < _lapsed_before(container))
                .values(created_at=utc(now), message=kept))
            if not taken.rowcount:
                return False
        await session.commit()
    return True


async def recall(container, key: str):
    """The reply the holder of `key` gave; None while it is being worked out; LAPSED when no delivery holds
    it any more (its lease ran out unanswered, or nothing was committed): the caller may lease it."""
    lapsed = (InboundMessage.created_at < _lapsed_before(container)).label("lapsed")
    async with container.sessionmaker() as session:
        row = (await session.execute(select(InboundMessage.reply, lapsed).where(_key(key)))).first()
    if row is None or (row.reply is None and row.lapsed):
        return LAPSED
    return row.reply


async def lapsed(container, limit: int = 20) -> list[tuple[str, Inbound | None]]:
    """Leases that ran out unanswered, oldest first: each key with its message (None if unreadable)."""
    async with container.sessionmaker() as session:
        rows = (await session.execute(
            select(InboundMessage.dedupe_key, InboundMessage.message)
            .where(InboundMessage.reply.is_(None), InboundMessage.created_at < _lapsed_before(container))
            .order_by(InboundMessage.created_at).limit(limit))).all()
    return [(key, _message(container, kept)) for key, kept in rows]


def _message(container, kept: str | None) -> Inbound | None:
    try:
        return Inbound(**json.loads(container.cipher.decrypt(kept))) if kept else None
    except (ValueError, TypeError):  # another key, or a row from before messages were kept
        return None


async def give_up(container, key: str) -> None:
    """Close a lease whose message cannot be read: it can never be answered."""
    async with container.sessionmaker() as session:
        await record(session, key, NOTHING)
        await session.commit()
