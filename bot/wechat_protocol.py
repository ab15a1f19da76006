"""The 公众号 server protocol: signatures, the timestamp window, safe XML, AES (compatible and safe mode).

Everything a client sends is untrusted: XML is read with defusedxml (no DTD, no entities) before
wechatpy sees it, and every failure becomes a `Rejected` carrying the HTTP status to answer with.
"""

import time
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from handlers.router import Inbound

MAX_TEXT = 2000  # WeChat caps a text message at 2048 bytes; anything longer is not from WeChat


class Rejected(Exception):
    """The request is refused; `status` is the 4xx to answer, the message is safe to show."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Envelope:
    """A verified, decoded message and how to wrap the answer (encrypted when it came encrypted)."""

    message: object  # the wechatpy message or event, to address the reply
    inbound: Inbound
    encrypted: bool
    nonce: str


def _safe_tree(body: bytes | str):
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise Rejected(400, "XML must not declare a DTD or entities") from None
    except (ParseError, ValueError):
        raise Rejected(400, "malformed XML") from None
    if root.tag != "xml":
        raise Rejected(400, "not a WeChat message")
    return root


def _message(xml: bytes | str):
    """wechatpy's message object, and ours, for XML already vetted by _safe_tree."""
    try:
        message = parse_message(xml.decode("utf-8") if isinstance(xml, bytes) else xml)
        return message, _inbound(message)
    except Exception:  # a field missing or of the wrong shape: not a message WeChat would send
        raise Rejected(400, "not a WeChat message") from None


def _inbound(message) -> Inbound:
    if not message.source or not message.target:
        raise ValueError("no sender or recipient")
    return Inbound(
        openid=str(message.source)[:64], kind=message.type, create_time=int(message.create_time.timestamp()),
        msg_id=str(message.id) if message.id else None,
        text=(getattr(message, "content", None) or "")[:MAX_TEXT] if message.type == "text" else "",
        event=getattr(message, "event", "") or "", event_key=str(getattr(message, "key", "") or "")[:64],
    )


class Protocol:
    def __init__(self, token: str, aes_key: str = "", appid: str = "", window: int = 300, clock=time.time):
        self.token = token
        self.window = window
        self.clock = clock
        self.crypto = WeChatCrypto(token, aes_key, appid) if aes_key else None

    def verify(self, query) -> None:
        """The plain signature over token, timestamp and nonce, and a fresh timestamp."""
        signature, timestamp, nonce = (query.get(k, "") for k in ("signature", "timestamp", "nonce"))
        if not (signature and timestamp and nonce):
            raise Rejected(403, "missing signature")
        try:
            check_signature(self.token, signature, timestamp, nonce)
        except InvalidSignatureException:
            raise Rejected(403, "bad signature") from None
        if not timestamp.isdigit() or abs(self.clock() - int(timestamp)) > self.window:
            raise Rejected(403, "timestamp outside the window")

    def handshake(self, query) -> str:
        """GET from WeChat when the server URL is configured: echo `echostr` if the request is genuine."""
        self.verify(query)
        echo = query.get("echostr", "")
        if not echo:
            raise Rejected(400, "missing echostr")
        return echo

    def open(self, query, body: bytes) -> Envelope:
        """Verify and decode one POST; compatible and safe mode carry `encrypt_type=aes`."""
        self.verify(query)
        root = _safe_tree(body)
        nonce = query.get("nonce", "")
        if query.get("encrypt_type", "raw") != "aes":
            return Envelope(*_message(body), False, nonce)
        inner = self._decrypt(query, {child.tag: child.text or "" for child in root})
        _safe_tree(inner)
        return Envelope(*_message(inner), True, nonce)

    def _decrypt(self, query, fields: dict) -> str:
        if self.crypto is None:
            raise Rejected(400, "encrypted message but no EncodingAESKey configured")
        if not fields.get("Encrypt") or not query.get("msg_signature"):
            raise Rejected(400, "encrypted message without Encrypt or msg_signature")
        try:
            return self.crypto.decrypt_message(fields, query["msg_signature"], query["timestamp"], query["nonce"])
        except InvalidSignatureException:
            raise Rejected(403, "bad msg_signature") from None
        except Exception:  # wrong key or corrupted ciphertext: padding, app id or UTF-8 errors
            raise Rejected(400, "cannot decrypt the message") from None

    def seal(self, envelope: Envelope, text: str | None) -> str:
        """The HTTP body answering `envelope`: "success" for nothing to say, else a text reply."""
        if not text:
            return "success"
        msg = envelope.message
        xml = TextReply(source=msg.target, target=msg.source, content=text).render()
        if envelope.encrypted:
            return self.crypto.encrypt_message(xml, envelope.nonce, str(int(self.clock())))
        return xml
