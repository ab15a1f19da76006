"""Speak to a webhook the way WeChat's servers do: signed (and encrypted) XML requests, decoded replies.

Used by `gongkai chat` and the load benchmark, so anyone can try the account without WeChat.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from defusedxml import ElementTree
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import to_text

MODES = ("plain", "compat", "safe")


def _fields(xml: str) -> dict[str, str]:
    return {child.tag: child.text or "" for child in ElementTree.fromstring(xml)}


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def text_xml(openid: str, content: str, msg_id: int, to_user: str = "gh_gongkai", created: int | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")


def event_xml(openid: str, event: str, key: str = "", to_user: str = "gh_gongkai", created: int | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{to_user}]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[{event}]]></Event><EventKey><![CDATA[{escape(key)}]]></EventKey></xml>")


@dataclass
class WeChatSigner:
    """Builds the query string and body WeChat would send in plaintext, compatible or safe mode."""

    token: str
    app_id: str = ""
    aes_key: str = ""
    mode: str = "plain"

    def request(self, xml: str, timestamp: int | None = None) -> tuple[str, bytes]:
        ts, nonce = str(timestamp or int(time.time())), secrets.token_hex(8)
        query = {"timestamp": ts, "nonce": nonce, "signature": sign(self.token, ts, nonce), "openid": "sim"}
        if self.mode == "plain":
            return urlencode(query), xml.encode()
        crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)
        envelope = crypto.encrypt_message(xml, nonce, ts)
        encrypt = _fields(envelope)["Encrypt"]
        query.update(encrypt_type="aes", msg_signature=sign(self.token, ts, nonce, encrypt))
        if self.mode == "compat":
            envelope = xml.replace("</xml>", f"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>")
        return urlencode(query), envelope.encode()

    def reply_text(self, body: bytes) -> str:
        """The reply's text content ("" for `success` or an empty reply)."""
        raw = to_text(body).strip()
        if not raw or raw == "success":
            return ""
        fields = _fields(raw)
        if "Encrypt" in fields:
            crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)
            fields = _fields(crypto.decrypt_message(raw, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"]))
        return fields.get("Content", raw)
