"""The dashboard: a clerk's queue at a glance."""

from aiohttp import web

from handlers.applications.dashboard import dashboard

from .auth import ACCOUNT
from .web import container, render


async def page(request: web.Request) -> web.Response:
    data = await dashboard(container(request), request[ACCOUNT].agency_code)
    return await render(request, "dashboard.html", {"d": data, "title": "工作台"})
