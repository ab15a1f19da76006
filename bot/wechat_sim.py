"""Speak to a webhook the way WeChat's servers do: signed (and encrypted) XML requests, checked replies.

Used by `gongkai chat`, the load benchmark and the tests, so anyone can try the account without WeChat.
"""

import hashlib
import itertools
import secrets
import time
from dataclasses import dataclass, field

from defusedxml.ElementTree import fromstring
from wechatpy.crypto import WeChatCrypto

from wechat.text import cdata

ACCOUNT = "gh_gongkai"
_ids = itertools.count(int(time.time() * 1000))
_seconds = itertools.count(int(time.time()))  # events are told apart by CreateTime: one per second


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def _head(openid: str, created: int | None, kind: str) -> str:
    return (f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><FromUserName>{cdata(openid)}</FromUserName>"
            f"<CreateTime>{created or int(time.time())}</CreateTime><MsgType>{cdata(kind)}</MsgType>")


def text_xml(openid: str, content: str, msg_id: int | None = None, created: int | None = None) -> str:
    return _head(openid, created, "text") + f"<Content>{cdata(content)}</Content><MsgId>{msg_id or next(_ids)}</MsgId></xml>"


def event_xml(openid: str, event: str, key: str = "", created: int | None = None) -> str:
    body = f"<Event>{cdata(event)}</Event><EventKey>{cdata(key)}</EventKey></xml>"
    return _head(openid, created or next(_seconds), "event") + body


def media_xml(openid: str, kind: str, media_id: str = "m1") -> str:
    return _head(openid, None, kind) + f"<MediaId><![CDATA[{media_id}]]></MediaId><MsgId>{next(_ids)}</MsgId></xml>"


def _fields(xml: str) -> dict[str, str]:
    """The fields of one message; a field given twice, or holding elements, makes it no message at all."""
    fields = {}
    for child in fromstring(xml):
        if child.tag in fields or len(child) or child.attrib:
            raise ValueError(f"reply field {child.tag} repeated or structured")
        fields[child.tag] = child.text or ""
    return fields


@dataclass
class WeChatSigner:
    """Builds the query and body WeChat would send in plaintext, compatible or safe mode, and opens replies."""

    token: str
    app_id: str = ""
    aes_key: str = ""
    mode: str = "plain"
    crypto: WeChatCrypto | None = field(init=False, default=None)

    def __post_init__(self):
        if self.mode != "plain":
            self.crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)

    def query(self, timestamp: int | None = None, token: str | None = None) -> dict:
        ts, nonce = str(timestamp or int(time.time())), secrets.token_hex(5)
        return {"signature": sign(token or self.token, ts, nonce), "timestamp": ts, "nonce": nonce}

    def envelope(self, xml: str, query: dict) -> bytes:
        """The body for `xml`; in the encrypted modes it also adds encrypt_type and msg_signature to `query`."""
        if self.mode == "plain":
            return xml.encode()
        sealed = _fields(self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))
        query.update(encrypt_type="aes", msg_signature=sealed["MsgSignature"])
        cipher = f"<Encrypt><![CDATA[{sealed['Encrypt']}]]></Encrypt>"
        if self.mode == "compat":  # compatible mode carries the plaintext fields beside the ciphertext
            return xml.replace("</xml>", cipher + "</xml>").encode()
        return f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>{cipher}</xml>".encode()

    def request(self, xml: str) -> tuple[dict, bytes]:
        query = self.query()
        return query, self.envelope(xml, query)

    def open_reply(self, body: str) -> str:
        """The reply's text; "success" as is. Encrypted replies must carry a valid signature."""
        if body.strip() in ("success", ""):
            return "success"
        fields = _fields(body)
        if "Encrypt" in fields:
            if sign(self.token, fields["TimeStamp"], fields["Nonce"], fields["Encrypt"]) != fields["MsgSignature"]:
                raise ValueError("reply signature does not match")
            fields = _fields(self.crypto.decrypt_message(fields, fields["MsgSignature"], fields["TimeStamp"],
                                                         fields["Nonce"]))
        if fields.get("FromUserName") != ACCOUNT or fields.get("MsgType") != "text":
            raise ValueError("reply is not a text from the account")
        return fields.get("Content", "")
