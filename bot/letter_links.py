"""GET /letters/<token>: an issued document for the applicant it was sent to (handlers.letters.links).

Without `code` the request is sent through WeChat's silent web-page authorisation (snsapi_base), which
comes back here with `code` and our `state`; the code gives the opener's openid, and only the
applicant's opens the document. GET /letters/<token>/docx downloads it while the short cookie lasts.
"""

import logging
from urllib.parse import quote

from aiohttp import web

from handlers.letters import access, links
from handlers.letters.page import error_page, letter_page
from wechat.api import WeChatError
from wechat.setup import wechat_client, wechat_configured

log = logging.getLogger(__name__)
PATH = "/letters/{token}"
CONTAINER = web.AppKey("letters_container", object)
COOKIE = "gk_letter"
HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer",
           "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'", "X-Frame-Options": "DENY"}


def install(app: web.Application, container) -> None:
    app[CONTAINER] = container
    app.router.add_get(PATH, show)
    app.router.add_get(PATH + "/docx", download)


def _refused(err: links.LinkRefused) -> web.Response:
    return web.Response(status=err.status, text=error_page(str(err)), content_type="text/html", headers=HEADERS)


async def _openid(container, code: str) -> str:
    try:
        async with wechat_client(container) as client:
            return await client.oauth_openid(code)
    except WeChatError as err:
        log.info("letter link: web-page authorisation failed: %s", type(err).__name__)
        raise links.LinkRefused(403, "微信授权已失效，请从公众号消息中重新打开。") from None


async def show(request: web.Request) -> web.Response:
    container = request.app[CONTAINER]
    token = request.match_info["token"]
    settings = container.settings
    try:
        links.parse(token, int(container.now().timestamp()))
        if not settings.get("service", "public_url") or not wechat_configured(settings):
            raise links.LinkRefused(404, "本服务未配置微信网页授权，无法在线查看文书。")
        if "code" not in request.query:
            redirect = f"{settings.get('service', 'public_url').rstrip('/')}/letters/{token}"
            raise web.HTTPFound(links.authorize_url(settings.get("wechat", "oauth_base"), settings.get("wechat", "appid"),
                                                    redirect, links.state_of(token)))
        if request.query.get("state") != links.state_of(token):
            raise links.LinkRefused(403, access.NOT_YOURS)
        view = await access.open_letter(container, token, await _openid(container, request.query["code"]))
    except links.LinkRefused as err:
        return _refused(err)
    response = web.Response(text=letter_page(view, f"/letters/{token}/docx"), content_type="text/html", headers=HEADERS)
    secure = settings.get("service", "public_url").startswith("https://")
    response.set_cookie(COOKIE, view["cookie"], max_age=links.DOWNLOAD_SECONDS, path=f"/letters/{token}",
                        httponly=True, secure=secure, samesite="Lax")
    return response


async def download(request: web.Request) -> web.Response:
    container = request.app[CONTAINER]
    try:
        name, data = await access.download(container, request.match_info["token"], request.cookies.get(COOKIE))
    except links.LinkRefused as err:
        return _refused(err)
    disposition = f"attachment; filename=letter.docx; filename*=UTF-8''{quote(name)}"
    return web.Response(body=data, headers={**HEADERS, "Content-Disposition": disposition},
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
