"""How the applicant wants the information and where it goes (art. 29: 获取信息的方式、途径; art. 40).

By post the reply needs a postal address (and a recipient, if not the applicant); by e-mail an
address; collected in person, nothing more. An organisation names a contact person (its legal
representative optionally). Pure checks; the values are stored encrypted with the applicant.
"""

import re

from email_validator import EmailNotValidError, validate_email

from disclosure.identity import InvalidIdentity
from disclosure.text import NAME_MAX, InvalidText, clean_line

FORMS = ("纸质文本", "电子文档", "其他形式")
IN_PERSON, POST, EMAIL = "当面领取", "邮寄", "电子邮件"
DELIVERIES = (IN_PERSON, POST, EMAIL)
DETAIL_KEYS = ("address", "recipient", "email", "contact", "legal_rep")
DETAIL_LABELS = {"address": "邮寄地址", "recipient": "收件人", "email": "电子邮箱", "contact": "联系人",
                 "legal_rep": "法定代表人"}
NEEDS = {POST: ("address",), EMAIL: ("email",), IN_PERSON: ()}  # details a way of delivery needs
ADDRESS_MAX = 200
# An address names a place: a road, street, village or building, or a house number.
_PLACE = re.compile(r"[省市区县旗镇乡村路街道巷弄号楼栋室里屯组]|\d")


def normalize_address(raw: str) -> str:
    try:
        value = clean_line(raw, "邮寄地址", ADDRESS_MAX)
    except InvalidText as err:
        raise InvalidIdentity(str(err)) from None
    if len(value) < 8 or not _PLACE.search(value):
        raise InvalidIdentity("请写完整的邮寄地址：省、市、区县、街道（乡镇）和门牌号，例如“黑龙江省牡丹江市西安区"
                              "西三条路218号”。")
    return value


def normalize_email(raw: str) -> str:
    """A deliverable-looking address (syntax only: no network), the domain lower-cased."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidIdentity("电子邮箱地址格式不对，应像 zhangsan@example.com 这样，请核对。") from None


def normalize_person(raw: str, what: str) -> str:
    try:
        value = clean_line(raw, what, NAME_MAX)
    except InvalidText as err:
        raise InvalidIdentity(str(err)) from None
    if len(value) < 2 or re.search(r"\d{5,}", value):
        raise InvalidIdentity(f"{what}请写姓名（至少2个字，不含号码）。")
    return value


def _one_of(value: str | None, choices: tuple[str, ...], what: str) -> str | None:
    if value is None or value in choices:
        return value
    raise InvalidIdentity(f"{what}“{value}”无效，可选：{'、'.join(choices)}。")


def checked_details(form: str | None, delivery: str | None, details: dict) -> tuple[str | None, str | None, dict]:
    """The form, the way of delivery and the details, checked as in the chat; the way chosen must have
    what it needs (by post an address, by e-mail an address to send to)."""
    checks = {"address": normalize_address, "email": normalize_email,
              "recipient": lambda v: normalize_person(v, "收件人"), "contact": lambda v: normalize_person(v, "联系人"),
              "legal_rep": lambda v: normalize_person(v, "法定代表人")}
    form, delivery = _one_of(form, FORMS, "获取形式"), _one_of(delivery, DELIVERIES, "获取方式")
    checked = {k: checks[k](v) for k, v in details.items() if v}
    missing = [DETAIL_LABELS[k] for k in NEEDS.get(delivery or "", ()) if not checked.get(k)]
    if missing:
        raise InvalidIdentity(f"获取方式为{delivery}，须填写{'、'.join(missing)}（条例第二十九条）。")
    return form, delivery, checked
