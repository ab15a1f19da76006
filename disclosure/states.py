"""Where an application stands in the process."""

from enum import StrEnum


class State(StrEnum):
    PROCESSING = "processing"  # art. 33: the reply clock runs
    AWAITING_CORRECTION = "awaiting_correction"  # art. 30: clock stopped until the correction arrives
    CONSULTING = "consulting"  # art. 33: time consulting does not count
    AWAITING_FEE = "awaiting_fee"  # art. 42: time waiting for payment does not count
    CLOSED = "closed"  # art. 36: replied
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in (State.CLOSED, State.WITHDRAWN)


STATE_LABELS = {
    State.PROCESSING: "办理中",
    State.AWAITING_CORRECTION: "待补正",
    State.CONSULTING: "征求意见中",
    State.AWAITING_FEE: "待缴费",
    State.CLOSED: "已答复",
    State.WITHDRAWN: "已撤回",
}

OPEN_STATES = tuple(s for s in State if s.is_open)
