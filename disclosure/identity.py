"""Checks on the identity details an application carries (art. 29): the 公民身份号码 and the 统一社会信用代码.

Other identity documents are in disclosure.documents, telephone numbers in disclosure.phones.
"""

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidIdentity(ValueError):
    """The detail is malformed; the message tells the citizen what to fix, in Chinese."""


def compact(raw: str) -> str:
    """As typed on a phone: spaces and dashes dropped, letters upper-case, full-width folded."""
    return re.sub(r"[\s\-－—]", "", raw.strip().upper().translate(_FULL_WIDTH))


_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {chr(0xFF21 + i): chr(65 + i) for i in range(26)})


def gb11643_valid(value: str) -> bool:
    """The ISO 7064 MOD 11-2 check character of GB 11643-1999 (18 characters, the last one checks)."""
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def birth_date_valid(value: str) -> bool:
    """Characters 7-14 of a 公民身份号码 are the date of birth."""
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return True


def normalize_id_number(raw: str, what: str = "身份证号码") -> str:
    """A valid 18-digit 公民身份号码 (GB 11643-1999 check digit), upper-case X."""
    value = compact(raw)
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise InvalidIdentity(f"{what}应为18位，前17位是数字，最后一位是数字或X。")
    if not birth_date_valid(value):
        raise InvalidIdentity(f"{what}中的出生日期不正确，请核对第7至14位。")
    if not gb11643_valid(value):
        raise InvalidIdentity(f"{what}校验位不正确，请核对是否输错了某一位。")
    return value


def normalize_credit_code(raw: str) -> str:
    """A valid 18-character 统一社会信用代码 (GB 32100-2015 check character)."""
    value = compact(raw)
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        raise InvalidIdentity("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。")
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    if _USCC_CHARS[(31 - total % 31) % 31] != value[17]:
        raise InvalidIdentity("统一社会信用代码校验位不正确，请核对是否输错了某一位。")
    return value


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """For display to staff: 110***********1234."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
