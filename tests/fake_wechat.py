"""A local stand-in for api.weixin.qq.com, as strict as the real one where it matters to us.

    async with start_fake_wechat() as wechat:
        client = WeChatClient(wechat.app_id, wechat.app_secret, MemoryTokenCache(), wechat.base_url)
        await client.send_text("openid", "您的申请已受理")
        assert wechat.calls("/cgi-bin/message/custom/send") == [{"touser": ..., ...}]

As a fixture in a test module:

    @pytest.fixture
    async def wechat():
        async with start_fake_wechat() as fake:
            yield fake

Strict by default: each /cgi-bin/token call invalidates every earlier token (real WeChat keeps the old
one alive for five minutes, which hides refresh races). Knobs (`fail_next`, `error_next`, `drop_next`,
`lose_answer_next`) act on the next matching requests, of any path unless `path` is given; `outage`
makes the message endpoints hang for a while (tokens are still served).

Template messages follow WeChat's field rules (a `time` field needs a time of day, a `thing` at most 20
characters, ...: errcode 47003) and its client_msg_id: one message per openid and id within 10 minutes.
`calls()` lists every request as received, `accepted` the message sends answered "ok" (repeats
included), `delivered` what followers were shown.

Temporary media (/cgi-bin/media/get) is served from `media`: `fake.media["MEDIA_ID"] = (bytes, type)`;
an unknown id gets errcode 40007, as WeChat answers a media_id it does not hold (or no longer: 3 days).
"""

import asyncio
import itertools
import json
import re
import secrets
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

APP_ID = "wx0fake0gongkai0test"
APP_SECRET = "fake-app-secret-0123456789abcdef"
OK = {"errcode": 0, "errmsg": "ok"}
BODY = web.RequestKey("body", dict)
MESSAGE_PATHS = ("/cgi-bin/message/template/send", "/cgi-bin/message/custom/send")
CLIENT_MSG_ID_SECONDS = 600  # "同一个openid + client_msg_id, 只发送一条消息, 10分钟有效"
CLIENT_MSG_ID_MAX = 64  # bytes; documented for mass sends (45067), assumed the same here
_DAY = r"\d{4}年\d{1,2}月\d{1,2}日"
# Value rules of category-template fields, by the key's type (the part before its number).
FIELD_RULES = {
    "thing": lambda v: len(v) <= 20,
    "character_string": lambda v: len(v) <= 32 and v.isascii() and " " not in v,
    "number": lambda v: len(v) <= 32 and re.fullmatch(r"\d+(\.\d+)?", v),
    "date": lambda v: re.fullmatch(_DAY + r"( \d{1,2}:\d{2})?", v),
    "time": lambda v: re.fullmatch(f"({_DAY} )?" + r"\d{1,2}:\d{2}", v),
}
# A JSON \uXXXX escape: a "u" after an odd run of backslashes (an even run is escaped backslashes).
JSON_U_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u")
TEXT_MAX_BYTES = 2048  # a longer customer-service text gets 45002 content size out of limit


@dataclass
class _Fault:
    kind: str  # "errcode": answer {"errcode": code}; "http": answer HTTP code; "drop": close the connection;
    # "lose": handle the request (deliver the message), then close the connection before the answer
    code: int
    times: int
    path: str | None


def _error(errcode: int, errmsg: str) -> web.Response:
    return web.json_response({"errcode": errcode, "errmsg": errmsg})


