"""The 公众号 webhook, GET/POST /wechat: verify, decode, answer once per message, within WeChat's 5 seconds.

Any client input ends in a 2xx or a 4xx; a failing handler is logged (without personal data) and the
follower gets an apology, never a 500.
"""

import asyncio
import logging

from aiohttp import web

from handlers.chat.message import SORRY, Message
from handlers.guide import store as guide_store

from .deliveries import Recent, handle
from .wechat_protocol import Protocol, Rejected

log = logging.getLogger(__name__)
PATH = "/wechat"
PROTOCOL = web.AppKey("wechat_protocol", Protocol)
STATE = web.AppKey("wechat_state", dict)


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


async def deliver(container, agency_code: str, inbound, budget: float, state: dict) -> str | None:
    """The reply for one delivery; a retry gets the first delivery's reply, a slow one goes out later."""
    delivery, first = state["recent"].first(container, inbound.dedupe_key)
    if isinstance(delivery, str):  # answered already: a retry gets the same reply
        return delivery or None
    if first:
        delivery.message = Message(container, agency_code, inbound, delivery.leased)
        task = asyncio.create_task(handle(delivery))
        state["tasks"].add(task)
        task.add_done_callback(state["tasks"].discard)
        delivery.start_clock(budget)
    return await delivery.reply


async def _finish_late_answers(app: web.Application) -> None:
    """On shutdown, let answers already being computed reach the outbox."""
    tasks = list(app[STATE]["tasks"])
    if tasks:
        await asyncio.wait(tasks, timeout=10)
