"""The morning digest: each bound staff member hears, on working days, what falls due this week.

"This week" is through Sunday, and includes anything already overdue. A staff member with nothing due
gets no message. One digest per staff member and day (the dedupe key holds both).
"""

from datetime import date, timedelta

from handlers.reminders.scan import recipients, snapshot
from handlers.reminders.template_fields import digest_template_fields, payload
from storage import outbox, schedule_queries

DIGEST_JOB = "morning-digest"


def week_end(day: date) -> date:
    return day + timedelta(days=6 - day.weekday())


def digest_fields(day: date, due: list[tuple[date, str]]) -> dict[str, str]:
    """`due`: (due date, number) pairs, any order."""
    due = sorted(due)
    overdue = sum(1 for d, _ in due if d < day)
    subject = f"本周到期申请{len(due)}件" + (f"，其中已逾期{overdue}件" if overdue else "")
    first_day, first_number = due[0]
    return digest_template_fields(len(due), subject, first_day, f"最早到期：{first_number}，请及时办理")


async def digest(container, day: date | None = None) -> int:
    """Queue today's digests (working days only); returns how many were queued."""
    day = day or container.today()
    if not container.calendar.is_workday(day):
        return 0
    async with container.uow() as uow:
        apps = [snapshot(row) for row in await schedule_queries.open_applications(uow.session)]
        staff = await schedule_queries.bound_staff(uow.session)
    per_staff: dict[str, tuple[int, list[tuple[date, str]]]] = {}
    for app in apps:
        if app.due_on is None or app.due_on > week_end(day):
            continue
        for person in recipients(app, staff):
            per_staff.setdefault(person.openid, (app.agency_id, []))[1].append((app.due_on, app.number))
    queued = 0
    async with container.uow() as uow:
        for openid in sorted(per_staff):
            agency_id, due = per_staff[openid]
            queued += await outbox.enqueue(uow.session, "digest", f"digest:{day}:{openid}", openid,
                                           payload("digest", digest_fields(day, due)), container.now(), agency_id)
        await outbox.record_run(uow.session, DIGEST_JOB, day, container.now())
        await uow.commit()
    return queued
