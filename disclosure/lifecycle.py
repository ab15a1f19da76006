"""Which action may follow which (arts. 30-33, 36, 42), and the state an application's history leads to."""

from dataclasses import dataclass, field
from datetime import date

from . import closing
from .calendar import WorkCalendar
from .deadlines import Deadlines, compute_deadlines
from .events import Action, Event, effective
from .outcomes import Outcome
from .periods import EXTENSION_MAX
from .states import State


class IllegalTransition(ValueError):
    """The action is not allowed now; the message says why, in Chinese."""


@dataclass
class Status:
    state: State
    deadlines: Deadlines
    outcome: Outcome | None = None
    closed_on: date | None = None
    extended: bool = False
    correction_requested: bool = False
    fee_noticed: bool = False
    fee_waived: bool = False
    warnings: list[str] = field(default_factory=list)


_NEXT_STATE = {
    Action.REQUEST_CORRECTION: State.AWAITING_CORRECTION,
    Action.RECEIVE_CORRECTION: State.PROCESSING,
    Action.CONSULT: State.CONSULTING,
    Action.CONSULT_END: State.PROCESSING,
    Action.FEE_NOTICE: State.AWAITING_FEE,
    Action.FEE_PAID: State.PROCESSING,
    Action.FEE_WAIVE: State.PROCESSING,
    Action.CLOSE: State.CLOSED,
    Action.WITHDRAW: State.WITHDRAWN,
}

# The states each action may be taken from; EXTEND keeps the state.
_ALLOWED_FROM = {
    Action.REQUEST_CORRECTION: {State.PROCESSING},
    Action.RECEIVE_CORRECTION: {State.AWAITING_CORRECTION},
    Action.CONSULT: {State.PROCESSING},
    Action.CONSULT_END: {State.CONSULTING},
    Action.FEE_NOTICE: {State.PROCESSING},
    Action.FEE_PAID: {State.AWAITING_FEE},
    Action.FEE_WAIVE: {State.PROCESSING, State.AWAITING_FEE},
    Action.EXTEND: {State.PROCESSING, State.CONSULTING, State.AWAITING_FEE},
    Action.CLOSE: set(State) - {State.CLOSED, State.WITHDRAWN},
    Action.WITHDRAW: set(State) - {State.CLOSED, State.WITHDRAWN},
    Action.VOID: set(State),
}
# What `offered` tries an action with: the least an extension carries (the real one is checked on posting).
_PROBE = {Action.EXTEND: {"days": 1, "approver": "?"}}


def replay(events: list[Event], cal: WorkCalendar) -> Status:
    """The status an application's recorded history leads to (entries voided by mistake left out)."""
    events = effective(events)
    status = Status(State.PROCESSING, compute_deadlines(events, cal))
    for ev in events[1:]:
        status.state = _NEXT_STATE.get(ev.action, status.state)
        status.extended |= ev.action is Action.EXTEND
        status.correction_requested |= ev.action is Action.REQUEST_CORRECTION
        status.fee_noticed |= ev.action is Action.FEE_NOTICE
        status.fee_waived |= ev.action is Action.FEE_WAIVE
        if ev.action in (Action.CLOSE, Action.WITHDRAW):
            status.outcome = Outcome(ev.get("outcome", Outcome.OTHER_OTHER))
            status.closed_on = ev.on
    status.warnings = list(status.deadlines.warnings)
    return status


def check(events: list[Event], new: Event, cal: WorkCalendar, today: date) -> list[str]:
    """Refuse `new` with IllegalTransition if the law or the record forbids it; else return warnings."""
    status = replay(events, cal)
    if new.action is Action.VOID:
        return _void(events, new, cal)
    # Issuing a step's document is recorded when it happens, which may be after later steps.
    previous = [e for e in effective(events) if e.action is not Action.ISSUE_LETTER][-1]
    if new.on > today:
        raise IllegalTransition(f"日期{new.on}晚于今天（{today}），不能登记尚未发生的办理环节。")
    if new.on < previous.on:
        raise IllegalTransition(f"日期{new.on}早于上一环节（{previous.action.label}，{previous.on}），请按发生顺序登记。")
    if status.state not in _ALLOWED_FROM.get(new.action, ()):
        raise IllegalTransition(_wrong_state(new.action, status))
    return _RULES.get(new.action, lambda s, e: [])(status, new)


