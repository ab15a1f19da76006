"""Test helper: speaks to the webhook as WeChat's servers do (signed, optionally encrypted XML) over HTTP.

    async with webhook_client(container, mode="safe") as wx:
        reply = await wx.text("o-user-1", "申请公开")          # the reply text
        resp = await wx.post(raw_xml_bytes, query=...)         # the raw aiohttp response
"""

import hashlib
import itertools
import secrets
import time
from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer
from defusedxml.ElementTree import fromstring
from wechatpy.crypto import WeChatCrypto

from bot.app import create_app

APPID = "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the 公众号 backend issues
OTHER_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj"
ACCOUNT = "gh_test_account"
_ids = itertools.count(int(time.time() * 1000))
_seconds = itertools.count(int(time.time()))  # events are told apart by CreateTime: one per second


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def text_xml(openid: str, content: str, msg_id: int | None = None, created: int | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id or next(_ids)}</MsgId></xml>")


def event_xml(openid: str, event: str, key: str = "", created: int | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created or next(_seconds)}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>")


def media_xml(openid: str, kind: str) -> str:
    return (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>"
            f"<MediaId><![CDATA[m1]]></MediaId><MsgId>{next(_ids)}</MsgId></xml>")


class WeChatServer:
    """Builds the query and body WeChat would send in one of the three modes, and reads replies."""

    def __init__(self, client: TestClient, token: str, mode: str = "plain", aes_key: str = AES_KEY):
        self.client, self.token, self.mode = client, token, mode
        self.crypto = WeChatCrypto(token, aes_key, APPID)

    def query(self, timestamp: int | None = None, token: str | None = None) -> dict:
        ts, nonce = str(timestamp or int(time.time())), secrets.token_hex(5)
        return {"signature": sign(token or self.token, ts, nonce), "timestamp": ts, "nonce": nonce}

    def envelope(self, xml: str, query: dict) -> bytes:
        if self.mode == "plain":
            return xml.encode()
        sealed = {c.tag: c.text for c in fromstring(self.crypto.encrypt_message(xml, query["nonce"],
                                                                               query["timestamp"]))}
        query.update(encrypt_type="aes", msg_signature=sealed["MsgSignature"])
        outer = f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>"
        if self.mode == "compat":  # compatible mode carries the plaintext fields beside the ciphertext
            outer = xml.replace("</xml>", f"<Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt></xml>")
        return outer.encode()

    async def post(self, body: bytes, query: dict):
        return await self.client.post("/wechat", params=query, data=body)

    async def send(self, xml: str) -> str:
        """Deliver one message; the reply's text, or "success"."""
        query = self.query()
        resp = await self.post(self.envelope(xml, query), query)
        assert resp.status == 200, await resp.text()
        return self.open_reply(await resp.text())

    def open_reply(self, body: str) -> str:
        if body == "success":
            return body
        fields = {c.tag: c.text for c in fromstring(body)}
        if self.mode != "plain":
            assert sign(self.token, fields["TimeStamp"], fields["Nonce"], fields["Encrypt"]) == fields["MsgSignature"]
            fields = {c.tag: c.text for c in fromstring(self.crypto.decrypt_message(
                fields, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]))}
        assert fields["ToUserName"] and fields["FromUserName"] == ACCOUNT
        return fields["Content"]

    async def text(self, openid: str, content: str) -> str:
        return await self.send(text_xml(openid, content))

    async def click(self, openid: str, key: str) -> str:
        return await self.send(event_xml(openid, "CLICK", key))


def configure(container, aes_key: str = AES_KEY) -> None:
    """Give the container's settings an AES key and app id, as a 公众号 in safe mode has."""
    container.settings.raw["wechat"].update(aes_key=aes_key, appid=APPID)


@asynccontextmanager
async def webhook_client(container, mode: str = "plain", aes_key: str = AES_KEY, configure_key: bool = True):
    if configure_key:
        configure(container)
    client = TestClient(TestServer(create_app(container), host="127.0.0.1"))
    await client.start_server()
    try:
        yield WeChatServer(client, container.settings.get("wechat", "token"), mode, aes_key)
    finally:
        await client.close()
