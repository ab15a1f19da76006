"""The aiohttp application: health check plus the routes other modules install."""

import os
from collections.abc import Callable

from aiohttp import web

import console.app

from . import letter_links, limits, webhook
from .bootstrap import Container

CONTAINER = web.AppKey("container", Container)

# Modules that add routes (the WeChat webhook, ...) append an installer: fn(app, container).
ROUTE_INSTALLERS: list[Callable[[web.Application, Container], None]] = [webhook.install, console.app.install,
                                                                           letter_links.install]


async def healthz(request: web.Request) -> web.Response:
    container = request.app[CONTAINER]
    async with container.uow() as uow:
        agencies = len(await uow.agencies.all())
    return web.json_response({"status": "ok", "agencies": agencies, "today": container.today().isoformat(),
                              "pid": os.getpid()})  # which worker process answered (gongkai serve --workers)


def create_app(container: Container, installers=None) -> web.Application:
    settings = container.settings
    app = web.Application(client_max_size=settings.get("wechat", "max_body_bytes"),
                          middlewares=[limits.body_deadline(settings.get("service", "body_timeout_seconds"))])
    app[CONTAINER] = container
    app.router.add_get("/healthz", healthz)
    for install in installers if installers is not None else ROUTE_INSTALLERS:
        install(app, container)
    return app
