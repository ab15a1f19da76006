"""The application form (条例第二十九条) as data: what each step asks, how an answer is checked, when it
applies, and which earlier answer it depends on.

A parser takes the answer and the answers so far, and returns the value to store (a dict when one
answer fills several steps) or raises InvalidAnswer with a hint that says exactly what to fix.
"""

from collections.abc import Callable
from dataclasses import dataclass

from disclosure.categories import ApplicantCategory
from disclosure.delivery import (
    DELIVERIES,
    EMAIL,
    FORMS,
    POST,
    normalize_address,
    normalize_email,
    normalize_person,
)
from disclosure.documents import DOCUMENT_LABELS, DocumentType, normalize_document
from disclosure.identity import InvalidIdentity, mask, normalize_credit_code, normalize_id_number
from disclosure.phones import mask_phone, normalize_phone
from disclosure.text import NAME_MAX, REQUEST_MAX, InvalidText, clean_line, clean_text
from wechat.text import PREVIEW_CHARS, excerpt

from .choices import NoChoice, Option, numbered, pick


class InvalidAnswer(ValueError):
    """The answer cannot be used; the message is the hint shown to the citizen."""


def _always(data: dict) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    key: str
    label: str  # as shown in the summary
    prompt: Callable[[dict], str]
    parse: Callable[[str, dict], str | dict]
    applies: Callable[[dict], bool] = _always
    secret: bool = False  # personal data: stored encrypted
    show: Callable[[str], str] = str
    numeric: bool = False  # a bare number sent here is the answer, never a tracking number
    free: bool = False  # free text: a question sent here may be the answer, so the citizen is asked
    depends: tuple[Callable[[dict], object], ...] = ()  # re-asked when one of these reads differently


def _options(labels, words: dict[str, tuple[str, ...]]) -> tuple[Option, ...]:
    return tuple(Option(label, label, words.get(label, ())) for label in labels)


CATEGORIES = tuple(Option(c.value, c.label, words) for c, words in {
    ApplicantCategory.NATURAL_PERSON: ("个人", "公民", "本人", "自己", "我自己"),
    ApplicantCategory.COMMERCIAL: ("企业", "公司", "商户", "个体户"),
    ApplicantCategory.RESEARCH: ("科研", "高校", "大学", "研究所", "研究院"),
    ApplicantCategory.SOCIAL_WELFARE: ("公益组织", "公益", "社会组织", "基金会"),
    ApplicantCategory.LEGAL_SERVICE: ("律师事务所", "律所", "律师", "法律服务"),
    ApplicantCategory.OTHER_ORG: ("其他组织", "其他单位", "单位", "其他"),
}.items())
DOCUMENTS = tuple(Option(d.value, label, words) for (d, label), words in zip(DOCUMENT_LABELS.items(), (
    ("身份证", "二代证"), ("passport",), ("港澳通行证", "回乡证", "港澳回乡证"), ("台胞证", "台湾通行证"),
    ("居住证",), ("永居证", "绿卡", "永久居留证")), strict=True))
FORM_OPTIONS = _options(FORMS, {"纸质文本": ("纸质", "纸质版", "纸的", "打印件", "复印件"),
                                "电子文档": ("电子版", "电子文件", "pdf", "扫描件", "word"),
                                "其他形式": ("其他", "光盘", "u盘")})
DELIVERY_OPTIONS = _options(DELIVERIES, {"当面领取": ("当面", "自取", "自己取", "现场领取", "窗口领取", "来取"),
                                         "邮寄": ("快递", "寄给我", "邮政", "ems", "挂号信", "寄"),
                                         "电子邮件": ("邮箱", "email", "e-mail", "电邮", "邮件", "发邮箱")})
SKIP = {"无", "没有", "跳过", "不填", "略", "暂无", "/"}
SAME = {"是", "同上", "本人", "一样", "相同", "1", "对"}


def _choose(options, what: str):
    def parse(text: str, data: dict) -> str:
        try:
            return pick(text, options, what).value
        except NoChoice as err:
            raise InvalidAnswer(str(err)) from None
    return parse


def _checked(normalize: Callable[[str], str]):
    def parse(text: str, data: dict) -> str:
        try:
            return normalize(text)
        except (InvalidIdentity, InvalidText) as err:
            raise InvalidAnswer(f"{err}请重新输入。") from None
    return parse


def is_org(data: dict) -> bool:
    return ApplicantCategory(data["category"]).is_organisation


def _person(data: dict) -> bool:
    return not is_org(data)


def parse_name(text: str, data: dict) -> str:
    value = _checked(lambda t: clean_line(t, "姓名或名称", NAME_MAX))(text, data)
    if len(value) < 2:
        raise InvalidAnswer("姓名或名称至少2个字，请重新输入。")
    if any(ch.isdigit() for ch in value) and sum(ch.isdigit() for ch in value) >= 5:
        raise InvalidAnswer("姓名或名称里不应有一长串数字，证件号码在后面填写。请只输入姓名或名称。")
    return value


