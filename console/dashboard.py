"""The dashboard: a clerk's queue at a glance, with the applications whose step lacks its document."""

from aiohttp import web

from disclosure.states import State
from handlers.applications.dashboard import dashboard
from handlers.letters.delivery import missing_across

from .auth import ACCOUNT
from .web import container, render

MISSING_LISTED = 10


async def page(request: web.Request) -> web.Response:
    agency = request[ACCOUNT].agency_code
    data = await dashboard(container(request), agency)
    missing = await missing_across(container(request), agency, limit=MISSING_LISTED)
    return await render(request, "dashboard.html", {"d": data, "title": "工作台", "missing": missing,
                                                    "state_labels": {s.value: s.label for s in State}})
