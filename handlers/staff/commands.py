"""What bound staff can do on WeChat: see what is due, look at one application, act on it by text.

Every word here is for clerks on a phone, so USAGE (their 帮助) is Chinese, choices named with their keys.
Actions that cannot be undone wait for a confirmation (handlers.dialogue.staff_confirm).
"""

import math
from dataclasses import dataclass
from datetime import date, datetime

from disclosure.corrections import numbered_items
from disclosure.events import Action
from disclosure.identity import InvalidIdentity
from disclosure.lifecycle import IllegalTransition
from disclosure.outcomes import OUTCOME_LABELS, Outcome, parse_outcome
from disclosure.states import OPEN_STATES
from disclosure.text import InvalidText
from disclosure.tracking import normalize_number
from handlers.applications import service as applications
from handlers.chat.status import asked_items, describe, last_note
from handlers.dialogue.choices import NoChoice, Option, pick
from handlers.letters import fees
from handlers.staff.roles import Forbidden
from storage.errors import Conflict, NotFound
from wechat.text import PREVIEW_CHARS, excerpt

DUE_WITHIN_WORKDAYS = 5
VERBS = {
    "延长": Action.EXTEND, "办结": Action.CLOSE, "补正": Action.REQUEST_CORRECTION,
    "收到补正": Action.RECEIVE_CORRECTION, "征求意见": Action.CONSULT, "征求结束": Action.CONSULT_END,
    "收费": Action.FEE_NOTICE, "已缴费": Action.FEE_PAID, "撤回": Action.WITHDRAW,
}
USAGE = """工作人员命令（编号即受理编号）：
待办 或 到期：5个工作日内到期和已逾期的申请
查看 编号：一件申请的详情（证件号、电话已遮盖）
延长 编号 批准人 [天数] [理由]
补正 编号 [天数] 事项1；事项2
收到补正 编号
征求意见 编号 对象；征求结束 编号
收费 编号 [页数] [缴费期限，如2026-12-31]（不写页数：按件计收，国办函〔2020〕109号）；已缴费 编号
办结 编号 结果（如 予以公开、部分公开、不予公开理由）
撤回 编号 [说明]
解绑：本微信号不再用于办理
办结、撤回、延长、补正、收费须再回复“确认”才登记。"""
OUTCOME_OPTIONS = tuple(Option(o.value, label) for o, label in OUTCOME_LABELS.items())
OUTCOME_CHOICES = "、".join(f"{label}（{o.value}）" for o, label in OUTCOME_LABELS.items())
NOTIFIED = {Action.REQUEST_CORRECTION, Action.EXTEND, Action.FEE_NOTICE, Action.CLOSE}


class BadCommand(ValueError):
    """The text command is incomplete or malformed; the message says how to write it."""


