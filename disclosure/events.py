"""The actions the statute lets an agency take on an application, as events in its history."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType


class Action(StrEnum):
    REGISTER = "register"  # art. 31: received
    REQUEST_CORRECTION = "request-correction"  # art. 30: one notice within 7 working days
    RECEIVE_CORRECTION = "receive-correction"  # art. 30: reply clock restarts
    CONSULT = "consult"  # arts. 32, 34: third party or other agency consulted, clock paused
    CONSULT_END = "consult-end"  # arts. 32, 34: answer received (or 15 working days passed)
    FEE_NOTICE = "fee-notice"  # art. 42: clock paused while the fee is awaited
    FEE_PAID = "fee-paid"  # art. 42
    FEE_WAIVE = "fee-waive"  # 109号: the agency may charge; not charging what the standard allows is recorded
    EXTEND = "extend"  # art. 33: once, approved, before the due date
    CLOSE = "close"  # art. 36: reply given, with its outcome
    WITHDRAW = "withdraw"  # the applicant withdraws
    VOID = "void"  # not the statute's: an entry recorded by mistake is struck out, with a reason (disclosure.voiding)
    ISSUE_LETTER = "issue-letter"  # a document (文书) of an earlier step issued; the process does not move

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.REGISTER: "收到申请",
    Action.REQUEST_CORRECTION: "告知补正",
    Action.RECEIVE_CORRECTION: "收到补正",
    Action.CONSULT: "征求意见",
    Action.CONSULT_END: "征求意见结束",
    Action.FEE_NOTICE: "发出收费通知",
    Action.FEE_PAID: "已缴费",
    Action.FEE_WAIVE: "免收信息处理费",
    Action.EXTEND: "延长答复期限",
    Action.CLOSE: "答复办结",
    Action.WITHDRAW: "申请人撤回",
    Action.VOID: "撤销误登记",
    Action.ISSUE_LETTER: "出具文书",
}


@dataclass(frozen=True)
class Event:
    """One action in an application's history; `on` is the day it happened (may be on paper, earlier)."""

    action: Action
    on: date
    data: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, key: str, default=None):
        return self.data.get(key, default)


def effective(events: list[Event]) -> list[Event]:
    """The history as it counts: entries struck out by a VOID (and the VOIDs themselves) left out.

    A VOID names the entry it strikes by its place in the history (`voids`: 1 is the registration)."""
    voided = {ev.get("voids") for ev in events if ev.action is Action.VOID}
    return [ev for seq, ev in enumerate(events, 1) if ev.action is not Action.VOID and seq not in voided]
