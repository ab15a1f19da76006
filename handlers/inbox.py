"""Delivery bookkeeping: each message is handled once however often WeChat retries it, and late answers wait.

A delivery is claimed by inserting its dedupe key; the insert is atomic in every database, so of two
concurrent deliveries exactly one handles the message and the other waits for the stored reply.
"""

import asyncio

from sqlalchemy import select, update

from storage import outbox
from storage.errors import Conflict
from storage.models_chat import InboundMessage, OutboxMessage

NOTHING = ""  # stored reply meaning "answered with success" (nothing to say, or the answer went out later)
LATE_KIND = "cs_text"
POLL_SECONDS = 0.05


async def claim(container, key: str) -> bool:
    """True if this delivery is the first with `key` and must be handled."""
    async with container.uow() as uow:
        uow.session.add(InboundMessage(dedupe_key=key))
        try:
            await uow.commit()
        except Conflict:
            return False
    return True


async def remember(container, key: str, reply: str | None) -> None:
    async with container.uow() as uow:
        await uow.session.execute(
            update(InboundMessage).where(InboundMessage.dedupe_key == key).values(reply=reply or NOTHING))
        await uow.commit()


async def recall(container, key: str, wait_seconds: float) -> str | None:
    """The reply the first delivery gave, waiting up to `wait_seconds` while it is still being handled."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait_seconds
    while True:
        async with container.uow() as uow:
            reply = await uow.session.scalar(select(InboundMessage.reply).where(InboundMessage.dedupe_key == key))
        if reply is not None or loop.time() >= deadline:
            return reply
        await asyncio.sleep(POLL_SECONDS)


async def send_later(container, agency_code: str, openid: str, key: str, text: str) -> None:
    """Queue an answer that missed WeChat's 5 seconds as a customer-service message."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        await outbox.enqueue(uow.session, LATE_KIND, f"late:{key}", openid, {"text": text}, container.now(),
                             agency.id)
        await uow.commit()


async def take_waiting(container, openid: str) -> list[str]:
    """Late answers no sender has delivered yet; taking them marks them sent, so they go out once."""
    async with container.uow() as uow:
        rows = list(await uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == openid, OutboxMessage.kind == LATE_KIND,
                                        OutboxMessage.state == outbox.PENDING).order_by(OutboxMessage.id)))
        texts = []
        for row in rows:
            taken = await uow.session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row.id, OutboxMessage.state == outbox.PENDING)
                .values(state=outbox.SENT, sent_at=outbox.utc(container.now())))
            if taken.rowcount:
                texts.append(row.payload["text"])
        await uow.commit()
    return texts

