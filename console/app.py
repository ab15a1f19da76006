"""Mounting the console on the service's aiohttp application: /console/ beside /wechat on one port."""

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import session_middleware

from . import appeals, applications, dashboard, guide, letters, login, outbox, register, report, staff, users
from .auth import CONTAINER, ConsoleCookies, csrf, signed_in
from .web import errors

HERE = Path(__file__).parent


def _routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/login", login.login_page)
    r.add_post("/login", login.login)
    r.add_post("/logout", login.logout)
    r.add_get("/", dashboard.page)
    r.add_get("/applications", applications.listing)
    r.add_get("/applications/export.xlsx", applications.export)
    r.add_get("/applications/{number}", applications.show)
    r.add_post("/applications/{number}/act", applications.act)
    r.add_post("/applications/{number}/void", applications.void)
    r.add_post("/applications/{number}/reveal", applications.reveal)
    r.add_post("/applications/{number}/letters/draft", letters.draft)
    r.add_post("/applications/{number}/letters/issue", letters.issue)
    r.add_post("/applications/{number}/letters/deliver", letters.deliver)
    r.add_get("/applications/{number}/letters/{ref}.docx", letters.docx)
    r.add_get("/register", register.page)
    r.add_post("/register", register.submit)
    r.add_get("/appeals", appeals.page)
    r.add_post("/appeals", appeals.add)
    r.add_post("/appeals/{id}/decide", appeals.decide)
    r.add_get("/reports", report.page)
    r.add_get(r"/reports/{year:\d{4}}.{fmt:[a-z]+}", report.download)
    r.add_post(r"/reports/{year:\d{4}}/draft", report.draft)
    r.add_post(r"/reports/{year:\d{4}}/figure", report.figure)
    r.add_get("/guide", guide.page)
    r.add_post("/guide", guide.save)
    r.add_get("/outbox", outbox.page)
    r.add_post("/outbox/retry", outbox.retry)
    r.add_get("/users", users.page)
    r.add_post("/users", users.add)
    r.add_post("/users/{name}/disable", users.disable)
    r.add_post("/users/{name}/password", users.password)
    r.add_get("/staff", staff.page)
    r.add_post("/staff", staff.issue)
    r.add_post("/staff/unbind", staff.unbind)
    r.add_static("/static/", HERE / "static", append_version=True)


def create_console(container) -> web.Application:
    settings = container.settings
    cookies = ConsoleCookies(container.cipher.derive("console-session"), settings.get("console", "idle_minutes") * 60,
                             settings.get("console", "trusted_proxies"))
    app = web.Application(middlewares=[session_middleware(cookies), errors, signed_in, csrf])
    app[CONTAINER] = container
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    _routes(app)
    return app


async def _slash(request: web.Request) -> web.Response:
    raise web.HTTPFound("/console/")


def install(app: web.Application, container) -> None:
    app.add_subapp("/console", create_console(container))
    app.router.add_get("/console", _slash)
