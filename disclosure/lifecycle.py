"""Which action may follow which (arts. 30-33, 36, 42), and the state an application's history leads to."""

from dataclasses import dataclass, field
from datetime import date

from .calendar import WorkCalendar
from .deadlines import Deadlines, compute_deadlines
from .events import Action, Event
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
}


def replay(events: list[Event], cal: WorkCalendar) -> Status:
    """The status an application's recorded history leads to."""
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
    # Issuing a step's document is recorded when it happens, which may be after later steps.
    previous = [e for e in events if e.action is not Action.ISSUE_LETTER][-1]
    if new.on > today:
        raise IllegalTransition(f"日期{new.on}晚于今天（{today}），不能登记尚未发生的办理环节。")
    if new.on < previous.on:
        raise IllegalTransition(f"日期{new.on}早于上一环节（{previous.action.label}，{previous.on}），请按发生顺序登记。")
    if status.state not in _ALLOWED_FROM.get(new.action, ()):
        raise IllegalTransition(_wrong_state(new.action, status))
    return _RULES.get(new.action, lambda s, e: [])(status, new)


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
    outcome = Outcome(ev.get("outcome"))
    if outcome is Outcome.OTHER_NO_CORRECTION and not status.correction_requested:
        raise IllegalTransition("未告知补正的申请，不能以“逾期不补正”办结。")
    if outcome is Outcome.OTHER_UNPAID_FEE and not status.fee_noticed:
        raise IllegalTransition("未发出收费通知的申请，不能以“逾期未缴费”办结。")
    if outcome is Outcome.UNAVAILABLE_UNCLEAR and not status.correction_requested:
        raise IllegalTransition("“补正后申请内容仍不明确”仅适用于已告知补正的申请（第三十条）。")
    due = status.deadlines.due_on
    return [f"答复日期{ev.on}晚于答复期限{due}，已逾期。"] if due and ev.on > due else []


_RULES = {
    Action.REQUEST_CORRECTION: _request_correction,
    Action.FEE_NOTICE: _fee_notice,
    Action.FEE_WAIVE: _fee_waive,
    Action.EXTEND: _extend,
    Action.CLOSE: _close,
}
