"""What bound staff can do on WeChat: see what is due, look at one application, act on it by text.

    待办 / 到期                      open applications due within 5 working days (and overdue ones)
    查看 2600017                     one application, applicant masked
    延长 2600017 张局长 [天数] [理由]  补正 2600017 [天数] [内容]   收到补正 2600017
    征求意见 2600017 对象             征求结束 2600017
    收费 2600017 [页数] [缴费期限]    已缴费 2600017   （按件或按页计收，国办函〔2020〕109号）
    办结 2600017 granted（或“予以公开”） 撤回 2600017 [说明]
"""

from datetime import date

from disclosure.events import Action
from disclosure.outcomes import OUTCOME_LABELS, parse_outcome
from disclosure.states import OPEN_STATES
from disclosure.tracking import normalize_number
from handlers.applications import service as applications
from handlers.chat.status import describe
from handlers.letters import fees

DUE_WITHIN_WORKDAYS = 5
VERBS = {
    "延长": Action.EXTEND, "办结": Action.CLOSE, "补正": Action.REQUEST_CORRECTION,
    "收到补正": Action.RECEIVE_CORRECTION, "征求意见": Action.CONSULT, "征求结束": Action.CONSULT_END,
    "收费": Action.FEE_NOTICE, "已缴费": Action.FEE_PAID, "撤回": Action.WITHDRAW,
}
USAGE = __doc__.split("\n\n", 1)[1].strip()
_BY_LABEL = {label: outcome for outcome, label in OUTCOME_LABELS.items()}


class BadCommand(ValueError):
    """The text command is incomplete or malformed; the message says how to write it."""


def _int(text: str, what: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise BadCommand(f"{what}应为正整数，收到“{text}”。")
    return int(text)


def _outcome(text: str) -> str:
    if text in _BY_LABEL:
        return _BY_LABEL[text].value
    try:
        return parse_outcome(text).value
    except ValueError:
        raise BadCommand("办理结果无法识别，请写结果代码（如 granted）或名称（如 予以公开）。") from None


def action_data(action: Action, words: list[str]) -> dict:
    """The event data a text command carries, in the shape the CLI gives it."""
    if action is Action.EXTEND:
        if not words:
            raise BadCommand("延长须写明批准人，例如：延长 2600017 张局长 20 需调取档案")
        days = _int(words[1], "延长天数") if len(words) > 1 else 20
        return {"approver": words[0], "days": days, "reason": " ".join(words[2:]) or None}
    if action is Action.CLOSE:
        if not words:
            raise BadCommand("办结须写明办理结果，例如：办结 2600017 予以公开")
        return {"outcome": _outcome(words[0]), "note": " ".join(words[1:]) or None}
    if action is Action.REQUEST_CORRECTION:
        if words and words[0].isdigit():
            return {"days": _int(words[0], "补正期限"), "note": " ".join(words[1:]) or None}
        return {"note": " ".join(words) or None}
    if action is Action.CONSULT:
        return {"party": " ".join(words) or None}
    if action is Action.FEE_NOTICE:
        pages = _int(words[0], "页数") if words else None  # none: by count (the applicant's month)
        until = date.fromisoformat(words[1]) if len(words) > 1 else None
        return {"pages": pages, "until": until}
    if action is Action.WITHDRAW:
        return {"note": " ".join(words) or None}
    return {}


async def act(container, agency_code: str, staff_name: str, verb: str, raw_number: str, rest: str) -> str:
    number = normalize_number(raw_number) or raw_number
    action = VERBS[verb]
    try:
        data = {k: v for k, v in action_data(action, rest.split()).items() if v is not None}
    except ValueError as err:
        return f"命令有误：{err}" if isinstance(err, BadCommand) else "缴费期限应写成 YYYY-MM-DD。"
    actor = f"微信:{staff_name}"
    if action is Action.FEE_NOTICE:  # the amount follows from the standard, as on the CLI
        view = await fees.notice(container, number, data.get("pages"), until=data.get("until"), actor=actor,
                                 agency_code=agency_code)
    else:
        view = await applications.perform(container, number, action, data=data, actor=actor, agency_code=agency_code)
    lines = [f"已记录：{action.label}。", describe(view)]
    return "\n".join(lines + [f"注意：{w}" for w in view["warnings"]])


async def due_list(container, agency_code: str) -> str:
    limit = container.calendar.add_workdays(container.today(), DUE_WITHIN_WORKDAYS + 1)
    views = await applications.list_applications(container, agency_code, [s.value for s in OPEN_STATES], limit)
    if not views:
        return f"{DUE_WITHIN_WORKDAYS}个工作日内没有到期的申请。"
    today = container.today().isoformat()
    lines = [f"{DUE_WITHIN_WORKDAYS}个工作日内到期的申请（{len(views)}件）："]
    for v in views[:20]:
        late = "（已逾期）" if v["due_on"] < today else ""
        lines.append(f"{v['number']} {v['state_label']} 期限{v['due_on']}{late}")
    return "\n".join(lines + ["回复“查看 编号”看详情。"])


async def show(container, agency_code: str, raw_number: str) -> str:
    number = normalize_number(raw_number) or raw_number
    view = await applications.show(container, number, agency_code, with_applicant=True)
    who = view["applicant"]
    identity = who["credit_code"] or who["id_number"] or "—"
    lines = [describe(view), f"申请人：{who['name']}（{view['category_label']}，{identity}）",
             f"电话：{who['phone'] or '—'}", f"渠道：{view['channel_label']}", f"所需信息：{view['request']}"]
    return "\n".join(lines)
