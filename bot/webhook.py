"""The 公众号 webhook, GET/POST /wechat: verify, decode, answer once per message, within WeChat's 5 seconds.

Any client input ends in a 2xx or a 4xx; a failing handler is logged (without personal data) and the
follower gets an apology, never a 500.
"""

import asyncio
import logging
import time
import traceback
from collections import deque

from aiohttp import web

from handlers.chat import inbox
from handlers.chat.conversation import respond
from handlers.guide import store as guide_store

from .wechat_protocol import Protocol, Rejected

log = logging.getLogger(__name__)
PATH = "/wechat"
PROTOCOL = web.AppKey("wechat_protocol", Protocol)
STATE = web.AppKey("wechat_state", dict)
SORRY = "抱歉，系统暂时出了点问题，请稍后再试。"
# WeChat retries within about 15 seconds; a minute also covers a retry that waited on a slow network.
RECENT_SECONDS = 60


def install(app: web.Application, container) -> None:
    s = container.settings
    app[PROTOCOL] = Protocol(s.get("wechat", "token"), s.get("wechat", "aes_key"), s.get("wechat", "appid"),
                             s.get("wechat", "timestamp_window"))
    app[STATE] = {"container": container, "tasks": set(), "recent": Recent()}
    app.router.add_get(PATH, handshake)
    app.router.add_post(PATH, receive)
    app.on_startup.append(_warm_up)
    app.on_cleanup.append(_finish_late_answers)


async def _warm_up(app: web.Application) -> None:
    """Build the guide index (jieba's dictionary takes most of a second) before the first question."""
    container = app[STATE]["container"]
    await guide_store.index(container, container.default_agency)


async def handshake(request: web.Request) -> web.Response:
    try:
        return web.Response(text=request.app[PROTOCOL].handshake(request.query))
    except Rejected as err:
        return web.Response(status=err.status, text=str(err))


async def receive(request: web.Request) -> web.Response:
    protocol, state = request.app[PROTOCOL], request.app[STATE]
    container = state["container"]
    try:
        protocol.verify(request.query)  # before reading a byte of the body: an unsigned one costs nothing
        if (request.content_length or 0) > container.settings.get("wechat", "max_body_bytes"):
            raise Rejected(413, "body too large")
        envelope = protocol.decode(request.query, await request.read())
    except Rejected as err:
        return web.Response(status=err.status, text=str(err))
    budget = container.settings.get("wechat", "reply_budget_seconds")
    try:
        text = await deliver(container, container.default_agency, envelope.inbound, budget, state)
    except Exception as err:  # the database is unreachable, say: the follower still gets an answer
        log.error("delivery of %s failed: %s", envelope.inbound.dedupe_key, type(err).__name__)
        text = SORRY
    return web.Response(text=protocol.seal(envelope, text), content_type="application/xml")


class _Delivery:
    """One message however many times WeChat delivers it: every delivery awaits the same reply.

    Whoever decides first wins: the handler answering, or the first delivery's time running out (then
    every delivery gets "success" and the answer goes out later). Slots, and the arrival time kept here:
    a busy minute holds some 100,000 of these for retries, and every object the collector tracks makes
    its full passes longer.
    """

    __slots__ = ("container", "key", "arrived", "reply", "timer", "claiming")

    def __init__(self, container, key: str, arrived: float):
        self.container, self.key, self.arrived = container, key, arrived
        self.reply = asyncio.get_running_loop().create_future()
        self.timer: asyncio.TimerHandle | None = None
        self.claiming: asyncio.Future | None = None  # writing the key to the database; True if first

    def start_clock(self, budget: float) -> None:
        """The first delivery's time: retries await the same reply, so one arriving after the time ran
        out gets "success" at once. One timer a message, cheaper than asyncio.wait's per delivery."""
        if budget > 0:
            self.timer = asyncio.get_running_loop().call_later(budget, self.time_up)
        else:
            self.time_up()

    def time_up(self) -> None:
        if not self.reply.done():
            self.reply.set_result(None)  # "success"; the answer goes out later
            # Claimed now, even for a read-only answer: WeChat's retry may reach another worker or
            # instance while this answer is still being worked out, and must wait for it, not answer too.
            self._start_claim()

    def answer(self, text: str | None) -> bool:
        """Give the deliveries `text`; False when their time already ran out."""
        if self.reply.done():
            return False
        self.reply.set_result(text)
        self.timer.cancel()
        self.timer = None  # kept for retries a minute: without the timer, which the heap drops later
        return True

    def _start_claim(self) -> asyncio.Future:
        if self.claiming is None:
            self.claiming = asyncio.ensure_future(inbox.claim(self.container, self.key))
        return self.claiming

    async def claim(self) -> None:
        """Before the first change: record the key in the database, so no instance handles it again.
        The handler and a time-up may both ask; the key is written once and both get the outcome."""
        if not await self._start_claim():
            raise inbox.Duplicate(self.key)

    async def held(self) -> bool:
        """This delivery wrote the key first (after a time-up, say), so its answer is the one to give."""
        return self.claiming is not None and await self.claiming