def parse_document(text: str, data: dict) -> str | dict:
    """The document by number or words; a 居民身份证 number typed here saves a step."""
    try:
        return {"id_type": DocumentType.RESIDENT_ID.value, "id_number": normalize_id_number(text)}
    except InvalidIdentity:
        return _choose(DOCUMENTS, "证件类型")(text, data)


def parse_id_number(text: str, data: dict) -> str:
    return _checked(lambda t: normalize_document(DocumentType(data["id_type"]), t))(text, data)


def parse_request(text: str, data: dict) -> str:
    value = _checked(lambda t: clean_text(t, "描述", REQUEST_MAX))(text, data)
    if len(value) < 5:
        raise InvalidAnswer("请写明所需政府信息的名称、文号或便于查找的描述（至少5个字），例如"
                            "“2023年本市公交线路调整的批复文件”。")
    return value


def _optional_person(what: str):
    def parse(text: str, data: dict) -> str:
        return "" if text.strip() in SKIP else _checked(lambda t: normalize_person(t, what))(text, data)
    return parse


def parse_recipient(text: str, data: dict) -> str:
    return "" if text.strip() in SAME else _checked(lambda t: normalize_person(t, "收件人"))(text, data)


def _masked(value: str) -> str:
    return mask(value, 3, 4)


def _same_as_applicant(value: str) -> str:
    return value or "同申请人（单位为联系人）"


STEPS = [
    Step("category", "申请人类型", lambda d: "请选择申请人类型，回复数字或文字：\n" + numbered(CATEGORIES),
         _choose(CATEGORIES, "申请人类型"), show=lambda v: ApplicantCategory(v).label),
    Step("name", "申请人", lambda d: "请输入单位全称（与营业执照或登记证书一致）。" if is_org(d) else "请输入申请人姓名。",
         parse_name, depends=(is_org,)),
    Step("credit_code", "统一社会信用代码", lambda d: "请输入单位的18位统一社会信用代码。",
         _checked(normalize_credit_code), applies=is_org, numeric=True),
    Step("contact", "联系人", lambda d: "请输入本单位联系人的姓名（负责与我们联系办理的人）。",
         _checked(lambda t: normalize_person(t, "联系人")), applies=is_org, secret=True),
    Step("legal_rep", "法定代表人", lambda d: "请输入法定代表人或负责人姓名；不填请回复“无”。",
         _optional_person("法定代表人"), applies=is_org, secret=True, show=lambda v: v or "未填"),
    Step("id_type", "证件类型",
         lambda d: "请选择申请人的身份证件，回复数字；用居民身份证的，也可以直接输入身份证号码：\n" + numbered(DOCUMENTS),
         parse_document, applies=_person, numeric=True, show=lambda v: DocumentType(v).label),
    Step("id_number", "证件号码", lambda d: f"请输入申请人的{DocumentType(d['id_type']).label}号码。",
         parse_id_number, applies=_person, secret=True, show=_masked, numeric=True, depends=(lambda d: d.get("id_type"),)),
    Step("phone", "联系电话", lambda d: "请输入联系电话：手机号码，或带区号的固定电话（如0453-6250110）。",
         _checked(normalize_phone), secret=True, show=mask_phone, numeric=True),
    Step("request", "所需信息",
         lambda d: "请描述您需要的政府信息：名称、文号或便于查找的特征（如时间、事项、地点）。", parse_request, free=True,
         show=lambda v: excerpt(v, PREVIEW_CHARS)),
    Step("form", "获取形式", lambda d: "希望以什么形式获取信息？回复数字或文字：\n" + numbered(FORM_OPTIONS),
         _choose(FORM_OPTIONS, "获取形式")),
    Step("delivery", "获取方式", lambda d: "希望通过什么方式获取？回复数字或文字：\n" + numbered(DELIVERY_OPTIONS),
         _choose(DELIVERY_OPTIONS, "获取方式")),
    Step("address", "邮寄地址", lambda d: "请输入邮寄地址：省、市、区县、街道（乡镇）和门牌号。",
         _checked(normalize_address), applies=lambda d: d.get("delivery") == POST, secret=True, free=True),
    Step("recipient", "收件人", lambda d: "收件人就是申请人本人（单位为联系人）吗？是请回复“是”；不是请输入收件人姓名。",
         parse_recipient, applies=lambda d: d.get("delivery") == POST, secret=True, show=_same_as_applicant),
    Step("email", "电子邮箱", lambda d: "请输入接收答复的电子邮箱地址。",
         _checked(normalize_email), applies=lambda d: d.get("delivery") == EMAIL, secret=True),
]
BY_KEY = {s.key: s for s in STEPS}


def applicable(data: dict) -> list[Step]:
    """The steps this applicant goes through, given the answers so far (category decides the ID step)."""
    return [s for s in STEPS if "category" not in data or s.applies(data)]


def unchanged(step: Step, before: dict, after: dict) -> bool:
    """Whether what `step`'s answer was given for still holds: a person's name is no company's name."""
    return all(read(before) == read(after) for read in step.depends)
