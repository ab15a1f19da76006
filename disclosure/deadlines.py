"""The reply deadline, derived step by step from an application's history (arts. 30, 32-33, 42).

Conventions (shared/reference/statute.md): a period does not count its first day; a pause does not
count the working days after the day it starts, up to and including the day it ends; open pauses are
projected to their longest lawful length so the date shown is the latest the agency may reply.
"""

from dataclasses import dataclass, field
from datetime import date

from .calendar import WorkCalendar
from .events import Action, Event
from .periods import (
    CONSULTATION_PERIOD,
    CORRECTION_NOTICE_PERIOD,
    DEFAULT_CORRECTION_PERIOD,
    FEE_PAYMENT_PERIOD,
    REPLY_PERIOD,
)


@dataclass
class Deadlines:
    received_on: date
    correction_notice_due: date  # art. 30
    due_on: date | None = None  # None while the clock waits for a correction
    correction_due_on: date | None = None  # the applicant's deadline to correct
    pause_ends_on: date | None = None  # latest end of an open consultation or fee wait
    extended_days: int = 0
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Clock:
    def __init__(self, cal: WorkCalendar, received_on: date):
        self.cal = cal
        self.d = Deadlines(received_on, cal.add_workdays(received_on, CORRECTION_NOTICE_PERIOD))
        self.pause: Event | None = None
        self._start(received_on, f"{received_on} 收到申请（第三十一条），当日不计。")
        self.d.steps.append(f"补正告知期限：收到申请后第{CORRECTION_NOTICE_PERIOD}个工作日，即{self.d.correction_notice_due}（第三十条）。")

    def _start(self, base: date, why: str) -> None:
        self.d.due_on = self.cal.add_workdays(base, REPLY_PERIOD + self.d.extended_days)
        extra = f"（含已批准延长的{self.d.extended_days}个工作日）" if self.d.extended_days else ""
        self.d.steps.append(f"{why}答复期限为其后第{REPLY_PERIOD}个工作日{extra}：{self.d.due_on}{self._notable(base, self.d.due_on)}（第三十三条）。")

    def _notable(self, after: date, through: date) -> str:
        off, on = self.cal.notable_days(after, through)
        parts = []
        if off:
            parts.append("不计节假日 " + "、".join(f"{d:%m-%d}" for d in off))
        if on:
            parts.append("调休上班日 " + "、".join(f"{d:%m-%d}" for d in on) + " 计入")
        return "（" + "；".join(parts) + "）" if parts else ""

    def _end_pause(self, end: date, label: str, projected: bool = False) -> None:
        start = self.pause.on
        days = self.cal.workdays_between(start, end)
        self.pause = None
        if self.d.due_on is None:
            return
        self.d.due_on = self.cal.add_workdays(self.d.due_on, days)
        how = "预计最迟" if projected else ""
        self.d.steps.append(f"{label}自{start}起{how}至{end}，不计入期限的工作日{days}个，答复期限顺延至{self.d.due_on}（第三十三条）。")

    def apply(self, ev: Event) -> None:
        handler = getattr(self, "_on_" + ev.action.value.replace("-", "_"), None)
        if handler:
            handler(ev)

    def _on_request_correction(self, ev: Event) -> None:
        until = ev.get("until") or self.cal.add_workdays(ev.on, int(ev.get("days") or DEFAULT_CORRECTION_PERIOD))
        self.d.correction_due_on, self.d.due_on = until, None
        self.d.steps.append(f"{ev.on} 告知补正，补正期限至{until}；答复期限自收到补正之日起重新计算（第三十条）。")
        if ev.on > self.d.correction_notice_due:
            self.d.warnings.append(f"补正告知晚于法定的{CORRECTION_NOTICE_PERIOD}个工作日期限（应在{self.d.correction_notice_due}前告知）。")

    def _on_receive_correction(self, ev: Event) -> None:
        if self.d.correction_due_on and ev.on > self.d.correction_due_on:
            self.d.warnings.append(f"补正材料于{ev.on}收到，晚于补正期限{self.d.correction_due_on}。")
        self.d.correction_due_on = None
        self._start(ev.on, f"{ev.on} 收到补正，")

    def _on_consult(self, ev: Event) -> None:
        self.pause = ev

    def _on_consult_end(self, ev: Event) -> None:
        latest = self.cal.add_workdays(self.pause.on, CONSULTATION_PERIOD)
        if ev.on > latest:
            self.d.warnings.append(f"征求意见超过{CONSULTATION_PERIOD}个工作日，逾期未答复视为同意，只扣除至{latest}（第三十二条）。")
        self._end_pause(min(ev.on, latest), "征求第三方或其他机关意见")

    def _on_fee_notice(self, ev: Event) -> None:
        self.pause = ev

    def _on_fee_paid(self, ev: Event) -> None:
        self._end_pause(ev.on, "等待缴纳信息处理费")

    def _on_fee_waive(self, ev: Event) -> None:
        if self.pause is not None:  # waived after the notice: the wait for payment ends that day
            self._end_pause(ev.on, "等待缴纳信息处理费（后免收）")

    def _on_extend(self, ev: Event) -> None:
        days = int(ev.get("days"))
        self.d.extended_days = days
        self.d.due_on = self.cal.add_workdays(self.d.due_on, days)
        self.d.steps.append(f"{ev.on} 经{ev.get('approver')}批准延长{days}个工作日，答复期限延至{self.d.due_on}（第三十三条）。")

    def _close(self, ev: Event) -> None:
        self.pause = None

    _on_close = _close
    _on_withdraw = _close

    def finish(self) -> Deadlines:
        if self.pause is not None:
            if self.pause.action is Action.CONSULT:
                end = self.cal.add_workdays(self.pause.on, CONSULTATION_PERIOD)
                label = "征求意见尚未结束，按最长15个工作日计，"
            else:
                end = self.pause.get("until") or self.cal.add_workdays(self.pause.on, FEE_PAYMENT_PERIOD)
                label = "尚未缴费，按缴费期限计，"
            self.d.pause_ends_on = end
            self._end_pause(end, label + "暂停", projected=True)
        last = max(x for x in (self.d.due_on, self.d.correction_due_on, self.d.correction_notice_due) if x)
        for year in self.cal.unknown_years_between(self.d.received_on, last):
            self.d.warnings.append(f"{year}年的国务院节假日安排尚未录入，该年按周末推算，公布后请更新节假日数据并复核期限。")
        return self.d


def compute_deadlines(events: list[Event], cal: WorkCalendar) -> Deadlines:
    """Fold the history (first event: REGISTER) into due dates and their explanation."""
    clock = _Clock(cal, events[0].on)
    for ev in events[1:]:
        clock.apply(ev)
    return clock.finish()