PRUNE_PER_ARRIVAL = 8  # more than one, so the map shrinks while traffic lasts


class Recent:
    """Deliveries this process saw lately, by key; WeChat's retries come within about 15 seconds."""

    def __init__(self, keep_seconds: float = RECENT_SECONDS, clock=time.monotonic):
        self.keep_seconds, self.clock = keep_seconds, clock
        self._seen: dict[str, _Delivery] = {}
        # Arrival order on its own: finding a dict's oldest entry walks past every slot deleted before it,
        # some 20 µs an arrival once a busy minute's deliveries are being dropped.
        self._arrivals: deque[_Delivery] = deque()

    def first(self, container, key: str) -> tuple[_Delivery, bool]:
        """The delivery for `key`, and whether this is its first arrival."""
        seen = self._seen.get(key)
        if seen is not None:
            return seen, False
        now, arrivals = self.clock(), self._arrivals
        # Drop a few of the oldest per arrival. Dropping every expired one at once after a quiet minute
        # would free a busy minute's deliveries in one go (0.5 s seen at 200/s).
        for _ in range(PRUNE_PER_ARRIVAL):
            if not arrivals or now - arrivals[0].arrived < self.keep_seconds:
                break
            del self._seen[arrivals.popleft().key]
        delivery = self._seen[key] = _Delivery(container, key, now)
        arrivals.append(delivery)
        return delivery, True


async def deliver(container, agency_code: str, inbound, budget: float, state: dict) -> str | None:
    """The reply for one delivery; a retry gets the first delivery's reply, a slow one goes out later."""
    delivery, first = state["recent"].first(container, inbound.dedupe_key)
    if first:
        task = asyncio.create_task(_handle(container, agency_code, inbound, delivery, budget))
        state["tasks"].add(task)
        task.add_done_callback(state["tasks"].discard)
        delivery.start_clock(budget)
    return await delivery.reply


async def _handle(container, agency_code: str, inbound, delivery: _Delivery, budget: float) -> None:
    key = inbound.dedupe_key
    try:
        reply = await respond(container, agency_code, inbound, delivery.claim, delivery.held)
    except inbox.Duplicate:  # another instance (or this one before a restart) handled it: its reply
        delivery.answer(await _recall(container, key, budget))
        return
    except Exception as err:
        # The traceback's frames, not the exception text: that may quote what the follower typed.
        frames = "".join(traceback.format_tb(err.__traceback__))
        log.error("message %s failed with %s\n%s", key, type(err).__name__, frames)
        reply = SORRY
    late = not delivery.answer(reply) and bool(reply)
    try:
        if late:
            if await delivery.held():  # else another delivery claimed the message first: it answers
                await inbox.send_later(container, agency_code, inbound.openid, key, reply)
        elif delivery.claiming is not None:  # the handler claimed it (a claim it lost raised Duplicate)
            await inbox.remember(container, key, reply)
    except Exception as err:
        log.error("could not record the reply to %s: %s", key, type(err).__name__)


async def _recall(container, key: str, budget: float) -> str | None:
    try:
        return await inbox.recall(container, key, budget) or None
    except Exception as err:
        log.error("could not read the reply to %s: %s", key, type(err).__name__)
        return SORRY


async def _finish_late_answers(app: web.Application) -> None:
    """On shutdown, let answers already being computed reach the outbox."""
    tasks = list(app[STATE]["tasks"])
    if tasks:
        await asyncio.wait(tasks, timeout=10)
