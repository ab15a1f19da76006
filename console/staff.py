"""Staff members' WeChat bindings, for administrators: the use cases of `gongkai staff bind-code|list|unbind`.

A new bind code is shown on the page that answers the form, once: it is never put in the session
cookie nor shown again (the list says only until when an unused code works).
"""

from aiohttp import web

from handlers.staff import binding

from .auth import ACCOUNT, actor, needs
from .web import container, done, render

PATH = "/console/staff"


async def _page(request: web.Request, issued: dict | None = None) -> web.Response:
    c = container(request)
    rows = await binding.members(c, request[ACCOUNT].agency_code)
    return await render(request, "staff.html", {
        "title": "微信绑定", "rows": rows, "issued": issued, "name_max": binding.NAME_MAX,
        "hours": c.settings.get("security", "bind_code_hours")})


@needs("manage")
async def page(request: web.Request) -> web.Response:
    return await _page(request)


@needs("manage")
async def issue(request: web.Request) -> web.Response:
    """A fresh code for the name (a new staff member if unknown); earlier codes of that name stop working."""
    name = binding.staff_name(str((await request.post()).get("name", "")))
    code = await binding.issue_code(container(request), request[ACCOUNT].agency_code, name, actor(request))
    return await _page(request, {"name": name, "code": binding.grouped(code)})


@needs("manage")
async def unbind(request: web.Request) -> web.Response:
    """Unbind a member, or void the unused code of one who never bound: the message says which it was."""
    c, code = container(request), request[ACCOUNT].agency_code
    name = binding.staff_name(str((await request.post()).get("name", "")))
    was_bound = any(m["bound"] for m in await binding.members(c, code) if m["name"] == name)
    if not await binding.unbind(c, code, name, actor(request)):
        text = f"{name}没有绑定微信，也没有未使用的绑定码。"
    else:
        text = f"已解除{name}的微信绑定，未使用的绑定码已作废。" if was_bound else f"已作废{name}未使用的绑定码。"
    return await done(request, text, PATH)
