"""Free text from every channel (WeChat, the command line, the console), checked one way.

A citizen's or clerk's text ends up in replies, documents, terminals and web pages, so control
characters (terminal escapes, NUL, bidirectional overrides that reorder what a reader sees) are
refused rather than stored, and every field has one length limit whichever way it arrives.
"""

import re
import unicodedata

NAME_MAX = 100  # 申请人姓名或名称
REQUEST_MAX = 1000  # 所需政府信息的描述 (art. 29(2)); longer requests are split into several
NOTE_MAX = 500  # a clerk's note on an action (reasons, items to correct)

# C0 and C1 controls and DEL, except tab and line breaks which a multi-line text may carry, plus the
# bidirectional embedding, override and isolate marks.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u200b\ufeff]")  # zero-width space, byte-order mark: pasted, never meant


class InvalidText(ValueError):
    """The text cannot be used; the message says what to fix, in Chinese."""


def clean_line(value: str | None, what: str, max_chars: int, required: bool = True) -> str:
    """One line (a name, a title): inner whitespace, tabs and line breaks collapse to one space."""
    text = _checked(value, what)
    text = re.sub(r"\s+", " ", text).strip()
    return _limited(text, what, max_chars, required)


def clean_text(value: str | None, what: str, max_chars: int, required: bool = True) -> str:
    """Several lines (a request, a note): line breaks kept (CRLF becomes LF), blank runs cut to one."""
    text = _checked(value, what).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
    return _limited(text, what, max_chars, required)


def _checked(value: str | None, what: str) -> str:
    text = unicodedata.normalize("NFC", value or "")
    if _FORBIDDEN.search(text):
        raise InvalidText(f"{what}含有不可见的控制字符，请删除后重新输入。")
    return _INVISIBLE.sub("", text)


def _limited(text: str, what: str, max_chars: int, required: bool) -> str:
    if required and not text:
        raise InvalidText(f"{what}不能为空。")
    if len(text) > max_chars:
        raise InvalidText(f"{what}不能超过{max_chars}个字（现有{len(text)}个字）。")
    return text
