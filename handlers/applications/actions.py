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
    kind: str  # date, int, text, outcome
    required: bool = False


FIELDS: dict[Action, tuple[Field, ...]] = {
    Action.REQUEST_CORRECTION: (Field("until", "补正期限（日期）", "date"), Field("days", "补正期限（工作日数）", "int"),
                                Field("note", "需补正的内容", "text")),
    Action.RECEIVE_CORRECTION: (),
    Action.CONSULT: (Field("party", "征求意见的第三方或机关", "text"),),
    Action.CONSULT_END: (),
    Action.FEE_NOTICE: (Field("amount", "收费金额（元）", "int"), Field("until", "缴费期限", "date")),
    Action.FEE_PAID: (),
    Action.EXTEND: (Field("approver", "批准人（信息公开工作机构负责人）", "text", True),
                    Field("days", f"延长的工作日数（1至{EXTENSION_MAX}，默认{EXTENSION_MAX}）", "int"),
                    Field("reason", "延长理由", "text")),
    Action.CLOSE: (Field("outcome", "办理结果", "outcome", True), Field("note", "答复说明", "text")),
    Action.WITHDRAW: (Field("note", "撤回说明", "text"),),
}


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
