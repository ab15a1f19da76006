"""The 公众号 server protocol: signatures, the timestamp window, safe XML, AES (compatible and safe mode).

Everything a client sends is untrusted: XML is read with no DTD and no entities (see _safe_tree) before
wechatpy sees it, and every failure becomes a `Rejected` carrying the HTTP status to answer with.
The vetted tree is read once: wechatpy's message object is built from it (`_wechatpy_message`) rather
than by wechatpy.parse_message parsing the text a second time through xmltodict.
"""

import re
import time
from datetime import UTC, datetime
from typing import NamedTuple
from xml.etree import ElementTree
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import EVENT_TYPES
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.messages import MESSAGE_TYPES, UnknownMessage
from wechatpy.utils import check_signature

from handlers.chat.router import Inbound
from wechat.text import carried, text_reply

MAX_TEXT = 2000  # WeChat caps a text message at 2048 bytes; anything longer is not from WeChat
NONCE = re.compile(r"[0-9A-Za-z]{1,64}")  # WeChat's are digits; it goes back, unescaped, in encrypted replies


class Rejected(Exception):
    """The request is refused; `status` is the 4xx to answer, the message is safe to show."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


class Envelope(NamedTuple):
    """A verified, decoded message and how to wrap the answer (encrypted when it came encrypted)."""

    message: object  # the wechatpy message or event, to address the reply
    inbound: Inbound
    encrypted: bool
    nonce: str


def _utf8(body: bytes) -> bytes | str:
    """Read as UTF-8 whatever an XML declaration says, as wechatpy's parser reads it. A body opening
    with <xml> has no declaration: the parser reads its bytes as UTF-8 (and refuses invalid ones) itself."""
    if body[:5] == b"<xml>":
        return body
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected(400, "malformed XML") from None


def _safe_tree(body: bytes | str):
    try:
        if body[:5] in ("<xml>", b"<xml>"):
            # WeChat's messages open with <xml>, nothing before it: a document opening so has no prolog,
            # so no DTD can declare an entity, and an undeclared one (&x;) is a syntax error. The C
            # parser reads it safely, in a third of the time defusedxml's pure-Python parser takes.
            root = ElementTree.fromstring(body)
        else:  # a prolog: defusedxml refuses any DTD, entity or external reference in it
            root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise Rejected(400, "XML must not declare a DTD or entities") from None
    except (ParseError, ValueError):
        raise Rejected(400, "malformed XML") from None
    if root.tag != "xml":
        raise Rejected(400, "not a WeChat message")
    return root


def _message(root):
    """wechatpy's message object, and ours, from the tree _safe_tree vetted."""
    try:
        fields = _xmltodict(root)
        message = _wechatpy_message(fields)
        return message, _inbound(message, fields)
    except Exception:  # a field missing or of the wrong shape: not a message WeChat would send
        raise Rejected(400, "not a WeChat message") from None


def _xmltodict(element):
    """The element as xmltodict.parse (wechatpy's parser) gives it: text stripped and None when empty,
    children in a dict (a repeated one as a list), attributes as "@name" and text beside them as "#text"."""
    children = list(element)
    text = element.text or ""
    if children:
        text += "".join(child.tail or "" for child in children)
    text = text.strip() or None
    if not children and not element.attrib:
        return text
    item = {"@" + name: value for name, value in element.attrib.items()}
    for child in children:
        # Most fields are leaves without attributes: their stripped text, without a call per field.
        value = _xmltodict(child) if len(child) or child.attrib else ((child.text or "").strip() or None)
        if child.tag not in item:
            item[child.tag] = value
        elif isinstance(item[child.tag], list):
            item[child.tag].append(value)
        else:
            item[child.tag] = [item[child.tag], value]
    if text:
        item["#text"] = text
    return item