class FakeWeChat:
    def __init__(self, app_id: str = APP_ID, app_secret: str = APP_SECRET, *, strict: bool = True,
                 expires_in: int = 7200):
        self.app_id, self.app_secret = app_id, app_secret
        self.strict, self.expires_in = strict, expires_in
        self.base_url = ""
        self.received: list[tuple[str, dict]] = []  # (path, JSON body, or query for GET)
        self.accepted: list[tuple[str, dict]] = []  # (path, body) of each message send answered "ok"
        self.delivered: list[tuple[str, dict]] = []  # (path, body) of each message a follower was shown
        self._client_msg_ids: dict[tuple[str, str], tuple[int, float]] = {}  # -> (msgid, when)
        self._outage_until = 0.0
        self.token_requests = 0  # successful /cgi-bin/token issues
        self.stable_token_requests: list[bool] = []  # force_refresh flag of each /cgi-bin/stable_token
        self.unsubscribed: set[str] = set()  # openids that get 43004 (require subscribe)
        self._live: set[str] = set()
        self._plain: set[str] = set()  # issued by /cgi-bin/token, which never touches stable tokens
        self._expired: set[str] = set()
        self._latest: str | None = None
        self._stable: tuple[str, float] | None = None  # (token, issued at)
        self._faults: list[_Fault] = []
        self.oauth_codes: dict[str, str] = {}  # web-page authorisation: code -> the openid it stands for
        self._serial = itertools.count(1)
        self._msgids = itertools.count(2_000_000_001)
        self.media: dict[str, tuple[bytes, str]] = {}

    def fail_next(self, errcode: int, times: int = 1, path: str | None = None) -> None:
        self._faults.append(_Fault("errcode", errcode, times, path))

    def error_next(self, status: int = 500, times: int = 1, path: str | None = None) -> None:
        self._faults.append(_Fault("http", status, times, path))

    def drop_next(self, times: int = 1, path: str | None = None) -> None:
        """Close the connection without an answer. aiohttp itself resends a dropped GET once."""
        self._faults.append(_Fault("drop", 0, times, path))

    def lose_answer_next(self, times: int = 1, path: str | None = None) -> None:
        """Deliver the message, then close the connection: the sender never learns it went out."""
        self._faults.append(_Fault("lose", 0, times, path))

    def outage(self, seconds: float) -> None:
        """For `seconds` from now, message sends hang until the outage ends, then their connection closes
        unanswered and nothing is delivered; access tokens are still served."""
        self._outage_until = time.monotonic() + seconds

    def expire_current_token(self) -> None:
        """The most recently issued token now gets 42001 (access_token expired)."""
        self._live.discard(self._latest)
        self._expired.add(self._latest)

    def oauth_code(self, openid: str) -> str:
        """A code as WeChat's web-page authorisation hands one to the page for the user `openid` (single use)."""
        code = secrets.token_hex(16)
        self.oauth_codes[code] = openid
        return code

    def calls(self, path: str) -> list[dict]:
        return [body for seen, body in self.received if seen == path]

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._record_and_inject_faults])
        app.router.add_get("/cgi-bin/token", self._token)
        app.router.add_post("/cgi-bin/stable_token", self._stable_token)
        app.router.add_post("/cgi-bin/message/template/send", self._guarded(_check_template))
        app.router.add_post("/cgi-bin/message/custom/send", self._guarded(_check_custom))
        app.router.add_post("/cgi-bin/menu/create", self._guarded(_check_menu))
        app.router.add_get("/cgi-bin/media/get", self._media)
        app.router.add_get("/sns/oauth2/access_token", self._oauth)
        return app

    def _token_problem(self, request: web.Request) -> web.Response | None:
        token = request.query.get("access_token")
        if not token:
            return _error(41001, "access_token missing")
        if token in self._expired:
            return _error(42001, "access_token expired")
        if token not in self._live:
            return _error(40001, "invalid credential, access_token is invalid or not latest")
        return None

    async def _media(self, request: web.Request) -> web.Response:
        problem = self._token_problem(request)
        if problem:
            return problem
        found = self.media.get(request.query.get("media_id", ""))
        if found is None:
            return _error(40007, "invalid media_id")
        body, kind = found
        return web.Response(body=body, content_type=kind,
                            headers={"Content-disposition": 'attachment; filename="media"'})

    @web.middleware
    async def _record_and_inject_faults(self, request: web.Request, handler):
        raw = await request.read()
        if request.method == "GET":
            body = dict(request.query)
        elif JSON_U_ESCAPE.search(raw):
            return _error(40033, "invalid charset. please check your request, if include \\uxxxx will create fail!")
        else:
            try:
                body = json.loads(raw)
            except ValueError:
                return _error(47001, "data format error")
        self.received.append((request.path, body))
        request[BODY] = body
        hang = self._outage_until - time.monotonic()
        if request.path in MESSAGE_PATHS and hang > 0:
            await asyncio.sleep(hang)
            request.transport.close()
            return web.Response(status=204)
        fault = next((f for f in self._faults if f.times and f.path in (None, request.path)), None)
        if fault is None:
            return await handler(request)
        fault.times -= 1
        if fault.kind in ("drop", "lose"):
            if fault.kind == "lose":
                await handler(request)
            request.transport.close()
            return web.Response(status=204)
        if fault.kind == "http":
            return web.Response(status=fault.code, text="fake failure")
        return _error(fault.code, "fake failure")

    def _issue(self, plain: bool) -> str:
        token = f"FAKE{next(self._serial):04d}_{secrets.token_hex(24)}"
        self._live.add(token)
        if plain:
            self._plain.add(token)
        self._latest = token
        return token

    async def _token(self, request: web.Request) -> web.Response:
        query = request[BODY]
        if query.get("grant_type") != "client_credential":
            return _error(40002, "invalid grant_type")
        if query.get("appid") != self.app_id:
            return _error(40013, "invalid appid")
        if query.get("secret") != self.app_secret:
            return _error(40125, "invalid appsecret")
        if self.strict:
            self._live -= self._plain
        self.token_requests += 1
        return web.json_response({"access_token": self._issue(plain=True), "expires_in": self.expires_in})

    async def _stable_token(self, request: web.Request) -> web.Response:
        body = request[BODY]
        if body.get("appid") != self.app_id or body.get("secret") != self.app_secret:
            return _error(40125, "invalid appsecret")
        force = body.get("force_refresh", False)
        self.stable_token_requests.append(force)
        if force or self._stable is None or self._stable[0] not in self._live:
            if self._stable is not None:
                self._live.discard(self._stable[0])
            self._stable = (self._issue(plain=False), time.monotonic())
        token, issued = self._stable
        remaining = self.expires_in - int(time.monotonic() - issued)
        return web.json_response({"access_token": token, "expires_in": remaining})

    async def _oauth(self, request: web.Request) -> web.Response:
        query = request[BODY]
        if query.get("appid") != self.app_id or query.get("secret") != self.app_secret:
            return _error(40125, "invalid appsecret")
        if query.get("grant_type") != "authorization_code":
            return _error(40002, "invalid grant_type")
        openid = self.oauth_codes.pop(query.get("code", ""), None)
        if openid is None:
            return _error(40029, "invalid code")
        return web.json_response({"access_token": "FAKE_WEB_" + secrets.token_hex(8), "expires_in": 7200,
                                  "refresh_token": "FAKE_REFRESH", "openid": openid, "scope": "snsapi_base"})

    def _guarded(self, check):
        async def handler(request: web.Request) -> web.Response:
            problem = self._token_problem(request)
            if problem:
                return problem
            body = request[BODY]
            unsubscribed = body.get("touser") in self.unsubscribed
            problem = check(body) or ((43004, "require subscribe") if unsubscribed else None)
            if problem:
                return _error(*problem)
            if request.path in MESSAGE_PATHS:
                self.accepted.append((request.path, body))
            if request.path.endswith("template/send"):
                return web.json_response({**OK, "msgid": self._deliver_template(body)})
            if request.path.endswith("custom/send"):
                self.delivered.append((request.path, body))
            return web.json_response(OK)
        return handler

    def _deliver_template(self, body: dict) -> int:
        key = (body["touser"], body.get("client_msg_id"))
        seen = self._client_msg_ids.get(key)
        if key[1] and seen and time.monotonic() - seen[1] < CLIENT_MSG_ID_SECONDS:
            return seen[0]  # the same message again: not shown a second time
        msgid = next(self._msgids)
        self._client_msg_ids[key] = (msgid, time.monotonic())
        self.delivered.append(("/cgi-bin/message/template/send", body))
        return msgid