def _int(text: str, what: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise BadCommand(f"{what}应为正整数，收到“{text}”。")
    return int(text)


def _outcome(text: str) -> str:
    """An outcome by its key or its label, or a part of the label that names only it (逾期不补正)."""
    try:
        return parse_outcome(text).value
    except ValueError:
        pass
    try:
        return pick(text, OUTCOME_OPTIONS, "办理结果").value
    except NoChoice:
        raise BadCommand(f"办理结果“{text[:20]}”无法识别或不止一种，可写名称或代码：{OUTCOME_CHOICES}。") from None


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


def bind_reply(outcome, now: datetime) -> str:
    """What a 绑定 message gets back (handlers.staff.binding.BindOutcome)."""
    if outcome.name:
        return f"绑定成功，{outcome.name}。您可以使用以下命令：\n{USAGE}"
    wrong = "绑定码无效、已使用或已过期。" if outcome.checked else ""
    if outcome.lock is None:
        return f"{wrong}请核对后重试（还可尝试{outcome.failures_left}次），或向系统管理员重新获取绑定码。"
    minutes = max(1, math.ceil((outcome.lock.until - now).total_seconds() / 60))
    until = f"{outcome.lock.until:%H:%M}"
    if outcome.lock.agency_wide:
        return (f"{wrong}本机关近期错误的绑定尝试过多，绑定已暂停约{minutes}分钟（至{until}），请稍后再试；"
                "如非您本人所为，请告知系统管理员。")
    return f"{wrong}错误次数过多，本微信号的绑定已暂停约{minutes}分钟，请于{until}后再试。"


def _parsed(verb: str, rest: str) -> tuple[Action, dict]:
    """The action and its data; BadCommand with the Chinese reason when the command is malformed."""
    action = VERBS[verb]
    try:
        return action, {k: v for k, v in action_data(action, rest.split()).items() if v is not None}
    except BadCommand:
        raise
    except ValueError:
        raise BadCommand("缴费期限应写成 YYYY-MM-DD，例如 2026-12-31。") from None


def _what(action: Action, data: dict) -> str:
    """The action as a clerk would say it, for the confirmation."""
    if action is Action.CLOSE:
        return f"答复办结，结果为“{Outcome(data['outcome']).label}”"
    if action is Action.EXTEND:
        return f"延长答复期限{data['days']}个工作日（批准人{data['approver']}）"
    if action is Action.REQUEST_CORRECTION:
        days = f"，补正期限{data['days']}个工作日" if data.get("days") else ""
        return f"告知补正{days}" + (f"，事项为：\n{numbered_items(data['note'])}\n" if data.get("note") else "（未写事项）")
    if action is Action.FEE_NOTICE:
        basis = f"按{data['pages']}页计收" if data.get("pages") else "按件计收"
        return f"发出收费通知（{basis}，金额按国办函〔2020〕109号标准计算）"
    return action.label


# What refuses a staff command with 「未执行：」 and the reason, wherever it is recorded from.
REFUSED = (NotFound, IllegalTransition, Conflict, InvalidIdentity, InvalidText, Forbidden)


@dataclass
class Preview:
    number: str
    summary: str = ""
    notifies: bool = False
    refusal: str = ""  # why it cannot be done; nothing is asked then


async def preview(container, agency_code: str, verb: str, raw_number: str, rest: str) -> Preview:
    """A command checked against the application's record without recording it."""
    number = normalize_number(raw_number) or raw_number
    try:
        action, data = _parsed(verb, rest)
        await applications.check_action(container, number, action, data, agency_code)
    except BadCommand as err:
        return Preview(number, refusal=f"命令有误：{err}")
    except (NotFound, IllegalTransition, InvalidText) as err:
        return Preview(number, refusal=f"未执行：{err}")
    return Preview(number, _what(action, data), action in NOTIFIED)


async def act(container, agency_code: str, staff_name: str, verb: str, raw_number: str, rest: str) -> str:
    number = normalize_number(raw_number) or raw_number
    try:
        action, data = _parsed(verb, rest)
    except BadCommand as err:
        return f"命令有误：{err}"
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
        return f"{DUE_WITHIN_WORKDAYS}个工作日内没有到期的申请，也没有逾期的。"
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
    identity = who["credit_code"] or (f"{who['id_type_label']}{who['id_number']}" if who["id_number"] else "—")
    lines = [describe(view), f"申请人：{who['name']}（{view['category_label']}，{identity}）",
             f"电话：{who['phone'] or '—'}", f"渠道：{view['channel_label']}", f"所需信息：{excerpt(view['request'], PREVIEW_CHARS)}",
             f"获取：{view['form'] or '—'}，{view['delivery'] or '—'}"]
    if who["contact"]:
        lines.insert(2, f"联系人：{who['contact']}")
    lines += asked_items(view)
    if corrected := last_note(view, Action.RECEIVE_CORRECTION):
        lines.append(f"申请人补正：{corrected[:200]}")
    if view["attachments"]:
        lines.append(f"附件：{len(view['attachments'])}份（请在电脑上查看）")
    return "\n".join(lines)
