"""Text as WeChat carries it: in the XML of a passive reply and in the JSON of a sent message.

Every text we send is first `carried`, the one normalisation WeChat's two formats allow alike:
CRLF and CR become LF (an XML parser does that to CDATA anyway), and the characters XML 1.0 cannot hold
are dropped: C0 controls other than tab and LF, U+FFFE, U+FFFF and unpaired surrogates. JSON would have
to write those as \\uXXXX escapes, which WeChat's API refuses (errcode 40033). Dropped, not replaced:
they are invisible, and our own texts never contain them (disclosure.text refuses them on input).

A text message holds at most 2048 bytes of UTF-8 (TEXT_MAX_BYTES; WeChat answers 45002 "content size
out of limit" to a longer customer-service message, and its client shows an error for a longer passive
reply), so `fit` cuts a longer one, at a line break where one is near, and says so at the end.
"""

import re

TEXT_MAX_BYTES = 2048
# A free text's first characters in a chat message (a request in a summary): with a 100-character name
# and the other lines, even in 4-byte characters, the message stays within TEXT_MAX_BYTES.
PREVIEW_CHARS = 250
CUT_NOTE = "……（内容过长，以上为前一部分）"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def carried(text: str) -> str:
    """`text` as WeChat will show it: line breaks as LF, characters XML cannot hold dropped."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def fit(text: str, max_bytes: int = TEXT_MAX_BYTES) -> str:
    """`text` if it fits in `max_bytes` of UTF-8, else its beginning and CUT_NOTE within them."""
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text
    head = raw[: max_bytes - len(CUT_NOTE.encode())].decode("utf-8", "ignore")  # drops a split character
    line_end = head.rfind("\n")
    if line_end > len(head) * 3 // 4:  # a line break near the end: cut there rather than mid-sentence
        head = head[:line_end]
    return head + CUT_NOTE


def message_text(text: str) -> str:
    """The content of one text message: carried, then fitted."""
    return fit(carried(text))


def excerpt(text: str, max_chars: int) -> str:
    """A long free text shortened for a chat message, saying how long it is."""
    if len(text) <= max_chars:
        return text
    return f"{text[:max_chars]}……（共{len(text)}字）"


def cdata(value: str) -> str:
    """`value` in CDATA; "]]>" would end the section, so it is split across two sections."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(source: str, target: str, content: str, created: int) -> str:
    """A passive text reply (被动回复文本消息) whose Content is message_text(content)."""
    return (f"<xml><ToUserName>{cdata(carried(target))}</ToUserName>"
            f"<FromUserName>{cdata(carried(source))}</FromUserName><CreateTime>{int(created)}</CreateTime>"
            f"<MsgType><![CDATA[text]]></MsgType><Content>{cdata(message_text(content))}</Content></xml>")