def _wechatpy_message(message: dict):
    """wechatpy.parser.parse_message (1.8) from the parsed fields: the same class, the same fields."""
    message_type = message["MsgType"].lower()
    if message_type != "event" and not message_type.startswith("device_"):
        return MESSAGE_TYPES.get(message_type, UnknownMessage)(message)
    event_type = message["Event"].lower() if "Event" in message else None
    if event_type is None and message_type.startswith("device_"):
        event_type = message_type
    elif message_type.startswith("device_"):
        event_type = f"device_{event_type}"
    if event_type == "subscribe" and message.get("EventKey"):
        event_key = message["EventKey"]
        if event_key.startswith(("scanbarcode|", "scanimage|")):
            event_type = message["Event"] = "subscribe_scan_product"
        elif event_key.startswith("qrscene_"):  # scanned a QR code with a scene id to subscribe
            event_type = message["Event"] = "subscribe_scan"
            message["EventKey"] = event_key[len("qrscene_"):]
    return EVENT_TYPES.get(event_type, UnknownMessage)(message)


def _inbound(message, fields: dict) -> Inbound:
    """Our message from wechatpy's kind and events, and the common fields as parsed: a wechatpy field
    read converts the value anew each time, a dozen reads a text message."""
    source, target, msg_id = fields.get("FromUserName"), fields.get("ToUserName"), fields.get("MsgId")
    if not (source and target and isinstance(source, str)):
        raise ValueError("no sender or recipient")
    # CreateTime as an integer; a time no calendar holds is still refused.
    create_time = int(fields["CreateTime"])
    datetime.fromtimestamp(create_time, UTC)
    kind = message.type
    event = kind == "event"
    return Inbound(
        openid=source[:64], kind=kind, create_time=create_time,
        msg_id=str(int(msg_id)) if msg_id else None,
        text=_text(fields.get("Content"))[:MAX_TEXT] if kind == "text" else "",
        # An event's key as wechatpy reads it: each event class names and cuts its EventKey its own way.
        event=message.event if event else "", event_key=str(getattr(message, "key", "") or "")[:64] if event else "",
        media_id=_text(fields.get("MediaId"))[:128] if kind == "image" else "",
    )


def _text(value) -> str:
    """A text field: empty when absent or empty; a field with children or attributes is refused."""
    if value is None or isinstance(value, str):
        return value or ""
    raise ValueError("a text field with structure")


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
        if not (timestamp.isascii() and timestamp.isdigit()) or abs(self.clock() - int(timestamp)) > self.window:
            raise Rejected(403, "timestamp outside the window")
        if not NONCE.fullmatch(nonce):
            raise Rejected(400, "malformed nonce")

    def handshake(self, query) -> str:
        """GET from WeChat when the server URL is configured: echo `echostr` if the request is genuine."""
        self.verify(query)
        echo = query.get("echostr", "")
        if not echo:
            raise Rejected(400, "missing echostr")
        return echo

    def open(self, query, body: bytes) -> Envelope:
        """Verify and decode one POST."""
        self.verify(query)
        return self.decode(query, body)

    def decode(self, query, body: bytes) -> Envelope:
        """Decode a POST whose query passed `verify`; compatible and safe mode carry `encrypt_type=aes`."""
        nonce = query.get("nonce", "")
        if query.get("encrypt_type", "raw") != "aes":
            return Envelope(*_message(_safe_tree(_utf8(body))), False, nonce)
        root = _safe_tree(body)
        inner = self._decrypt(query, {child.tag: child.text or "" for child in root})
        return Envelope(*_message(_safe_tree(inner)), True, nonce)

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
        """The HTTP body answering `envelope`: "success" for nothing to say, else one text reply whose
        Content is wechat.text.message_text(text), whatever the text holds (see wechat.text)."""
        if not text or not carried(text):
            return "success"
        msg = envelope.message
        xml = text_reply(msg.target, msg.source, text, int(self.clock()))
        if envelope.encrypted:
            return self.crypto.encrypt_message(xml, envelope.nonce, str(int(self.clock())))
        return xml
