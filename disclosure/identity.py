"""Checks on the identity details an application carries (art. 29)."""

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_MOBILE = re.compile(r"1[3-9]\d{9}")


class InvalidIdentity(ValueError):
    """The detail is malformed; the message tells the citizen what to fix, in Chinese."""


def normalize_id_number(raw: str) -> str:
    """A valid 18-digit 居民身份证 number (GB 11643-1999 check digit), upper-case X."""
    value = raw.strip().replace(" ", "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise InvalidIdentity("身份证号码应为18位，前17位是数字，最后一位是数字或X。")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidIdentity("身份证号码中的出生日期不正确，请核对第7至14位。") from None
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        raise InvalidIdentity("身份证号码校验位不正确，请核对是否输错了某一位。")
    return value


def normalize_credit_code(raw: str) -> str:
    """A valid 18-character 统一社会信用代码 (GB 32100-2015 check character)."""
    value = raw.strip().replace(" ", "").upper()
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        raise InvalidIdentity("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。")
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    if _USCC_CHARS[(31 - total % 31) % 31] != value[17]:
        raise InvalidIdentity("统一社会信用代码校验位不正确，请核对是否输错了某一位。")
    return value


def normalize_mobile(raw: str) -> str:
    """A mainland mobile number, 11 digits starting 13-19; +86 and separators are dropped."""
    value = re.sub(r"[\s\-()（）]", "", raw.strip())
    value = re.sub(r"^(\+?86)", "", value)
    if not _MOBILE.fullmatch(value):
        raise InvalidIdentity("手机号码应为11位数字，以13至19开头，例如13800138000。")
    return value


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """For display to staff: 110***********1234."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
