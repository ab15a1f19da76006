"""Year-end: last year's annual report drafted on the first working day of January, staff told, and
reminded before the 31 January publication deadline (art. 50) until the report is stored as published.

Drafting is pluggable: the first of REPORT_DRAFTERS runs, `async def draft(container, agency_code, year)
-> str | None` (a short line for staff). It must be idempotent (two instances may draft at the same
moment); the notification still goes out once. The default drafts from the records (handlers.report.service
tally, which `gongkai report YEAR` renders) and tells staff the headline figure and the cross-checks.
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

from disclosure.reminders import workdays_before
from handlers.reminders.template_fields import payload, template_fields
from handlers.report import service as reports
from storage import outbox, schedule_queries

log = logging.getLogger(__name__)

Drafter = Callable[[object, str, int], Awaitable[str | None]]


async def tally_drafter(container, agency_code: str, year: int) -> str:
    report = await reports.tally_report(container, year, agency_code)
    received = report["section3"]["new_received"]["total"]
    checked = "校验通过" if all(c["ok"] for c in report["checks"]) else "校验未通过，请核对"
    return f"新收申请{received}件，{checked}"


REPORT_DRAFTERS: list[Drafter] = [tally_drafter]
PUBLISH_OFFSETS = (10, 3)  # working days before 31 January


def first_workday(cal, year: int) -> date:
    day = date(year, 1, 1)
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


def publish_reminder(cal, day: date) -> int | None:
    """The offset of the latest publication reminder fired by `day`, if any."""
    fired = [n for n in PUBLISH_OFFSETS if workdays_before(cal, date(day.year, 1, 31), n) <= day]
    return min(fired) if fired else None


async def _draft(container, agency_code: str, year: int) -> tuple[bool, str | None]:
    """(drafted, summary): runs the drafter unless an earlier run already did."""
    job = f"yearend-draft:{agency_code}:{year}"
    async with container.uow() as uow:
        if await outbox.has_run(uow.session, job):
            return True, None
    if not REPORT_DRAFTERS:
        return False, None
    summary = await REPORT_DRAFTERS[0](container, agency_code, year)
    async with container.uow() as uow:
        await outbox.claim_once(uow.session, job, container.today(), container.now())
        await uow.commit()
    return True, summary


async def run_yearend(container, day: date | None = None) -> int:
    """Draft, notify and remind as `day` (default today) calls for; returns messages queued."""
    day = day or container.today()
    deadline = date(day.year, 1, 31)
    if not first_workday(container.calendar, day.year) <= day <= deadline:
        return 0
    year = day.year - 1
    async with container.uow() as uow:
        agencies = [(a.id, a.code) for a in await schedule_queries.agencies(uow.session)]
        staff = await schedule_queries.bound_staff(uow.session)
    queued = 0
    for agency_id, code in agencies:
        drafted, summary = await _draft(container, code, year)
        subject = f"{year}年度报告草稿已生成" if drafted else f"请编制{year}年度政府信息公开报告"
        messages = [("yearend-draft", template_fields(str(year), subject, deadline, summary or "请于此日前审核并公开"))]
        async with container.uow() as uow:
            offset = publish_reminder(container.calendar, day)
            if offset is not None and not await schedule_queries.report_published(uow.session, agency_id, year):
                left = container.calendar.workdays_between(day, deadline)
                note = f"还剩{left}个工作日，请按时公开" if left else "今天是公开期限，请按时公开"
                messages.append((f"yearend-publish-{offset}",
                                 template_fields(str(year), f"{year}年度报告尚未公开", deadline, note)))
            for person in staff.get(agency_id, []):
                for kind, fields in messages:
                    queued += await outbox.enqueue(uow.session, kind, f"{kind}:{code}:{year}:{person.openid}",
                                                   person.openid, payload("reminder", fields), container.now(),
                                                   agency_id)
            await uow.commit()
    return queued
