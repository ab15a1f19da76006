"""What every page shares: rendering with the signed-in context, flash messages, errors as Chinese pages."""

import logging

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import get_session

from disclosure.identity import InvalidIdentity
from disclosure.lifecycle import IllegalTransition
from disclosure.text import InvalidText
from handlers.guide import GuideError
from handlers.report.service import ReportError
from handlers.staff.roles import Forbidden
from storage.errors import Conflict, NotFound

from .auth import ACCOUNT, CONTAINER, csrf_token

log = logging.getLogger(__name__)
# Refusals a clerk can act on: shown on the page they came from, nothing saved.
USER_ERRORS = (IllegalTransition, InvalidText, InvalidIdentity, Conflict, ReportError, GuideError, ValueError)


def container(request: web.Request):
    return request.app[CONTAINER]


def agency(request: web.Request) -> str:
    """The code of the signed-in user's agency."""
    return request[ACCOUNT].agency_code


async def render(request: web.Request, template: str, context: dict, status: int = 200) -> web.Response:
    session = await get_session(request)
    flashes = session.pop("flash", [])
    base = {"account": request.get(ACCOUNT), "csrf_token": csrf_token(session), "flashes": flashes,
            "path": request.path, "today": container(request).today().isoformat()}
    response = aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)
    response.headers["Cache-Control"] = "no-store"  # pages may show personal data: never kept by a browser
    return response


async def flash(request: web.Request, text: str, kind: str = "ok") -> None:
    """A one-line message for the next page (never personal data: it travels in the cookie)."""
    session = await get_session(request)
    session["flash"] = [*session.get("flash", []), [kind, text]]


async def done(request: web.Request, text: str, to: str):
    """Post/redirect/get: the message for the next page, and on to `to`."""
    await flash(request, text)
    raise web.HTTPSeeOther(to)


def _back(request: web.Request) -> str:
    """Where a refused form came from (same console only), else the dashboard."""
    referer = request.headers.get("Referer", "")
    marker = referer.find("/console/")
    path = referer[marker:] if marker >= 0 else "/console/"
    return path if not path.startswith("//") else "/console/"


@web.middleware
async def errors(request: web.Request, handler):
    try:
        return await handler(request)
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        return await render(request, "error.html", {"title": "未找到", "message": "没有这个页面，请从菜单进入。"}, status=404)
    except web.HTTPException:
        raise
    except Forbidden as err:
        return await render(request, "error.html", {"title": "无权操作", "message": str(err)}, status=403)
    except NotFound as err:
        return await render(request, "error.html", {"title": "未找到", "message": str(err)}, status=404)
    except USER_ERRORS as err:
        if request.method != "POST":
            return await render(request, "error.html", {"title": "无法显示", "message": str(err)}, status=400)
        await flash(request, str(err), "error")
        raise web.HTTPSeeOther(_back(request)) from None
    except Exception:
        log.exception("console page %s failed", request.path)  # the path only: never form values
        return await render(request, "error.html", {"title": "系统错误", "message": "系统出错，操作未完成。请稍后重试，"
                                                     "如仍不行请联系系统管理员。"}, status=500)
