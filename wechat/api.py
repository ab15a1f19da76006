"""Outbound calls to the WeChat Official Account API (公众号接口).

One `WeChatClient` per process reuses one aiohttp session. The access token lives in a shared
`TokenCache` (wechat.token_cache) so that all processes of one account use, and refresh, a single token.
Errors (wechat.errors) are importable from here too.
Access tokens and the app secret never appear in logs or error messages beyond a short prefix.
"""

import asyncio
import json
import logging
from dataclasses import dataclass

import aiohttp

from wechat.errors import MediaTooLarge, WeChatAPIError, WeChatError, WeChatUnavailableError
from wechat.text import carried, message_text
from wechat.token_cache import TokenCache

__all__ = ["MediaTooLarge", "RetryPolicy", "WeChatAPIError", "WeChatClient", "WeChatError", "WeChatUnavailableError"]

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.weixin.qq.com"
# 40001 invalid credential, 40014 invalid access_token, 42001 access_token expired: a fresh token helps.
TOKEN_ERRCODES = frozenset({40001, 40014, 42001})
SYSTEM_BUSY = -1  # 系统繁忙，此时请开发者稍候再试
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: attempt n (from 0) waits base_delay * 2**(n-1) before it, capped."""

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 5.0

    def delay(self, retry: int) -> float:
        return min(self.max_delay, self.base_delay * 2**retry)


def mask(secret: str) -> str:
    """Enough of a token to tell two apart in logs, never enough to use it."""
    return secret[:4] + "…" if len(secret) > 12 else "…"


class WeChatClient:
    """Async client. Use `async with WeChatClient(...) as client:` or call `close()` at shutdown.

    `refresh_margin`: seconds before WeChat's `expires_in` at which the cached token counts as stale.
    `lock_ttl`: how long a refresh lock lives, and how long others wait for the holder to finish; keep
    it above `timeout` times the retry attempts, or a slow refresh could lose its lock midway.
    """

    def __init__(self, app_id: str, app_secret: str, cache: TokenCache, base_url: str = DEFAULT_API_BASE,
                 *, use_stable_token: bool = False, retry: RetryPolicy = RetryPolicy(),
                 refresh_margin: float = 300.0, timeout: float = 10.0, lock_ttl: float = 60.0,
                 lock_poll: float = 0.05):
        self._app_id = app_id
        self._app_secret = app_secret
        self._cache = cache
        self._base_url = base_url.rstrip("/")
        self._use_stable_token = use_stable_token
        self._retry = retry
        self._refresh_margin = refresh_margin
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._lock_ttl = lock_ttl
        self._lock_poll = lock_poll
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> "WeChatClient":
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def get_access_token(self) -> str:
        """A valid token from the shared cache, fetching a new one (by one process only) when stale."""
        return await self._token(rejected=None)

    async def send_template(self, openid: str, template_id: str, data: dict, url: str | None = None,
                            client_msg_id: str | None = None) -> int:
        """Send a template message; `data` maps field keys to text or to {"value": ...}. Returns msgid.

        `client_msg_id`: WeChat delivers one message per openid and id within 10 minutes, so a send
        repeated after its answer was lost (by the retries here, or by another attempt) is not shown twice.
        Values go out carried (wechat.text); their lengths are the template's rules (template_fields).
        """
        fields = {key: {**value, "value": carried(value["value"])} if isinstance(value, dict)
                  else {"value": carried(value)} for key, value in data.items()}
        payload = {"touser": openid, "template_id": template_id, "data": fields}
        if url:
            payload["url"] = url
        if client_msg_id:
            payload["client_msg_id"] = client_msg_id
        reply = await self._call("/cgi-bin/message/template/send", payload)
        return reply["msgid"]

    async def send_text(self, openid: str, text: str) -> None:
        """Send a customer-service text message (only within 48 h of the user's last interaction); its
        content is wechat.text.message_text(text), so it holds any text and stays within WeChat's limit."""
        payload = {"touser": openid, "msgtype": "text", "text": {"content": message_text(text)}}
        await self._call("/cgi-bin/message/custom/send", payload)

    async def download_media(self, media_id: str, max_bytes: int) -> tuple[bytes, str]:
        """A temporary media file a follower sent (an image's MediaId; WeChat keeps it 3 days), read from
        /cgi-bin/media/get, and the Content-Type WeChat gave. MediaTooLarge past `max_bytes`: read no
        further. WeChat answers errors as JSON (40007 invalid media_id); one stale token is refreshed."""
        token = await self._token(rejected=None)
        try:
            return await self._media_once(token, media_id, max_bytes)
        except WeChatAPIError as error:
            if error.errcode not in TOKEN_ERRCODES:
                raise
        return await self._media_once(await self._token(rejected=token), media_id, max_bytes)

    async def _media_once(self, token: str, media_id: str, max_bytes: int) -> tuple[bytes, str]:
        body, kind = await self._download(token, media_id, max_bytes)
        if "json" not in kind and "text/plain" not in kind:
            return body, kind
        try:
            reply = json.loads(body)
        except ValueError as exc:
            raise WeChatError("微信接口 /cgi-bin/media/get 的回复无法识别") from exc
        raise WeChatAPIError(reply.get("errcode", -1), reply.get("errmsg", ""), "/cgi-bin/media/get")

    async def _download(self, token: str, media_id: str, max_bytes: int) -> tuple[bytes, str]:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        params = {"access_token": token, "media_id": media_id}
        try:
            async with self._session.get(self._base_url + "/cgi-bin/media/get", params=params) as response:
                if response.status >= 500:
                    raise WeChatUnavailableError(f"微信接口 /cgi-bin/media/get 返回 HTTP {response.status}")
                body = await response.content.read(max_bytes + 1)
                if len(body) > max_bytes:
                    raise MediaTooLarge(max_bytes)
                return body, response.headers.get("Content-Type", "")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise WeChatUnavailableError(f"微信接口 /cgi-bin/media/get 无法访问（{type(exc).__name__}）") from exc

    async def oauth_openid(self, code: str) -> str:
        """The openid of the user who just passed web-page authorisation (snsapi_base) with `code`."""
        params = {"appid": self._app_id, "secret": self._app_secret, "code": code, "grant_type": "authorization_code"}
        reply = await self._request("GET", "/sns/oauth2/access_token", params, None)
        return reply["openid"]

    async def create_menu(self, menu: dict) -> None:
        """Replace the account's custom menu with `menu` ({"button": [...]}, see bot.wechat_menu)."""
        await self._call("/cgi-bin/menu/create", menu)

    async def _call(self, path: str, payload: dict) -> dict:
        token = await self._token(rejected=None)
        try:
            return await self._request("POST", path, {"access_token": token}, payload)
        except WeChatAPIError as error:
            if error.errcode not in TOKEN_ERRCODES:
                raise
            log.info("%s rejected access_token %s (errcode %s); refreshing and retrying once",
                     path, mask(token), error.errcode)
        token = await self._token(rejected=token)
        return await self._request("POST", path, {"access_token": token}, payload)

    async def _token(self, rejected: str | None) -> str:
        """The cached token unless it is `rejected`; else refresh under the lock or wait for its holder."""
        deadline = asyncio.get_running_loop().time() + self._lock_ttl
        while True:
            token = await self._cache.get_token(self._app_id)
            if token and token != rejected:
                return token
            holder = await self._cache.try_lock(self._app_id, self._lock_ttl)
            if holder:
                try:
                    return await self._refresh(rejected)
                finally:
                    await self._cache.unlock(self._app_id, holder)
            if asyncio.get_running_loop().time() > deadline:
                raise WeChatUnavailableError("等待其他进程刷新 access_token 超时")
            await asyncio.sleep(self._lock_poll)

    async def _refresh(self, rejected: str | None) -> str:
        # Another holder may have stored a token between our cache read and taking the lock.
        token = await self._cache.get_token(self._app_id)
        if token and token != rejected:
            return token
        reply = await self._fetch_token(rejected)
        token, expires_in = reply["access_token"], float(reply["expires_in"])
        # A stable token can come back with little life left; never cache it for zero seconds.
        ttl = expires_in - self._refresh_margin if expires_in > 2 * self._refresh_margin else expires_in / 2
        await self._cache.store_token(self._app_id, token, ttl)
        log.info("access_token for %s refreshed: %s, cached for %.0f s", self._app_id, mask(token), ttl)
        return token

    async def _fetch_token(self, rejected: str | None) -> dict:
        if not self._use_stable_token:
            params = {"grant_type": "client_credential", "appid": self._app_id, "secret": self._app_secret}
            return await self._request("GET", "/cgi-bin/token", params, None)
        # Normal mode hands back the current stable token; force only when that is the one just rejected,
        # because a forced refresh invalidates the token for every other process too.
        reply = await self._request("POST", "/cgi-bin/stable_token", None, self._stable_body(False))
        if reply["access_token"] == rejected:
            reply = await self._request("POST", "/cgi-bin/stable_token", None, self._stable_body(True))
        return reply

    def _stable_body(self, force_refresh: bool) -> dict:
        return {"grant_type": "client_credential", "appid": self._app_id, "secret": self._app_secret,
                "force_refresh": force_refresh}

    async def _request(self, method: str, path: str, params: dict | None, payload: dict | None) -> dict:
        """One API call with retries on network errors, HTTP 5xx and 系统繁忙; raises on a non-zero errcode.

        A send whose reply was lost may be repeated by the retry: template messages carry a client_msg_id
        against that; customer-service messages have no such key in WeChat's API.
        """
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        # WeChat rejects \uXXXX escapes (errcode 40033), so Chinese text goes out as raw UTF-8.
        body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        failure, cause = "", None
        for attempt in range(self._retry.attempts):
            if attempt:
                log.warning("%s failed (%s); retry %d of %d", path, failure, attempt, self._retry.attempts - 1)
                await asyncio.sleep(self._retry.delay(attempt - 1))
            try:
                async with self._session.request(method, self._base_url + path, params=params, data=body,
                                                 headers=JSON_HEADERS) as response:
                    if response.status >= 500:
                        failure = f"HTTP {response.status}"
                        continue
                    reply = await response.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError) as exc:
                failure, cause = type(exc).__name__, exc
                continue
            except ValueError as exc:
                raise WeChatError(f"微信接口 {path} 的回复不是 JSON（HTTP {response.status}）") from exc
            errcode = reply.get("errcode", 0)
            if errcode == SYSTEM_BUSY:
                failure = "errcode -1 系统繁忙"
                continue
            if errcode:
                raise WeChatAPIError(errcode, reply.get("errmsg", ""), path)
            return reply
        raise WeChatUnavailableError(
            f"微信接口 {path} 尝试 {self._retry.attempts} 次均失败（{failure}）") from cause
