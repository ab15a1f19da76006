"""The 公众号 webhook, GET/POST /wechat: verify, decode, answer once per message, within WeChat's 5 seconds.

Any client input ends in a 2xx or a 4xx; a failing handler is logged (without personal data) and the
follower gets an apology, never a 500.
"""

import asyncio
import logging
import traceback

from aiohttp import web

from handlers import guide_store, inbox
from handlers.conversation import respond

from .wechat_protocol import Protocol, Rejected

log = logging.getLogger(__name__)
PATH = "/wechat"
PROTOCOL = web.AppKey("wechat_protocol", Protocol)
STATE = web.AppKey("wechat_state", dict)
SORRY = "抱歉，系统暂时出了点问题，请稍后再试。"


def install(app: web.Application, container) -> None:
    s = container.settings
    app[PROTOCOL] = Protocol(s.get("wechat", "token"), s.get("wechat", "aes_key"), s.get("wechat", "appid"),
                             s.get("wechat", "timestamp_window"))
    app[STATE] = {"container": container, "tasks": set()}
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
        if (request.content_length or 0) > container.settings.get("wechat", "max_body_bytes"):
            raise Rejected(413, "body too large")
        envelope = protocol.open(request.query, await request.read())
    except Rejected as err:
        return web.Response(status=err.status, text=str(err))
    budget = container.settings.get("wechat", "reply_budget_seconds")
    try:
        text = await deliver(container, container.default_agency, envelope.inbound, budget, state["tasks"])
    except Exception as err:  # the database is unreachable, say: the follower still gets an answer
        log.error("delivery of %s failed: %s", envelope.inbound.dedupe_key, type(err).__name__)
        text = SORRY
    return web.Response(text=protocol.seal(envelope, text), content_type="application/xml")


class _Delivery:
    """Shared by the handler task and the request: whoever decides first (answered / too late) wins."""

    def __init__(self):
        self.done, self.late, self.reply = False, False, None


async def deliver(container, agency_code: str, inbound, budget: float, tasks: set) -> str | None:
    """The reply for one delivery; a retry gets the first delivery's reply, a slow one goes out later."""
    key = inbound.dedupe_key
    if not await inbox.claim(container, key):
        return await inbox.recall(container, key, budget) or None
    delivery = _Delivery()
    task = asyncio.create_task(_handle(container, agency_code, inbound, delivery))
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    try:
        await asyncio.wait_for(asyncio.shield(task), budget)
    except TimeoutError:
        if not delivery.done:
            delivery.late = True
            return None
    return delivery.reply


async def _handle(container, agency_code: str, inbound, delivery: _Delivery) -> None:
    key = inbound.dedupe_key
    try:
        reply = await respond(container, agency_code, inbound)
    except Exception as err:
        # The traceback's frames, not the exception text: that may quote what the follower typed.
        frames = "".join(traceback.format_tb(err.__traceback__))
        log.error("message %s failed with %s\n%s", key, type(err).__name__, frames)
        reply = SORRY
    delivery.reply, delivery.done = reply, True
    try:
        if delivery.late and reply:
            await inbox.send_later(container, agency_code, inbound.openid, key, reply)
            reply = None
        await inbox.remember(container, key, reply)
    except Exception as err:
        log.error("could not record the reply to %s: %s", key, type(err).__name__)


async def _finish_late_answers(app: web.Application) -> None:
    """On shutdown, let answers already being computed reach the outbox."""
    tasks = list(app[STATE]["tasks"])
    if tasks:
        await asyncio.wait(tasks, timeout=10)
