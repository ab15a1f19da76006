"""The parts of a document the clerk writes (reasons, the items to correct, who holds the information),
which of them a document cannot be issued without, and their first values taken from the record."""

import re
from dataclasses import dataclass

from disclosure.answers import WITHHOLDING
from disclosure.letters import Kind
from disclosure.outcomes import Outcome, parse_outcome
from disclosure.text import REQUEST_MAX, clean_text


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool = False
    many: bool = False  # a list, one entry per line (the items to correct)


TO_CORRECT = Field("to_correct", "需要补正的事项（每项一条，全部列出）", required=True, many=True)
REASONS = Field("reasons", "理由", required=True)
SUMMARY = Field("summary", "申请公开的政府信息（向第三方或其他机关转述，不含申请人个人信息）", required=True)
PARTY = Field("party", "征求意见对象的名称", required=True)

FIELDS = {
    Kind.RECEIPT: [],
    Kind.CORRECTION: [TO_CORRECT, Field("guidance", "指导和释明（可选）")],
    Kind.EXTENSION: [Field("reason", "延期理由", required=True)],
    Kind.CONSULTATION: [PARTY, SUMMARY],
    Kind.CONSULTATION_NOTICE: [],
    Kind.JOINT_CONSULTATION: [PARTY, SUMMARY],
    Kind.THIRD_PARTY_NOTICE: [PARTY, Field("content", "决定公开的政府信息内容", required=True),
                              Field("reasons", "决定公开的理由（公共利益）", required=True)],
    Kind.FEE: [Field("how_to_pay", "缴纳方式", required=True)],
    Kind.ABANDONED: [Field("reason", "补充说明（可选）")],
}

# The answer's form follows the outcome (one per row of report table 三); rows sharing a form differ in
# the ground they state, chosen in the template by the outcome key.
ANSWER_FORMS = {
    Outcome.GRANTED: "granted",
    Outcome.PARTIALLY_GRANTED: "partial",
    **{o: "withheld" for o in WITHHOLDING if o is not Outcome.WITHHELD_ADMINISTRATIVE_QUERY},
    Outcome.WITHHELD_ADMINISTRATIVE_QUERY: "query",
    Outcome.UNAVAILABLE_NOT_HELD: "not-held",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "creation",
    Outcome.UNAVAILABLE_UNCLEAR: "unclear",
    Outcome.REJECTED_PETITION: "petition",
    Outcome.REJECTED_DUPLICATE: "duplicate",
    Outcome.REJECTED_PUBLICATION: "publication",
    Outcome.REJECTED_EXCESSIVE: "excessive",
    Outcome.REJECTED_CONFIRMATION: "confirmation",
    Outcome.OTHER_OTHER: "other",
}
PROVIDED = Field("provided", "提供的信息及提供方式")
ANSWER_FIELDS = {
    "granted": [PROVIDED, Field("where_public", "已主动公开的，获取途径（如网址）")],
    "partial": [Field("provided", "提供的部分及提供方式", required=True), Field("withheld", "不予公开的部分", required=True),
                Field("ground", "不予公开的情形（年报表三（三）的结果代码，如 withheld_third_party）", required=True),
                REASONS],
    "withheld": [REASONS],
    "query": [Field("channel", "依照哪部法律、行政法规，向何处办理", required=True)],
    "not-held": [Field("holder", "负责公开该信息的机关名称和联系方式（能确定的）"), Field("searched", "检索情况（可选）")],
    "creation": [Field("reasons", "需加工、分析的情况（可选）")],
    "unclear": [],
    "petition": [Field("channel", "可通过哪些渠道提出（可选）")],
    "duplicate": [Field("earlier", "此前的答复（文号、日期）")],
    "publication": [Field("where", "公开出版物的获取途径")],
    "excessive": [Field("reasons", "申请人说明的理由及不合理之处", required=True)],
    "confirmation": [Field("reasons", "补充说明（可选）")],
    "other": [Field("reasons", "终止办理的原因", required=True)],
}
LAW = Field("law", "禁止公开的法律、行政法规及条款", required=True)


def specs(kind: Kind, outcome: Outcome | None) -> list[Field]:
    if kind is not Kind.ANSWER:
        return FIELDS[kind]
    found = ANSWER_FIELDS[ANSWER_FORMS[outcome]]
    return found + [LAW] if outcome is Outcome.WITHHELD_PROHIBITED_BY_LAW else found


def split_items(text: str) -> list[str]:
    """A note listing several things ("1.…；2.…" or one per line) as separate items."""
    parts = re.split(r"[\n；;]+", text or "")
    return [re.sub(r"^\s*(?:\d+[.、．)）]|[（(]\d+[)）])\s*", "", p).strip() for p in parts if p.strip()]


def edit(values: dict, fields: list[Field], changes: dict[str, str], items: list[str] | None) -> dict:
    """`values` with the clerk's changes; ValueError names an unknown part or a bad value."""
    known = {f.key: f for f in fields}
    result = dict(values)
    for key, text in changes.items():
        if key not in known or known[key].many:
            usable = "、".join(f.key for f in fields if not f.many) or "无"
            raise ValueError(f"该文书没有可用 --set 修改的“{key}”，可修改：{usable}")
        result[key] = clean_text(text, known[key].label, REQUEST_MAX) if text.strip() else ""
    if items is not None:
        many = next((f for f in fields if f.many), None)
        if many is None:
            raise ValueError("该文书没有可列举的事项（--item 用于补正告知书）。")
        result[many.key] = [clean_text(i, many.label, REQUEST_MAX) for i in items if i.strip()]
    if result.get("ground"):
        ground = parse_outcome(result["ground"])
        if ground not in WITHHOLDING:
            raise ValueError("不予公开的情形应为年报表三（三）的结果代码之一：" + "、".join(o.value for o in WITHHOLDING))
        result["ground"] = ground.value
    return result


def unfilled(fields: list[Field], values: dict) -> list[Field]:
    return [f for f in fields if f.required and not values.get(f.key)]
