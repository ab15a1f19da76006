"""Which replies (outcomes) fit where an application stands (arts. 30, 36, 42).

While a correction is awaited the request is not yet workable: the only reply is that the applicant let
the correction period pass (art. 30, 视为放弃); likewise while a fee is awaited (国办函〔2020〕109号).
"""

from datetime import date

from .outcomes import Outcome
from .states import State

_ONLY_WHILE = {State.AWAITING_CORRECTION: Outcome.OTHER_NO_CORRECTION, State.AWAITING_FEE: Outcome.OTHER_UNPAID_FEE}


# outcome -> (the state it needs, the step that leads there, what lapses, where its deadline is)
_LAPSES = {
    Outcome.OTHER_NO_CORRECTION: (State.AWAITING_CORRECTION, "告知补正", "补正", "correction_due_on"),
    Outcome.OTHER_UNPAID_FEE: (State.AWAITING_FEE, "发出收费通知", "缴费", "pause_ends_on"),
}


def refusal(status, outcome: Outcome, on: date) -> str | None:
    """Why `outcome` cannot close the application on `on` (Chinese), or None when it can."""
    only = _ONLY_WHILE.get(status.state)
    if only is not None and outcome is not only:
        resume = "收到补正" if status.state is State.AWAITING_CORRECTION else "已缴费"
        return f"申请当前“{status.state.label}”，只能以“{only.label}”办结；如需答复，请先登记“{resume}”。"
    if outcome in _LAPSES:
        needs, step, what, deadline = _LAPSES[outcome]
        if status.state is not needs:
            return f"申请不在“{needs.label}”状态（须先{step}），不能以“{outcome.label}”办结。"
        until = getattr(status.deadlines, deadline)
        if until is not None and on <= until:
            return f"{what}期限至{until}，届满后才能以“{outcome.label}”办结。"
    if outcome is Outcome.UNAVAILABLE_UNCLEAR and not status.correction_requested:
        return "“补正后申请内容仍不明确”仅适用于已告知补正的申请（第三十条）。"
    return None


def allowed(status, on: date) -> list[Outcome]:
    """The outcomes a reply on `on` may have, in the order of report table 三."""
    return [o for o in Outcome if refusal(status, o, on) is None]
