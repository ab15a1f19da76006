"""Every reply the service sends parses back to exactly one message whose text is the intended one.

The intended text is the one documented in wechat.text, computed here independently (`documented`):
CRLF and CR become LF, characters XML 1.0 cannot hold are dropped, and a text over 2048 bytes of UTF-8
is cut, ending in wechat.text.CUT_NOTE. Reply kinds: passive replies in plaintext, compatible and safe
mode (bot.wechat_protocol.Protocol.seal), customer-service and template messages (wechat.api).
"""

import asyncio
import json
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wechatpy.crypto import WeChatCrypto

from bot.wechat_protocol import Protocol
from bot.wechat_sim import ACCOUNT, WeChatSigner, sign, text_xml
from disclosure.text import NAME_MAX, REQUEST_MAX
from handlers.staff import binding as staff_binding
from tests.fake_wechat import start_fake_wechat
from tests.wechat_client import AES_KEY, APPID, webhook_client
from wechat.api import RetryPolicy, WeChatClient
from wechat.text import CUT_NOTE, PREVIEW_CHARS, TEXT_MAX_BYTES, carried, message_text
from wechat.token_cache import MemoryTokenCache

TOKEN = "reply-safety-token"
REPLY_FIELDS = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content"]
SEALED_FIELDS = ["Encrypt", "MsgSignature", "TimeStamp", "Nonce"]
TRICKY = ["]]>", "]]", "]", ">", "<![CDATA[", "</Content>", "<MsgType>news</MsgType>", "&amp;", "&#1;",
          "\r\n", "\r", "\n", "\t", "\x00", "\x1b[2J", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\uffff",
          "\ud800", "\udfff", "\\u0041", "\\", '"', "𠀀", "😀", "张三"]
