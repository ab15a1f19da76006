"""One message however many times WeChat delivers it to this process: every delivery awaits the same reply.

The reply is the handler's answer, given once it is committed (handlers.chat.message); or, when the first
delivery's time runs out, "success", but only once the answer is sure to follow: the handler's transaction,
which holds the key, queues it as a late answer, or a lease commits the message for whoever finishes it
(handlers.chat.claims). A delivery that finds another holding the message waits for its reply, and takes
the message over if the holder's lease runs out unanswered (it died).
"""

import asyncio
import logging
import sys
import time
from collections import deque

from handlers.chat import claims, inbox
from handlers.chat.message import SORRY, Message, log_failure

log = logging.getLogger(__name__)
# WeChat retries up to three times, 5 s apart: the last comes some 15 s after the first. A later one still
# finds a recorded message's reply in the database; a read-only question is answered again.
RECENT_SECONDS = 20
PRUNE_PER_ARRIVAL = 8  # more than one, so the map shrinks while traffic lasts
BUCKET_SECONDS = 1.0  # arrivals are kept in order by the second; a key is forgotten once its whole second is old


class Delivery:
    """One message's first delivery until it is answered, awaited by its retries (slots: a burst holds
    thousands at once, and every object the collector tracks makes its full passes longer)."""

    __slots__ = ("container", "key", "answered", "reply", "timer", "late", "leasing", "message")

    def __init__(self, container, key: str, answered):
        self.container, self.key, self.answered = container, key, answered  # answered(key, text): Recent keeps it
        self.reply = asyncio.get_running_loop().create_future()
        self.timer: asyncio.TimerHandle | None = None
        self.late = False  # the first delivery's time ran out: the answer goes out later
        self.leasing: asyncio.Future | None = None  # this delivery's lease: True held, False not, None failed
        self.message: Message | None = None

    def start_clock(self, budget: float) -> None:
        """The first delivery's time: retries await the same reply. One timer a message, cheaper than
        asyncio.wait's per delivery."""
        if budget > 0:
            self.timer = asyncio.get_running_loop().call_later(budget, self.time_up)
        else:
            self.time_up()

    def time_up(self) -> None:
        if self.reply.done():
            return
        self.late = True
        if self.leasing is None:
            if self.message.claiming:  # the handler's transaction holds the key: it answers when committed
                return
            # Leased even for a read-only answer: WeChat's retry may reach another worker or instance
            # while this answer is still being worked out, and must wait for it, not answer too.
            self.leasing = asyncio.ensure_future(self._lease(self.message.inbound))
        self.leasing.add_done_callback(self._leased)

    def _leased(self, leasing: asyncio.Future) -> None:
        if leasing.result() is not None:  # held here, or another delivery holds the message and answers
            self.answer(None)

    async def _lease(self, inbound) -> bool | None:
        try:
            return await claims.lease(self.container, inbound)
        except Exception as err:  # no "success" then: the handler answers when it is done
            log.error("could not lease %s: %s", self.key, type(err).__name__)
            return None

    async def leased(self) -> bool:
        return self.leasing is not None and bool(await self.leasing)

    async def take_over(self) -> bool | None:
        """Lease the message from a holder whose lease ran out (unless this delivery's time-up already did)."""
        if self.leasing is None or (self.leasing.done() and not self.leasing.result()):
            self.leasing = asyncio.ensure_future(self._lease(self.message.inbound))
        return await self.leasing

    def in_time(self) -> bool:
        """Whether the answer still goes back in the response; if so the clock stops, so that time cannot
        run out while the reply is being committed."""
        if self.late or self.reply.done():
            return False
        self._stop_clock()
        return True

    def answer(self, text: str | None) -> None:
        if not self.reply.done():
            self.reply.set_result(text)
            self.answered(self.key, text)
        self._stop_clock()

    def _stop_clock(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None  # the heap drops the cancelled timer later; retries need only the reply


class Recent:
    """Deliveries this process saw lately, by key; WeChat's retries come within about 15 seconds.

    Once answered, a key keeps only its reply text: a busy 20 seconds' 100,000 Delivery objects and futures
    made every full collection walk them all (tens of ms a pass, the p99 of the minute after a burst),
    where strings and tuples of atoms are untracked by the collector."""

    def __init__(self, keep_seconds: float = RECENT_SECONDS, clock=time.monotonic):
        self.keep_seconds, self.clock = keep_seconds, clock
        self._seen: dict[str, Delivery | str] = {}  # the reply ("" for none) once answered
        # Arrival order on its own, the keys grouped by the second they came in (a list slot a key, not a
        # tuple and a float): finding a dict's oldest entry walks past every slot deleted before it.
        self._arrivals: deque[tuple[float, list[str]]] = deque()

    def first(self, container, key: str) -> tuple[Delivery | str, bool]:
        """The delivery for `key` (or its reply, once answered), and whether this is its first arrival."""
        seen = self._seen.get(key)
        if seen is not None:
            return seen, False
        now, arrivals = self.clock(), self._arrivals
        self._forget(now)
        if not arrivals or now - arrivals[-1][0] >= BUCKET_SECONDS:
            arrivals.append((now, []))
        arrivals[-1][1].append(key)
        delivery = self._seen[key] = Delivery(container, key, self._answered)
        return delivery, True

    def _forget(self, now: float) -> None:
        """Drop a few of the oldest per arrival: all at once after a quiet spell would be a busy
        20 seconds' deliveries in one go (0.5 s seen at 200/s)."""
        arrivals = self._arrivals
        for _ in range(PRUNE_PER_ARRIVAL):
            if not arrivals or now - arrivals[0][0] < self.keep_seconds + BUCKET_SECONDS:
                return
            keys = arrivals[0][1]
            self._seen.pop(keys.pop(), None)
            if not keys:
                arrivals.popleft()

    def _answered(self, key: str, text: str | None) -> None:
        if key in self._seen:  # interned: the many followers asking the same thing share one reply's text
            self._seen[key] = sys.intern(text) if text else ""


async def handle(delivery: Delivery) -> None:
    """Answer the message, or give the reply of the delivery that holds it (taking it over if that died)."""
    while True:
        message = delivery.message
        try:
            reply = await message.respond()
            break
        except inbox.Duplicate:  # another delivery holds it (on another instance, or before a restart)
            found = await _elsewhere(delivery)
            if found is not TAKEN_OVER:
                delivery.answer(found)
                delivery.message = None
                return
            delivery.message = Message(message.container, message.agency_code, message.inbound, delivery.leased)
        except Exception as err:
            log_failure(message.key, err)
            reply = SORRY
            break
    try:
        if delivery.in_time():
            if message.changes or delivery.leasing is not None:  # else nothing to record: a read-only answer
                await message.commit(reply)
        else:
            await message.commit_late(reply)
            reply = None
    except inbox.Duplicate:  # another delivery took the message over and answered first
        reply = await _stored(message)
    except Exception as err:  # nothing was recorded: the follower is told so, if still listening
        log.error("could not record the reply to %s: %s", message.key, type(err).__name__)
        reply = SORRY
    delivery.answer(reply)
    delivery.message = None  # retries need only the reply, which Recent keeps


TAKEN_OVER = object()


async def _elsewhere(delivery: Delivery):
    """The reply of the delivery holding the message, waited for; or TAKEN_OVER once this delivery holds a
    lease on it (the holder's ran out unanswered). After this delivery's time ran out, "success"."""
    if delivery.late:
        delivery.time_up()  # lease now: the handler that would have answered found the message held
    for _ in range(int(RECENT_SECONDS / claims.POLL_SECONDS)):
        if delivery.leasing is not None and delivery.leasing.done():
            if delivery.leasing.result():
                return TAKEN_OVER
            if delivery.late:
                return None  # another delivery holds the message, leased: it answers
        try:
            found = await claims.recall(delivery.container, delivery.key)
            if found is claims.LAPSED:
                held = await delivery.take_over()
                if held is None:
                    return SORRY
                if held:
                    return TAKEN_OVER
            elif found is not None:
                return found or None
        except Exception as err:
            log.error("could not read the reply to %s: %s", delivery.key, type(err).__name__)
            return SORRY
        await asyncio.sleep(claims.POLL_SECONDS)
    return None


async def _stored(message: Message) -> str | None:
    try:
        found = await claims.recall(message.container, message.key)
    except Exception as err:
        log.error("could not read the reply to %s: %s", message.key, type(err).__name__)
        return SORRY
    return found if found and found is not claims.LAPSED else None
