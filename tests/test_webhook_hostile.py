"""Whatever a client sends, the webhook answers 2xx or 4xx, shows no stack trace, and keeps serving."""

import time

import pytest

from tests.wechat_client import OTHER_AES_KEY, WeChatServer, sign, text_xml, webhook_client

XXE = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<xml><ToUserName>a</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime>'
       '<MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId></xml>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                    for i in range(1, 10))
          + ']><xml><Content>&lol9;</Content></xml>')
# No prolog, so the fast parser reads these: a DTD after <xml> or an undeclared entity is malformed.
INNER_DTD = ('<xml><!DOCTYPE x [<!ENTITY x SYSTEM "file:///etc/passwd">]><ToUserName>a</ToUserName>'
             '<FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>'
             '<Content>&x;</Content><MsgId>1</MsgId></xml>')
UNDECLARED = ('<xml><ToUserName>a</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime>'
              '<MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId></xml>')


async def _still_serving(wx) -> None:
    assert "20个工作日" in await wx.text("o-after", "多久答复")


def _clean(status: int, body: str) -> None:
    assert 400 <= status < 500, status
    assert "Traceback" not in body and "File \"" not in body


async def _post(wx, body: bytes, query: dict | None = None):
    query = wx.query() if query is None else query
    resp = await wx.post(body, query)
    return resp.status, await resp.text()


async def test_bad_or_missing_signature_is_refused(container):
    async with webhook_client(container) as wx:
        forged = wx.query(token="guessed-token")
        _clean(*await _post(wx, text_xml("o-x", "申请公开").encode(), forged))
        _clean(*await _post(wx, text_xml("o-x", "申请公开").encode(), {}))
        partial = wx.query()
        del partial["nonce"]
        _clean(*await _post(wx, text_xml("o-x", "申请公开").encode(), partial))
        await _still_serving(wx)


@pytest.mark.parametrize("skew", [-3600, 3600])
async def test_timestamp_outside_the_window_is_refused(container, skew):
    async with webhook_client(container) as wx:
        stale = wx.query(timestamp=int(time.time()) + skew)
        _clean(*await _post(wx, text_xml("o-x", "帮助").encode(), stale))
        await _still_serving(wx)


@pytest.mark.parametrize("body", [XXE, LAUGHS, INNER_DTD, UNDECLARED],
                         ids=["xxe", "billion-laughs", "dtd-inside-root", "undeclared-entity"])
async def test_xml_declaring_entities_is_refused(container, body):
    async with webhook_client(container) as wx:
        status, text = await _post(wx, body.encode())
        _clean(status, text)
        assert "root:" not in text
        await _still_serving(wx)


async def test_entities_inside_the_encrypted_message_are_refused(container):
    async with webhook_client(container, "safe") as wx:
        query = wx.query()
        _clean(*await _post(wx, wx.envelope(XXE, query), query))
        await _still_serving(wx)


async def test_ten_megabyte_body_is_refused(container):
    async with webhook_client(container) as wx:
        huge = b"<xml><Content>" + b"A" * (10 * 1024 * 1024) + b"</Content></xml>"
        _clean(*await _post(wx, huge))
        await _still_serving(wx)


@pytest.mark.parametrize("body", [
    text_xml("o-x", "帮助")[:-20], "", "not xml at all", "<xml><Content>x</Content></xml>",
    "<html><body>hi</body></html>", "<xml><MsgType>text</MsgType><CreateTime>soon</CreateTime>"
    "<FromUserName>o</FromUserName><ToUserName>a</ToUserName></xml>", "\udcff".encode("utf-8", "surrogatepass"),
    text_xml("o-x", "帮助").encode().replace("帮助".encode(), b"\xff\xfe"),
], ids=["truncated", "empty", "text", "no-fields", "html", "bad-time", "bad-utf8", "bad-utf8-in-message"])
async def test_malformed_messages_are_refused(container, body):
    async with webhook_client(container) as wx:
        _clean(*await _post(wx, body if isinstance(body, bytes) else body.encode()))
        await _still_serving(wx)


async def test_wrong_encryption_key_is_refused(container):
    async with webhook_client(container, "safe") as wx:
        intruder = WeChatServer(wx.client, wx.token, "safe", OTHER_AES_KEY)
        query = intruder.query()
        _clean(*await _post(wx, intruder.envelope(text_xml("o-x", "申请公开"), query), query))
        tampered = wx.query()
        body = wx.envelope(text_xml("o-x", "申请公开"), tampered)
        tampered["msg_signature"] = "0" * 40
        _clean(*await _post(wx, body, tampered))
        await _still_serving(wx)


async def test_encrypted_message_without_a_configured_key_is_refused(container):
    async with webhook_client(container, "safe") as wx:
        container.settings.raw["wechat"]["aes_key"] = ""
        query = wx.query()
        body = wx.envelope(text_xml("o-x", "帮助"), query)
    async with webhook_client(container, "plain", configure_key=False) as plain:
        _clean(*await _post(plain, body, query))


@pytest.mark.parametrize("nonce, timestamp", [("1]]><x>", None), ("12 34", None), ("1", "17²")],
                         ids=["markup-nonce", "spaced-nonce", "superscript-timestamp"])
async def test_a_signed_query_with_a_nonce_or_timestamp_wechat_never_sends_is_refused(container, nonce, timestamp):
    """The nonce goes back unescaped in an encrypted reply; "17²" passes str.isdigit but not int()."""
    async with webhook_client(container) as wx:
        timestamp = timestamp or str(int(time.time()))
        query = {"signature": sign(wx.token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
        _clean(*await _post(wx, text_xml("o-x", "帮助").encode(), query))
        await _still_serving(wx)
