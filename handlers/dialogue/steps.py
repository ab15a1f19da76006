"""The application form (条例第二十九条) as data: what each step asks, how an answer is checked, when it applies.

A parser returns the stored value or raises InvalidAnswer with a hint that says exactly what to fix.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from disclosure.categories import ApplicantCategory
from disclosure.identity import (
    InvalidIdentity,
    mask,
    normalize_credit_code,
    normalize_id_number,
    normalize_mobile,
)
from disclosure.text import NAME_MAX, REQUEST_MAX, InvalidText, clean_line, clean_text
from wechat.text import PREVIEW_CHARS, excerpt


class InvalidAnswer(ValueError):
    """The answer cannot be used; the message is the hint shown to the citizen."""


@dataclass(frozen=True)
class Step:
    key: str
    label: str  # as shown in the summary
    prompt: str
    parse: Callable[[str], str]
    applies: Callable[[dict], bool] = lambda data: True
    secret: bool = False  # personal data: stored encrypted, shown masked
    show: Callable[[str], str] = str


CATEGORY_WORDS = {
    ApplicantCategory.NATURAL_PERSON: ("自然人", "个人", "公民", "本人"),
    ApplicantCategory.COMMERCIAL: ("商业企业", "企业", "公司"),
    ApplicantCategory.RESEARCH: ("科研机构", "科研", "高校", "研究所"),
    ApplicantCategory.SOCIAL_WELFARE: ("社会公益组织", "公益组织", "公益"),
    ApplicantCategory.LEGAL_SERVICE: ("法律服务机构", "律师事务所", "律所", "律师"),
    ApplicantCategory.OTHER_ORG: ("其他组织", "其他"),
}
CATEGORIES = list(CATEGORY_WORDS)
FORMS = ["纸质文本", "电子文档", "其他形式"]
DELIVERIES = ["当面领取", "邮寄", "电子邮件"]


def _numbered(options: list[str]) -> str:
    return "\n".join(f"{i}. {text}" for i, text in enumerate(options, 1))


def _pick(text: str, options: list[str], what: str) -> int:
    value = text.strip()
    if value.isdigit() and 1 <= int(value) <= len(options):
        return int(value) - 1
    if value in options:
        return options.index(value)
    raise InvalidAnswer(f"请回复{what}前面的数字（1至{len(options)}）。")


def parse_category(text: str) -> str:
    value = text.strip()
    for category, words in CATEGORY_WORDS.items():
        if value in words:
            return category.value
    labels = [CATEGORY_WORDS[c][0] for c in CATEGORIES]
    return CATEGORIES[_pick(value, labels, "申请人类型")].value


def _is_org(data: dict) -> bool:
    return ApplicantCategory(data["category"]).is_organisation


def _text(clean, what: str, max_chars: int):
    """The one text check of every channel (disclosure.text), its message as the hint."""
    def parse(text: str) -> str:
        try:
            return clean(text, what, max_chars)
        except InvalidText as err:
            raise InvalidAnswer(f"{err}请重新输入。") from None
    return parse


def parse_name(text: str) -> str:
    value = _text(clean_line, "姓名或名称", NAME_MAX)(text)
    if len(value) < 2:
        raise InvalidAnswer("姓名或名称至少2个字，请重新输入。")
    if re.search(r"\d{5,}", value):
        raise InvalidAnswer("姓名或名称里不应有一长串数字，证件号码在下一步填写。请只输入姓名或名称。")
    return value


def _identity(normalize: Callable[[str], str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        try:
            return normalize(text)
        except InvalidIdentity as err:
            raise InvalidAnswer(f"{err}请重新输入。") from None
    return parse


def parse_request(text: str) -> str:
    value = _text(clean_text, "描述", REQUEST_MAX)(text)
    if len(value) < 5:
        raise InvalidAnswer("请写明所需政府信息的名称、文号或便于查找的描述（至少5个字），例如"
                            "“2023年本市公交线路调整的批复文件”。")
    return value


STEPS = [
    Step("category", "申请人类型", "请选择申请人类型，回复数字：\n" + _numbered([w[0] for w in CATEGORY_WORDS.values()]),
         parse_category, show=lambda v: ApplicantCategory(v).label),
    Step("name", "申请人", "请输入申请人姓名（法人或其他组织请输入单位全称）。", parse_name),
    Step("credit_code", "统一社会信用代码", "请输入单位的18位统一社会信用代码。",
         _identity(normalize_credit_code), applies=_is_org),
    Step("id_number", "身份证号码", "请输入申请人的18位居民身份证号码。", _identity(normalize_id_number),
         applies=lambda data: not _is_org(data), secret=True, show=lambda v: mask(v, 3, 4)),
    Step("phone", "联系电话", "请输入联系手机号码（11位），便于我们联系您。", _identity(normalize_mobile),
         secret=True, show=lambda v: mask(v, 3, 4)),
    Step("request", "所需信息", "请描述您需要的政府信息：名称、文号或便于查找的特征（如时间、事项、地点）。",
         parse_request, show=lambda v: excerpt(v, PREVIEW_CHARS)),
    Step("form", "获取形式", "希望以什么形式获取信息？回复数字：\n" + _numbered(FORMS),
         lambda text: FORMS[_pick(text, FORMS, "获取形式")]),
    Step("delivery", "获取方式", "希望通过什么方式获取？回复数字：\n" + _numbered(DELIVERIES),
         lambda text: DELIVERIES[_pick(text, DELIVERIES, "获取方式")]),
]
BY_KEY = {s.key: s for s in STEPS}


def applicable(data: dict) -> list[Step]:
    """The steps this applicant goes through, given the answers so far (category decides the ID step)."""
    return [s for s in STEPS if "category" not in data or s.applies(data)]
