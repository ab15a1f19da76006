"""Messages that did not reach WeChat: why, and sending them again once the cause is fixed."""

from aiohttp import web

from handlers.outbox import admin as outbox_admin

from .auth import ACCOUNT, actor, needs
from .web import container, done, render


async def page(request: web.Request) -> web.Response:
    rows = await outbox_admin.rows(container(request), request[ACCOUNT].agency_code, limit=200)
    return await render(request, "outbox.html", {"title": "消息发送", "rows": rows})


@needs("work")
async def retry(request: web.Request) -> web.Response:
    form = await request.post()
    ids = sorted({int(v) for v in form.getall("id", []) if str(v).isdigit()})
    if not ids:
        return await done(request, "请先勾选要重新发送的消息。", "/console/outbox")
    queued = await outbox_admin.retry(container(request), request[ACCOUNT].agency_code, ids, actor(request))
    return await done(request, f"已重新排队{len(queued)}条，将在下一轮发送。", "/console/outbox")