def offered(events: list[Event], cal: WorkCalendar, today: date) -> list[Action]:
    """The actions the law allows today, in the order of the process (what a form may offer)."""
    status = replay(events, cal)
    found = []
    for action in _ALLOWED_FROM:
        if action is Action.VOID:
            continue
        if action is Action.CLOSE:
            if status.state.is_open and closing.allowed(status, today):
                found.append(action)
            continue
        try:
            check(events, Event(action, today, _PROBE.get(action, {})), cal, today)
        except IllegalTransition:
            continue
        found.append(action)
    return found


def _void(events: list[Event], new: Event, cal: WorkCalendar) -> list[str]:
    """Strike out entry `voids` (recorded by mistake), if what stays is still a lawful history."""
    seq = new.get("voids")
    if not isinstance(seq, int) or not 1 <= seq <= len(events):
        raise IllegalTransition(f"没有第{seq}项办理记录。")
    target = events[seq - 1]
    if seq == 1:
        raise IllegalTransition("“收到申请”是办理的起点，不能撤销；误登记的申请请以“其他处理”办结并写明原因。")
    if target.action is Action.VOID:
        raise IllegalTransition("撤销记录本身不能再撤销。")
    if target.action is Action.ISSUE_LETTER:  # the document keeps its number and frozen text whatever the log says
        raise IllegalTransition("已出具的文书不能撤销；内容有误的，请起草更正版本，出具后取代原文书。")
    if any(ev.get("voids") == seq for ev in events if ev.action is Action.VOID):
        raise IllegalTransition(f"第{seq}项（{target.action.label}）已经撤销过。")
    if not str(new.get("reason") or "").strip():
        raise IllegalTransition("请写明撤销理由（将记入办理记录）。")
    remaining = effective([*events, new])
    for i in range(1, len(remaining)):
        try:
            check(remaining[:i], remaining[i], cal, remaining[i].on)
        except IllegalTransition as err:
            later = remaining[i]
            raise IllegalTransition(f"撤销第{seq}项（{target.action.label}）后，其后的“{later.action.label}”（{later.on}）"
                                    f"将不再成立：{err}请先撤销该项。") from None
    return []


def _wrong_state(action: Action, status: Status) -> str:
    if not status.state.is_open:
        ended = "办结" if status.state is State.CLOSED else "撤回"
        return f"该申请已于{status.closed_on}{ended}，不能再{action.label}。"
    return f"申请当前状态为“{status.state.label}”，不能{action.label}。"


def _request_correction(status: Status, ev: Event) -> list[str]:
    if status.correction_requested:
        raise IllegalTransition("补正应一次性告知（第三十条），该申请已告知过补正。")
    until = ev.get("until")
    if until is not None and until <= ev.on:
        raise IllegalTransition(f"补正期限{until}应晚于告知日期{ev.on}。")
    due = status.deadlines.correction_notice_due
    return [f"补正告知晚于法定期限：应在{due}前告知（第三十条）。"] if ev.on > due else []


def _fee_notice(status: Status, ev: Event) -> list[str]:
    if status.fee_noticed:
        raise IllegalTransition("该申请已发出过收费通知。")
    return []


def _fee_waive(status: Status, ev: Event) -> list[str]:
    if status.fee_waived:
        raise IllegalTransition("该申请已登记过免收信息处理费。")
    return []


def _extend(status: Status, ev: Event) -> list[str]:
    if status.extended:
        raise IllegalTransition("答复期限只能延长一次（第三十三条），该申请已延长过。")
    days = ev.get("days")
    if not isinstance(days, int) or not 1 <= days <= EXTENSION_MAX:
        raise IllegalTransition(f"延长天数应为1至{EXTENSION_MAX}个工作日（第三十三条）。")
    if not ev.get("approver"):
        raise IllegalTransition("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人（第三十三条）。")
    due = status.deadlines.due_on
    if due is not None and ev.on > due:
        raise IllegalTransition(f"答复期限已于{due}届满，延长须在期限届满前决定（第三十三条）。")
    return []


def _close(status: Status, ev: Event) -> list[str]:
    why = closing.refusal(status, Outcome(ev.get("outcome")), ev.on)
    if why:
        raise IllegalTransition(why)
    due = status.deadlines.due_on
    return [f"答复日期{ev.on}晚于答复期限{due}，已逾期。"] if due and ev.on > due else []


_RULES = {
    Action.REQUEST_CORRECTION: _request_correction,
    Action.FEE_NOTICE: _fee_notice,
    Action.FEE_WAIVE: _fee_waive,
    Action.EXTEND: _extend,
    Action.CLOSE: _close,
}