short_texts = st.one_of(
    st.text(),  # any Unicode scalar value
    st.lists(st.one_of(st.text(max_size=4), st.sampled_from(TRICKY), st.characters(max_codepoint=0x1F),
                       st.characters(categories=["Cs"])), max_size=40).map("".join),
)
# Long: a few pieces (Chinese, markup, controls, 4-byte characters) repeated past WeChat's 2048 bytes.
long_texts = st.tuples(
    st.lists(st.one_of(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=9),
                       st.sampled_from(TRICKY)), min_size=1, max_size=6),
    st.integers(min_value=60, max_value=900),
).map(lambda pieces: "".join(pieces[0]) * pieces[1])
texts = st.one_of(short_texts, long_texts)
# A template's `thing` field holds at most 20 characters (the fake, like WeChat, refuses more: 47003);
# handlers.reminders.template_fields trims to that before anything is sent.
thing_values = short_texts.map(lambda t: t[:20])
openids = st.text(st.sampled_from("oAbc_-09]>[<&!"), min_size=1, max_size=40)
EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def documented(text: str) -> str:
    """The normalisation wechat.text documents, written out character by character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\t\n" or (
        0x20 <= ord(ch) and not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff"))


def assert_intended(content: str, text: str) -> None:
    expected = documented(text)
    assert len(content.encode()) <= TEXT_MAX_BYTES
    if len(expected.encode()) <= TEXT_MAX_BYTES:
        assert content == expected
    else:  # cut: the beginning of the text, most of the room used, and a note saying so
        kept = content.removesuffix(CUT_NOTE)
        assert kept != content and expected.startswith(kept)
        assert len(content.encode()) > TEXT_MAX_BYTES * 3 // 4


def one_message(xml: str, fields: list[str]) -> dict[str, str]:
    """The fields of exactly one XML message with exactly `fields`, each once, text only."""
    root = ElementTree.fromstring(xml)
    assert root.tag == "xml" and [child.tag for child in root] == fields
    assert all(len(child) == 0 and not child.attrib for child in root)
    return {child.tag: child.text or "" for child in root}


def _protocol() -> Protocol:
    return Protocol(TOKEN, AES_KEY, APPID)


@pytest.mark.parametrize("mode", ["plain", "compat", "safe"])
def test_a_passive_reply_is_one_message_with_the_intended_text(mode):
    protocol, signer = _protocol(), WeChatSigner(TOKEN, APPID, AES_KEY, mode)
    crypto = WeChatCrypto(TOKEN, AES_KEY, APPID)

    @EXAMPLES
    @given(texts, openids)
    def check(text, openid):
        query, body = signer.request(text_xml(openid, "帮助", 1))
        envelope = protocol.open(query, body)
        sealed = protocol.seal(envelope, text)
        if not documented(text):
            assert sealed == "success"  # nothing left to say
            return
        if mode != "plain":
            outer = one_message(sealed, SEALED_FIELDS)
            assert sign(TOKEN, outer["TimeStamp"], outer["Nonce"], outer["Encrypt"]) == outer["MsgSignature"]
            sealed = crypto.decrypt_message(outer, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"])
        reply = one_message(sealed, REPLY_FIELDS)
        assert (reply["ToUserName"], reply["FromUserName"], reply["MsgType"]) == (openid, ACCOUNT, "text")
        assert_intended(reply["Content"], text)

    check()


def _run_against_fake(check_with):
    """Run a hypothesis check whose examples send through a WeChatClient to the fake WeChat API."""
    loop = asyncio.new_event_loop()
    fake_context = start_fake_wechat()
    fake = loop.run_until_complete(fake_context.__aenter__())
    client = WeChatClient(fake.app_id, fake.app_secret, MemoryTokenCache(), fake.base_url,
                          retry=RetryPolicy(attempts=1))
    try:
        check_with(fake, lambda call: loop.run_until_complete(call(client)))
    finally:
        loop.run_until_complete(client.close())
        loop.run_until_complete(fake_context.__aexit__(None, None, None))
        loop.close()


def _last_body(fake, path: str) -> dict:
    (path_seen, body) = fake.received[-1]
    assert path_seen == path
    return body


def test_a_customer_service_message_is_one_text_with_the_intended_content():
    def check_with(fake, run):
        @EXAMPLES
        @given(texts.filter(lambda t: documented(t) != ""))
        def check(text):
            run(lambda client: client.send_text("o-citizen", text))  # the fake refuses \u escapes, > 2048 B
            body = _last_body(fake, "/cgi-bin/message/custom/send")
            assert set(body) == {"touser", "msgtype", "text"} and set(body["text"]) == {"content"}
            assert body["msgtype"] == "text"
            assert_intended(body["text"]["content"], text)
        check()
    _run_against_fake(check_with)


def test_a_template_message_carries_each_value_as_intended():
    def check_with(fake, run):
        @EXAMPLES
        @given(thing_values, thing_values)
        def check(subject, step):
            data = {"thing2": subject, "thing4": {"value": step}}
            run(lambda client: client.send_template("o-staff", "TPL", data))
            body = _last_body(fake, "/cgi-bin/message/template/send")
            assert body["data"] == {"thing2": {"value": documented(subject)}, "thing4": {"value": documented(step)}}
        check()
    _run_against_fake(check_with)


def test_json_messages_never_carry_unicode_escapes_wechat_refuses():
    """Checked on the bytes the client would send (the fake's check is what the examples above rely on)."""
    for text in TRICKY + ["".join(TRICKY)]:
        payload = {"text": {"content": message_text(text)}, "data": {"x": {"value": carried(text)}}}
        raw = json.dumps(payload, ensure_ascii=False).encode()
        assert b"\\u" not in raw.replace(b"\\\\", b"")


ATTACK = "x]]></Content><MsgType><![CDATA[news]]></MsgType><Url>http://e.vil</Url><Content><![CDATA["
STEPS = ["1", "{name}", "11010519491231002X", "13800138000", "{request}", "2", "1"]


async def _raw_reply(wx, openid: str, text: str) -> dict[str, str]:
    query, body = wx.request(text_xml(openid, text))
    resp = await wx.post(body, query)
    assert resp.status == 200
    return one_message(await resp.text(), REPLY_FIELDS)


async def _apply(wx, openid: str, name: str, request: str = "2023年本市公交线路调整的批复文件") -> dict[str, str]:
    """Fill in the form; the summary (as the raw reply's fields) awaiting 确认."""
    await wx.text(openid, "申请公开")
    for step in STEPS[:-1]:
        await wx.text(openid, step.format(name=name, request=request))
    return await _raw_reply(wx, openid, STEPS[-1])


async def test_an_applicant_name_cannot_inject_a_second_message_into_the_staff_view(container):
    async with webhook_client(container) as wx:
        summary = await _apply(wx, "o-attacker", ATTACK)
        assert f"申请人：{ATTACK}\n" in summary["Content"]
        number = (await wx.text("o-attacker", "确认")).split("受理编号：")[1].split("\n")[0]
        code = await staff_binding.issue_code(container, container.default_agency, "王芳")
        await wx.text("o-staff", f"绑定 {code}")
        view = await _raw_reply(wx, "o-staff", f"查看 {number}")
    assert view["MsgType"] == "text" and f"申请人：{ATTACK}（自然人" in view["Content"]


async def test_the_longest_name_and_request_still_fit_one_message_in_full(container):
    """A 100-character name and a 1000-character request, in 4-byte characters: the summary and the staff
    view show the request's beginning and its length, and every line of the message."""
    name, request = "𠀀" * NAME_MAX, "𠀁张]]>" * (REQUEST_MAX // 5)
    async with webhook_client(container, "safe") as wx:
        summary = await wx.text("o-long", "申请公开")
        for step in STEPS:
            summary = await wx.text("o-long", step.format(name=name, request=request))
        receipt = await wx.text("o-long", "确认")
        number = receipt.split("受理编号：")[1].split("\n")[0]
        code = await staff_binding.issue_code(container, container.default_agency, "王芳")
        await wx.text("o-staff", f"绑定 {code}")
        view = await wx.text("o-staff", f"查看 {number}")
    for reply in (summary, view):
        assert len(reply.encode()) <= TEXT_MAX_BYTES and CUT_NOTE not in reply
        assert name in reply and f"{request[:PREVIEW_CHARS]}……（共{REQUEST_MAX}字）" in reply
    assert summary.endswith("放弃请回复“取消”。") and "渠道：微信" in view


def test_a_long_run_of_unicode_spaces_is_cut_not_emptied():
    """Found by the property test: the cut once stripped trailing whitespace, \\u2028 included."""
    text = "\u2028" * 684  # 2052 bytes
    assert_intended(message_text(text), text)
