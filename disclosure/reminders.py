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
