"""Signing in and out."""

from aiohttp import web
from aiohttp_session import get_session

from handlers.staff import accounts

from .auth import ACCOUNT, PATH, start_session
from .web import container, flash, render


def _next(target: str | None) -> str:
    """Only a path inside the console: never an address elsewhere (//host, https://...)."""
    if target and target.startswith(PATH + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return PATH + "/"


async def login_page(request: web.Request) -> web.Response:
    notice = "长时间未操作，已自动退出，请重新登录。" if request.query.get("expired") else None
    return await render(request, "login.html", {"next": _next(request.query.get("next")), "notice": notice})


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    name = str(form.get("username", "")).strip()
    result = await accounts.sign_in(container(request), name, str(form.get("password", "")))
    if result.account is not None:
        await start_session(request, result.account)
        raise web.HTTPSeeOther(_next(form.get("next")))
    if result.locked_until:
        error = (f"该账号连续{accounts.LOCK_FAILURES}次密码错误，已锁定至{result.locked_until:%H:%M}，"
                 "在此之前即使密码正确也无法登录。如忘记密码，请联系管理员重设。")
    else:
        error = "用户名或密码不正确，或账号已停用。"
    return await render(request, "login.html", {"next": _next(form.get("next")), "error": error, "username": name},
                        status=401)


async def logout(request: web.Request) -> web.Response:
    await accounts.sign_out(container(request), request[ACCOUNT].id)
    session = await get_session(request)
    session.clear()
    await flash(request, "已退出登录。")
    raise web.HTTPSeeOther(f"{PATH}/login")
