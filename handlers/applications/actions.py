"""What each lifecycle action carries beyond its date, and the one check of those values for every channel
(the command line's flags, the console's forms)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from disclosure.events import Action
from disclosure.lifecycle import IllegalTransition
from disclosure.outcomes import parse_outcome
from disclosure.periods import EXTENSION_MAX


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # date, int, text, outcome, party (whom a consultation asks), flag (yes when given)
    required: bool = False


FIELDS: dict[Action, tuple[Field, ...]] = {
    Action.REQUEST_CORRECTION: (Field("until", "补正期限（日期）", "date"), Field("days", "补正期限（工作日数）", "int"),
                                Field("note", "需补正的内容", "text")),
    Action.RECEIVE_CORRECTION: (),
    Action.CONSULT: (Field("party", "征求意见的第三方或机关", "text"),
                     Field("party_kind", "征求对象：third-party（第三方，第三十二条）或 agency（共同制作机关，第三十四条）",
                           "party")),
    Action.CONSULT_END: (Field("objected", "第三方不同意公开（第三十二条）", "flag"),),
    Action.FEE_NOTICE: (Field("pages", "按量计收的页数（不填：按件计收）", "int"),
                        Field("amount", "收费金额（元，默认按标准计算；低于标准即减收）", "int"),
                        Field("reason", "减收理由", "text"), Field("until", "缴费期限", "date")),
    Action.FEE_PAID: (),
    Action.FEE_WAIVE: (Field("pages", "按量计收的页数（不填：按件计收）", "int"), Field("reason", "免收理由", "text")),
    Action.EXTEND: (Field("approver", "批准人（信息公开工作机构负责人）", "text", True),
                    Field("days", f"延长的工作日数（1至{EXTENSION_MAX}，默认{EXTENSION_MAX}）", "int"),
                    Field("reason", "延长理由", "text")),
    Action.CLOSE: (Field("outcome", "办理结果", "outcome", True), Field("note", "答复说明", "text")),
    Action.WITHDRAW: (Field("note", "撤回说明", "text"),),
}


PARTIES = {"third-party": "third_party", "第三方": "third_party", "agency": "agency", "机关": "agency"}


def _value(field: Field, raw):
    if isinstance(raw, str):
        raw = raw.strip()
    if raw in (None, ""):
        if field.required:
            raise IllegalTransition(f"请填写{field.label}。")
        return None
    if field.kind == "date" and not isinstance(raw, date):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise IllegalTransition(f"{field.label}“{raw}”格式不对，应为 YYYY-MM-DD，例如 2024-09-27。") from None
    if field.kind == "int" and not isinstance(raw, int):
        if not raw.isdigit() or int(raw) <= 0:
            raise IllegalTransition(f"{field.label}应为正整数，收到“{raw}”。")
        return int(raw)
    if field.kind == "party":
        if raw not in PARTIES and raw not in PARTIES.values():
            raise IllegalTransition(f"{field.label}：“{raw}”无效，可选 third-party（第三方）或 agency（机关）。")
        return PARTIES.get(raw, raw)
    if field.kind == "flag":
        return True if raw in (True, "on", "1", "true", "是") else None
    if field.kind == "outcome":
        try:
            return parse_outcome(raw).value
        except ValueError as err:
            raise IllegalTransition(str(err)) from None
    return raw


def parse(action: Action, values: Mapping[str, object]) -> dict:
    """The event data for `action` from raw values (text from a form, or typed by the CLI)."""
    data = {f.name: _value(f, values.get(f.name)) for f in FIELDS[action]}
    if action is Action.EXTEND and data.get("days") is None:
        data["days"] = EXTENSION_MAX
    return {k: v for k, v in data.items() if v is not None}


def day(raw, label: str = "发生日期") -> date | None:
    """A date typed in a form (None when left empty: today), checked like every action field."""
    return _value(Field("date", label, "date"), raw)
