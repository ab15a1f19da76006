"""Console accounts, for administrators: the same use cases as `gongkai user add|list|disable|passwd`."""

from aiohttp import web

from handlers.staff import accounts
from handlers.staff.roles import Role, parse_role

from .auth import ACCOUNT, actor, needs
from .web import container, done, render


@needs("manage")
async def page(request: web.Request) -> web.Response:
    rows = await accounts.list_users(container(request), request[ACCOUNT].agency_code)
    return await render(request, "users.html", {"title": "账号管理", "rows": rows, "roles": list(Role),
                                                "minimum": accounts.PASSWORD_MIN})


def _password(form) -> str:
    password = str(form.get("password", ""))
    if password != str(form.get("password2", "")):
        raise accounts.IllegalTransition("两次输入的密码不一致，未保存。")
    return password


@needs("manage")
async def add(request: web.Request) -> web.Response:
    form = await request.post()
    view = await accounts.add_user(container(request), str(form.get("name", "")), parse_role(str(form.get("role", ""))),
                                   _password(form), request[ACCOUNT].agency_code, actor(request))
    return await done(request, f"已添加账号：{view['name']}（{view['role_label']}）。", "/console/users")


@needs("manage")
async def disable(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name == request[ACCOUNT].name:
        raise accounts.IllegalTransition("不能停用自己正在使用的账号。")
    await accounts.disable_user(container(request), name, request[ACCOUNT].agency_code, actor(request))
    return await done(request, f"已停用账号：{name}，其登录已全部退出。", "/console/users")


@needs("manage")
async def password(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    await accounts.set_password(container(request), name, _password(await request.post()),
                                request[ACCOUNT].agency_code, actor(request))
    return await done(request, f"已重设 {name} 的密码，其原有登录均已退出。", "/console/users")
