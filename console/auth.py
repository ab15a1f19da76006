"""Sessions, sign-in, CSRF tokens and roles for the console.

Sessions live in an encrypted cookie (aiohttp-session's Fernet storage, key derived from the deployment's
secret), so any instance behind one domain reads them without shared state. The cookie is re-sealed on
every request and Fernet refuses a token older than the idle limit: 30 minutes without a request ends the
session. Signing out raises the account's session epoch in the database, which every instance checks on
every request, so a copied cookie stops working too.
"""

import secrets
import time
from urllib.parse import quote

from aiohttp import web
from aiohttp_session import get_session, new_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from handlers.staff import accounts
from handlers.staff.roles import Forbidden, require

COOKIE = "gongkai_console"
PATH = "/console"
PUBLIC = ("/console/login", "/console/static/")
ACCOUNT = web.RequestKey("account", object)  # the signed-in accounts.Account
CONTAINER = web.AppKey("container", object)


class ConsoleCookies(EncryptedCookieStorage):
    def __init__(self, key: bytes, idle_seconds: int, trusted_proxies: list[str]):
        super().__init__(key, cookie_name=COOKIE, max_age=idle_seconds, path=PATH, httponly=True, samesite="Lax")
        self.trusted = set(trusted_proxies)

    def https(self, request: web.Request) -> bool:
        """Served over HTTPS: directly, or by a trusted proxy (nginx) that says so."""
        if request.transport is not None and request.transport.get_extra_info("sslcontext") is not None:
            return True
        return request.remote in self.trusted and request.headers.get("X-Forwarded-Proto", "").lower() == "https"

    async def save_session(self, request, response, session) -> None:
        if session.empty:
            response.del_cookie(COOKIE, path=PATH)
            return
        sealed = self._fernet.encrypt(self._encoder(self._get_session_data(session)).encode()).decode()
        response.set_cookie(COOKIE, sealed, path=PATH, httponly=True, samesite="Lax", secure=self.https(request),
                            max_age=self.max_age)


def csrf_token(session) -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _public(path: str) -> bool:
    return path == PUBLIC[0] or path.startswith(PUBLIC[1])


@web.middleware
async def signed_in(request: web.Request, handler):
    """Every page but sign-in needs a live session of an enabled account; its role rides on the request."""
    if _public(request.path):
        return await handler(request)
    session = await get_session(request)
    account = None
    if "uid" in session:
        account = await accounts.current(request.app[CONTAINER], session["uid"], session.get("epoch", -1))
    if account is None:
        expired = COOKIE in request.cookies and session.new  # sealed too long ago: Fernet refused it
        back = quote(request.path_qs) if request.method == "GET" else quote(PATH + "/")
        raise web.HTTPSeeOther(f"{PATH}/login?next={back}" + ("&expired=1" if expired else ""))
    session["seen"] = int(time.time())  # re-sealed: the idle clock starts again
    request[ACCOUNT] = account
    return await handler(request)


@web.middleware
async def csrf(request: web.Request, handler):
    """A POST must carry the session's token in a hidden csrf_token field, or it is refused with 403."""
    if request.method == "POST":
        session = await get_session(request)
        sent = (await request.post()).get("csrf_token", "")
        if not session.get("csrf") or not isinstance(sent, str) or not secrets.compare_digest(sent, session["csrf"]):
            raise Forbidden("页面已过期或来源不明，操作未执行。请刷新页面后重试。")
    return await handler(request)


def needs(permission: str):
    """The handler runs only for a role that has `permission` (handlers.staff.roles)."""
    def decorator(handler):
        async def checked(request: web.Request):
            require(request[ACCOUNT].role, permission)
            return await handler(request)
        return checked
    return decorator


async def start_session(request: web.Request, account: accounts.Account) -> None:
    """A fresh session (new cookie, new CSRF token) for the account just signed in."""
    session = await new_session(request)
    session.update(uid=account.id, epoch=account.epoch, csrf=secrets.token_urlsafe(32), seen=int(time.time()))


def actor(request: web.Request) -> str:
    return request[ACCOUNT].name
