"""Test helper: speaks to the webhook as WeChat's servers do (signed, optionally encrypted XML) over HTTP.

    async with webhook_client(container, mode="safe") as wx:
        reply = await wx.text("o-user-1", "申请公开")          # the reply text
        resp = await wx.post(raw_xml_bytes, query=...)         # the raw aiohttp response
"""

from contextlib import asynccontextmanager

from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.wechat_sim import ACCOUNT, WeChatSigner, event_xml, media_xml, sign, text_xml

__all__ = ["ACCOUNT", "APPID", "AES_KEY", "OTHER_AES_KEY", "WeChatServer", "event_xml", "media_xml", "sign",
           "text_xml", "webhook_client"]

APPID = "wx0123456789abcdef"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the 公众号 backend issues
OTHER_AES_KEY = "ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj"


class WeChatServer(WeChatSigner):
    """WeChat's side of the conversation, posting to the app under test."""

    def __init__(self, client: TestClient, token: str, mode: str = "plain", aes_key: str = AES_KEY):
        super().__init__(token, APPID, aes_key, mode)
        self.client = client

    async def post(self, body: bytes, query: dict):
        return await self.client.post("/wechat", params=query, data=body)

    async def send(self, xml: str) -> str:
        """Deliver one message; the reply's text, or "success"."""
        query, body = self.request(xml)
        resp = await self.post(body, query)
        assert resp.status == 200, await resp.text()
        return self.open_reply(await resp.text())

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
