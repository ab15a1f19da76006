"""Which staff reminders an application calls for on a given day: pure functions over the calendar.

Every reminder belongs to a family (the reply deadline, the correction-notice limit, the consultation
limit) and has the day it fires. The scan sends (and its preview shows), per family, the latest one
that has fired by today. Sending only the latest means a scan that runs late
(service down overnight, an application recorded after the fact) catches up with the one reminder that
still matters, and never sends a stale "5 days left" beside a "1 day left". Together with the outbox's
dedupe key (kind, application, due date, recipient) every reminder goes out once; a due date that moves
yields new keys, so the reminders re-arm for it by themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from disclosure.calendar import WorkCalendar
from disclosure.periods import CONSULTATION_PERIOD
from disclosure.states import State

# Most applications need no correction, so the 7-day correction-notice limit (art. 30) gets two
# nudges only: two working days before it, and on the day.
CORRECTION_NOTICE_OFFSETS = (2, 0)

REPLY, CORRECTION_NOTICE, CONSULTATION = "reply", "correction-notice", "consultation"


@dataclass(frozen=True)
class AppSnapshot:
    """What the plan needs to know about one open application."""

    id: int
    number: str
    agency_id: int
    state: str
    due_on: date | None
    correction_notice_due: date
    correction_requested: bool = False
    consult_started: date | None = None
    assigned_staff_id: int | None = None


@dataclass(frozen=True)
class Reminder:
    family: str
    kind: str
    due: date  # the deadline it is about
    fires_on: date
    daily: bool = False  # one per day (overdue), so the day belongs in its dedupe key

    def dedupe_key(self, number: str, recipient: str) -> str:
        day = f":{self.fires_on}" if self.daily else ""
        return f"{self.kind}:{number}:{self.due}{day}:{recipient}"


def workdays_before(cal: WorkCalendar, day: date, n: int) -> date:
    """The n-th working day before `day` (n=0: `day` itself)."""
    while n:
        day -= timedelta(days=1)
        n -= cal.is_workday(day)
    return day


def last_workday(cal: WorkCalendar, day: date) -> date:
    while not cal.is_workday(day):
        day -= timedelta(days=1)
    return day


def _reply(app: AppSnapshot, cal: WorkCalendar, offsets: Iterable[int], through: date) -> list[Reminder]:
    if app.due_on is None:
        return []
    due = app.due_on
    found = [Reminder(REPLY, f"reply-before-{n}", due, workdays_before(cal, due, n)) for n in offsets]
    found.append(Reminder(REPLY, "reply-due", due, due))
    latest = last_workday(cal, through)
    if latest > due:
        found.append(Reminder(REPLY, "reply-overdue", due, latest, daily=True))
    return found


def _correction_notice(app: AppSnapshot, cal: WorkCalendar, through: date) -> list[Reminder]:
    limit = app.correction_notice_due
    if app.state != State.PROCESSING or app.correction_requested or through > limit:
        return []
    return [Reminder(CORRECTION_NOTICE, "correction-notice-due" if n == 0 else f"correction-notice-before-{n}",
                     limit, workdays_before(cal, limit, n)) for n in CORRECTION_NOTICE_OFFSETS]


def _consultation(app: AppSnapshot, cal: WorkCalendar) -> list[Reminder]:
    if app.state != State.CONSULTING or app.consult_started is None:
        return []
    limit = cal.add_workdays(app.consult_started, CONSULTATION_PERIOD)
    return [Reminder(CONSULTATION, "consultation-limit", limit, limit)]


def candidates(app: AppSnapshot, cal: WorkCalendar, offsets: Iterable[int], through: date) -> list[Reminder]:
    """Every reminder the application calls for that fires on or before `through`."""
    if not State(app.state).is_open:
        return []
    found = _reply(app, cal, offsets, through) + _correction_notice(app, cal, through) + _consultation(app, cal)
    return [r for r in found if r.fires_on <= through]


def due_by(app: AppSnapshot, cal: WorkCalendar, offsets: Iterable[int], day: date) -> list[Reminder]:
    """Per family, the latest reminder that has fired by `day` (what the scan sends, once)."""
    latest: dict[str, Reminder] = {}
    for rem in candidates(app, cal, offsets, day):
        if rem.family not in latest or rem.fires_on > latest[rem.family].fires_on:
            latest[rem.family] = rem
    return list(latest.values())


@dataclass(frozen=True)
class Unfinished:
    """A step the record shows unfinished: its document not issued, or the applicant's period run out."""

    kind: str  # letter-missing-<document kind>, correction-lapsed, fee-lapsed
    about: str  # what the dedupe key tells apart: the step's seq, or the lapsed period's last day
    subject: str
    next_step: str
    due: date


def unfinished(state: str, missing: Iterable[tuple[str, str, date]], correction_due: date | None,
               fee_due: date | None, cal: WorkCalendar, day: date) -> list[Unfinished]:
    """`missing`: (kind, title, step date) of required documents not issued. A missing document is
    reported from the working day after its step; a lapsed period from the day after it ends. Staff decide
    whether the application is abandoned (art. 30 excuses "正当理由"; a payment may be on its way)."""
    found = [Unfinished(f"letter-missing-{kind}", f"{kind}:{on}", f"{title}尚未出具", "请出具并送达文书", on)
             for kind, title, on in missing if cal.add_workdays(on, 1) <= day]
    if state == State.AWAITING_CORRECTION and correction_due and correction_due < day:
        found.append(Unfinished("correction-lapsed", str(correction_due), "补正期限已届满", "未补正的可出具视为放弃告知",
                                correction_due))
    if state == State.AWAITING_FEE and fee_due and fee_due < day:
        found.append(Unfinished("fee-lapsed", str(fee_due), "缴费期限已届满", "未缴费的可出具视为放弃告知", fee_due))
    return found
