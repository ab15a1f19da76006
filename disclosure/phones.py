"""Telephone numbers an applicant can be reached on (art. 29 联系方式): mobiles, and landlines with area code."""

import re

from disclosure.identity import InvalidIdentity

_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes: 010 and 02X have three digits with the trunk 0, all others four (0453 牡丹江); local
# numbers have 7 or 8 digits and never start with 0 or 1; an extension may follow.
_LANDLINE = re.compile(r"(0(?:10|2\d|[3-9]\d\d))[-－—]?([2-9]\d{6,7})(?:(?:转|-|#|ext)(\d{1,6}))?")


def normalize_phone(raw: str) -> str:
    """A mobile as 11 digits, or a landline as area-local[-extension]; +86 and spacing dropped."""
    value = re.sub(r"[\s()（）]", "", raw.strip()).lower()
    value = re.sub(r"^(\+|00)?86[-－—]?", "", value)
    if _MOBILE.fullmatch(mobile := re.sub(r"[-－—]", "", value)):
        return mobile
    if value[:1] in "123456789" and len(value) >= 9 and not value.startswith("1"):
        value = "0" + value  # a landline written after +86 drops the area code's 0
    if m := _LANDLINE.fullmatch(value):
        area, local, ext = m.groups()
        return f"{area}-{local}" + (f"-{ext}" if ext else "")
    raise InvalidIdentity("请输入11位手机号码，或带区号的固定电话（如0453-6250110）。")


def mask_phone(value: str) -> str:
    """For display: a mobile's first three and last four digits, a landline's area code, last four digits
    and extension (138****8000, 0453-***0110-801)."""
    if not value.startswith("0"):
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    area, local, *extension = value.split("-")
    return "-".join([area, "*" * (len(local) - 4) + local[-4:], *extension])
