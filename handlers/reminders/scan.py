"""Staff reminders: what the plan (disclosure.reminders) calls for, to whom, in what words.

A reminder goes to the staff member handling the application when they have bound WeChat, else to
every bound staff member of the agency, so that an unassigned application is never nobody's business.
"""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from disclosure.calendar import WorkCalendar
from disclosure.reminders import AppSnapshot, Reminder, due_by
from handlers.reminders.template_fields import payload, template_fields, zh_date
from storage import outbox, schedule_queries
from storage.schedule_queries import BoundStaff, OpenApplication

from . import unfinished

SCAN_JOB = "deadline-scan"


@dataclass(frozen=True)
class Planned:
    reminder: Reminder
    app: AppSnapshot
    recipients: list[BoundStaff]


def snapshot(row: OpenApplication) -> AppSnapshot:
    a = row.app
    return AppSnapshot(a.id, a.number, a.agency_id, a.state, a.due_on, a.correction_notice_due,
                       row.correction_requested, row.consult_started, a.assigned_staff_id)


def recipients(app: AppSnapshot, staff: dict[int, list[BoundStaff]]) -> list[BoundStaff]:
    bound = staff.get(app.agency_id, [])
    handler = [s for s in bound if s.id == app.assigned_staff_id]
    return handler or bound


@dataclass(frozen=True)
class Message:
    """One reminder to one staff member, as the scan queues it."""

    key: str
    planned: Planned
    recipient: BoundStaff
    payload: dict


async def plan(container, day: date, agency_id: int | None = None) -> list[Planned]:
    """Per application and family, the latest reminder fired by `day` (a late scan catches up with it)."""
    offsets = container.settings.get("reminders", "offsets")
    async with container.uow() as uow:
        # Snapshots are taken inside the session: closing it expires the loaded rows.
        apps = [snapshot(row) for row in await schedule_queries.open_applications(uow.session, agency_id)]
        staff = await schedule_queries.bound_staff(uow.session)
    found = []
    for app in apps:
        found += [Planned(rem, app, recipients(app, staff)) for rem in due_by(app, container.calendar, offsets, day)]
    return found


def messages(planned: list[Planned], day: date, cal: WorkCalendar) -> list[Message]:
    """The messages for `planned`, worded as of `day`, in one order for every instance (so two scanners
    inserting the same keys cannot deadlock)."""
    found = []
    for p in planned:
        body = reminder_payload(p.reminder, p.app.number, day, cal)
        found += [Message(p.reminder.dedupe_key(p.app.number, s.openid), p, s, body) for s in p.recipients]
    return sorted(found, key=lambda m: m.key)


def reminder_text(rem: Reminder, as_of: date, cal: WorkCalendar) -> tuple[str, str]:
    """(what is due, what to do), worded as of the day the message is sent."""
    if rem.family == "consultation":
        return "征求意见已满15个工作日", "逾期未答复视为同意，请登记结束"
    if as_of < rem.due:
        when = f"还剩{cal.workdays_between(as_of, rem.due)}个工作日"
    elif as_of == rem.due:
        when = "今天到期"
    else:
        when = f"已逾期{cal.workdays_between(rem.due, as_of)}个工作日"
    if rem.family == "correction-notice":
        return f"补正告知期限{when}", "如需补正，须一次性书面告知"
    return f"答复期限{when}", "请尽快答复并说明逾期原因" if as_of > rem.due else "请按期答复申请人"


def reminder_payload(rem: Reminder, number: str, as_of: date, cal: WorkCalendar) -> dict:
    subject, next_step = reminder_text(rem, as_of, cal)
    return payload("reminder", template_fields(number, subject, rem.due, next_step))


class Outgoing(NamedTuple):
    """One reminder to one staff member, as the scan queues it and the preview shows it."""

    key: str
    kind: str
    number: str
    due: date
    recipient: BoundStaff
    payload: dict
    agency_id: int


async def outgoing(container, uow, day: date, planned: list[Planned], agency_id: int | None = None) -> list[Outgoing]:
    """Every message a scan on `day` queues (if not queued yet): the deadline reminders of `planned` and
    the unfinished steps (documents not issued, periods lapsed), in one order for every instance, so two
    scanners inserting the same keys cannot deadlock."""
    found = [Outgoing(m.key, m.planned.reminder.kind, m.planned.app.number, m.planned.reminder.due, m.recipient,
                      m.payload, m.planned.app.agency_id) for m in messages(planned, day, container.calendar)]
    staff = await schedule_queries.bound_staff(uow.session)
    for app, kind, key, due, body in await unfinished.plan(container, uow, day):
        if agency_id is None or app.agency_id == agency_id:
            found += [Outgoing(f"{key}:{s.openid}", kind, app.number, due, s, body, app.agency_id)
                      for s in recipients(app, staff)]
    return sorted(found, key=lambda o: o.key)


async def scan(container, day: date | None = None) -> int:
    """Queue every reminder due by `day` (default today) that is not queued yet; returns how many."""
    day = day or container.today()
    queued = 0
    planned = await plan(container, day)
    async with container.uow() as uow:
        for o in await outgoing(container, uow, day, planned):
            queued += await outbox.enqueue(uow.session, o.kind, o.key, o.recipient.openid, o.payload, container.now(),
                                           o.agency_id)
        await outbox.record_run(uow.session, SCAN_JOB, day, container.now())
        await uow.commit()
    return queued


async def preview(container, day: date, agency_code: str | None = None) -> list[dict]:
    """What a scan on `day` would queue, one line per recipient, queuing nothing: the reminders fired by
    then and not yet in the outbox, catch-ups and unfinished steps included. An application no bound
    staff member would hear of gets a line without recipient."""
    async with container.uow() as uow:
        agency_id = (await uow.agencies.get(agency_code or container.default_agency)).id
    planned = await plan(container, day, agency_id)
    async with container.uow() as uow:
        pending = await outgoing(container, uow, day, planned, agency_id)
        queued = await outbox.queued(uow.session, [o.key for o in pending])
    lines = [_line(o.kind, o.number, o.due, o.payload, o.recipient) for o in pending if o.key not in queued]
    lines += [_line(p.reminder.kind, p.app.number, p.reminder.due,
                    reminder_payload(p.reminder, p.app.number, day, container.calendar), None)
              for p in planned if not p.recipients]
    return sorted(lines, key=lambda x: (x["due_on"], x["number"], x["kind"], x["recipient"] or ""))


def _line(kind: str, number: str, due: date, payload: dict, recipient: BoundStaff | None) -> dict:
    fields = payload["data"]
    return {"kind": kind, "number": number, "due_on": due.isoformat(), "due_label": zh_date(due),
            "text": fields["thing2"], "next_step": fields["thing4"],
            "recipient": recipient.name if recipient else None, "openid": recipient.openid if recipient else None}
