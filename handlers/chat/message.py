"""One WeChat message, one transaction: its delivery key, everything its handlers change and its reply (or the
late answer queued for the outbox) commit together, or not at all.

    message = Message(container, agency_code, inbound)
    reply = await message.respond()      # the handlers' answer; inbox.Duplicate if another delivery has it
    await message.commit(reply)          # in time: the reply is recorded with the work, if anything changed
    await message.commit_late(reply)     # time ran out: the answer is queued as a customer-service message

A handler claims the message (Turn.claim) before its first change; the claim begins the shared transaction
that every unit of work opened afterwards joins (storage.uow). Read-only answers never claim: they write
nothing, and their units of work stay their own.
"""

import logging
import traceback

from handlers.chat import claims, inbox
from handlers.chat.conversation import respond
from handlers.chat.router import Inbound, not_held
from storage import outbox
from storage.uow import Shared

log = logging.getLogger(__name__)
SORRY = "抱歉，系统暂时出了点问题，请稍后再试。"


async def _leased() -> bool:
    return True


class Message:
    """`leased` is awaited before the claim: True when this delivery holds a committed lease on the key
    (its time ran out first, or it took over a lapsed one), which the claim then takes in the transaction."""

    __slots__ = ("container", "agency_code", "inbound", "leased", "shared", "claiming", "changes", "_held_in")

    def __init__(self, container, agency_code: str, inbound: Inbound, leased=not_held):
        self.container, self.agency_code, self.inbound, self.leased = container, agency_code, inbound, leased
        self.shared = Shared(container.sessionmaker, container.writers)
        self.claiming = False  # a handler is taking or holds the key: the delivery's timer must not lease it
        self.changes = False  # the message was claimed, so its reply is recorded
        self._held_in: int | None = None  # shared.rollbacks when the key was taken; a rollback lets it go

    @property
    def key(self) -> str:
        return self.inbound.dedupe_key

    async def claim(self) -> None:
        """Before the first change: take the key in this message's transaction (again after a rollback)."""
        if self._held_in == self.shared.rollbacks and self.shared.session is not None:
            return
        self.claiming = True
        leased = await self.leased()
        session = await self.shared.begin()
        if not await claims.hold(session, self.key, self.container.now(), leased):
            self.claiming = False
            await self.shared.close()
            raise inbox.Duplicate(self.key)
        self.changes, self._held_in = True, self.shared.rollbacks

    async def respond(self) -> str | None:
        try:
            return await respond(self.container, self.agency_code, self.inbound, self.claim, self.leased)
        except Exception:  # nothing of it stays: the follower is told so, and a retry may do it all
            self.changes = self.claiming = False
            await self.shared.close()
            raise

    async def commit(self, reply: str | None) -> None:
        """Record `reply` with the message's work (or as the answer to the lease held) and commit."""
        try:
            await self._record(reply)
            await self.shared.commit()
        finally:
            await self.shared.close()

    async def commit_late(self, reply: str | None) -> None:
        """Queue the answer that missed WeChat's time as a customer-service message, recording the delivery as
        answered with "success" in the same transaction: a retry arriving anywhere later neither answers
        again nor queues twice."""
        try:
            if self.changes or reply or await self.leased():
                await self._record(claims.NOTHING)
                if reply:
                    the_agency = await inbox.agency_id(self.container, self.agency_code)
                    await outbox.enqueue(self.shared.session, inbox.LATE_KIND, f"late:{self.key}",
                                         self.inbound.openid, {"text": reply}, self.container.now(), the_agency)
                await self.shared.commit()
        finally:
            await self.shared.close()

    async def _record(self, reply: str | None) -> None:
        await self.claim()  # a no-op unless a failed use case rolled the claim back with its work
        if not await claims.record(self.shared.session, self.key, reply):
            raise inbox.Duplicate(self.key)  # another holder answered first: this one's work is dropped


def log_failure(key: str, err: Exception) -> None:
    # The traceback's frames, not the exception text: that may quote what the follower typed.
    frames = "".join(traceback.format_tb(err.__traceback__))
    log.error("message %s failed with %s\n%s", key, type(err).__name__, frames)


async def finish_lapsed(container) -> int:
    """Answer the messages whose holder died after WeChat was told "success" (their lease ran out
    unanswered): each answer goes out late, once. Returns how many were answered."""
    answered = 0
    for key, inbound in await claims.lapsed(container):
        if inbound is None:
            await claims.give_up(container, key)
            continue
        if not await claims.lease(container, inbound):
            continue  # another instance took it over first
        message = Message(container, container.default_agency, inbound, _leased)
        try:
            reply = await message.respond()
        except inbox.Duplicate:
            continue
        except Exception as err:
            log_failure(key, err)
            reply = SORRY
        try:
            await message.commit_late(reply)
            answered += 1
        except inbox.Duplicate:
            pass
    return answered