def _text(value) -> bool:
    return isinstance(value, str) and bool(value)


def _check_template(body: dict) -> tuple[int, str] | None:
    if not _text(body.get("touser")):
        return 40003, "invalid openid"
    if not _text(body.get("template_id")):
        return 40037, "invalid template_id"
    data = body.get("data")
    fields_ok = isinstance(data, dict) and all(
        isinstance(field, dict) and isinstance(field.get("value"), str) for field in data.values())
    if not fields_ok or not isinstance(body.get("url", ""), str):
        return 47001, "data format error"
    if len(str(body.get("client_msg_id", "")).encode()) > CLIENT_MSG_ID_MAX:
        return 45067, "clientmsgid size out of limit"
    for key, field in data.items():
        rule = FIELD_RULES.get(key.rstrip("0123456789"))
        if rule and not rule(field["value"]):
            return 47003, f"argument invalid! data.{key}.value invalid"
    return None


def _check_custom(body: dict) -> tuple[int, str] | None:
    if not _text(body.get("touser")):
        return 40003, "invalid openid"
    if body.get("msgtype") != "text":
        return 40008, "invalid message type"
    content = (body.get("text") or {}).get("content")
    if not _text(content):
        return 47001, "data format error"
    if len(content.encode()) > TEXT_MAX_BYTES:
        return 45002, "content size out of limit"
    return None


def _check_menu(body: dict) -> tuple[int, str] | None:
    buttons = body.get("button")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        return 40016, "invalid button size"
    for button in buttons:
        if len(button.get("name", "").encode()) > 16:
            return 40018, "invalid button name size"
        subs = button.get("sub_button")
        if subs is not None and not 1 <= len(subs) <= 5:
            return 40023, "invalid sub button size"
        for item in subs or [button]:
            if len(item.get("name", "").encode()) > 60:
                return 40025, "invalid sub button name size"
            if item.get("type") not in ("click", "view"):
                return 40017, "invalid button type"
            if item["type"] == "click" and not _text(item.get("key")):
                return 40019, "invalid button key size"
            if item["type"] == "view" and not _text(item.get("url")):
                return 40020, "invalid button url size"
    return None


@asynccontextmanager
async def start_fake_wechat(**options):
    """Serve a FakeWeChat(**options) on 127.0.0.1 at a free port; yields it with `.base_url` set."""
    fake = FakeWeChat(**options)
    runner = web.AppRunner(fake.app(), access_log=None)  # its lines would carry whole tokens
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    fake.base_url = f"http://{host}:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()
