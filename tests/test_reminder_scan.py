"""The deadline scan over a clock moved day by day, sent through the fake WeChat API: every reminder
once, none early, none twice; two scanners at once; due dates that move; a scan that runs late."""

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from disclosure.events import Action
from handlers.applications import service as applications
from handlers.outbox.send import send_due
from handlers.reminders.scan import preview, scan
from storage.models_chat import OutboxMessage
from tests.reminder_helpers import (
    TEMPLATE,
    add_staff,
    assign,
    client_for,
    register,
    wired_container,
    wired_env,
)

A, B = "oStaffA000000000000000000001", "oStaffB000000000000000000002"


@pytest.fixture
async def wired(settings_env, tmp_path, fake, clock):
    clock.set("2024-09-20")
    async with wired_container(wired_env(settings_env, tmp_path, fake), clock) as container:
        ids = [await add_staff(container, name, openid) for name, openid in (("甲", A), ("乙", B), ("丙", None))]
        container.extras["staff"] = ids
        yield container


def days(first: str, last: str):
    day = date.fromisoformat(first)
    while day <= date.fromisoformat(last):
        yield day
        day += timedelta(days=1)


def new_messages(fake, seen: int, day: date) -> list[tuple]:
    return [(day.isoformat(), c["touser"], c["data"]["character_string1"]["value"], c["data"]["thing2"]["value"],
             c["data"]["date3"]["value"]) for c in fake.calls(TEMPLATE)[seen:]]


async def walk(container, clock, fake, first: str, last: str, actions: dict | None = None) -> list[tuple]:
    """Each day: record that day's actions, then scan twice and send, as the scheduler would."""
    got = []
    async with client_for(container) as client:
        for day in days(first, last):
            clock.set(day.isoformat(), hour=9)
            for number, action, data in (actions or {}).get(day.isoformat(), []):
                await applications.perform(container, number, action, day, data)
            seen = len(fake.calls(TEMPLATE))
            await scan(container)
            await scan(container)
            await send_due(container, client)
            got += new_messages(fake, seen, day)
    return got


async def test_a_month_with_national_day_sends_every_reminder_once_and_on_time(wired, clock, fake):
    first = await register(wired, "2024-09-20")
    await assign(wired, first, wired.extras["staff"][0])
    second = await register(wired, "2024-09-20")  # unassigned: every bound staff member hears
    actions = {"2024-09-25": [(second, Action.REQUEST_CORRECTION, {"until": date(2024, 10, 15)})],
               "2024-10-09": [(second, Action.RECEIVE_CORRECTION, {})]}
    got = await walk(wired, clock, fake, "2024-09-20", "2024-10-31", actions)
    overdue = [("2024-10-24", 1), ("2024-10-25", 2), ("2024-10-28", 3), ("2024-10-29", 4), ("2024-10-30", 5),
               ("2024-10-31", 6)]
    expected = [
        ("2024-09-27", A, first, "补正告知期限还剩2个工作日", "2024年9月30日"),
        ("2024-09-30", A, first, "补正告知期限今天到期", "2024年9月30日"),
        ("2024-10-16", A, first, "答复期限还剩5个工作日", "2024年10月23日"),
        ("2024-10-18", A, first, "答复期限还剩3个工作日", "2024年10月23日"),
        ("2024-10-22", A, first, "答复期限还剩1个工作日", "2024年10月23日"),
        ("2024-10-23", A, first, "答复期限今天到期", "2024年10月23日"),
        *[(day, A, first, f"答复期限已逾期{n}个工作日", "2024年10月23日") for day, n in overdue],
        # The correction notice (art. 30) was recorded on Sep 25 but never issued: once, a working day later.
        *[("2024-09-26", who, second, "政府信息公开申请补正告知书尚未出具", "2024年9月25日") for who in (A, B)],
        # The correction restarted the clock on Oct 9: 20 working days later is Nov 5.
        *[(day, who, second, f"答复期限还剩{n}个工作日", "2024年11月5日")
          for day, n in (("2024-10-29", 5), ("2024-10-31", 3)) for who in (A, B)],
    ]
    assert sorted(got) == sorted(expected)


async def test_two_scanners_on_one_database_send_each_reminder_once(wired, clock, fake, settings_env, tmp_path):
    numbers = [await register(wired, "2024-09-20") for _ in range(6)]
    clock.set("2024-10-24")
    async with wired_container(wired_env(settings_env, tmp_path, fake), clock) as other:
        async with client_for(wired) as one, client_for(other) as two:
            for _ in range(2):
                await asyncio.gather(scan(wired), scan(other), scan(wired), scan(other))
                await asyncio.gather(send_due(wired, one), send_due(other, two), send_due(wired, one))
    sent = sorted((c["touser"], c["data"]["character_string1"]["value"]) for c in fake.calls(TEMPLATE))
    assert sent == sorted((who, n) for n in numbers for who in (A, B))
    assert fake.token_requests == 1


async def test_an_extension_re_arms_reminders_for_the_new_due_date(wired, clock, fake):
    number = await register(wired, "2024-09-20")
    await assign(wired, number, wired.extras["staff"][1])
    extend = {"2024-10-17": [(number, Action.EXTEND, {"days": 5, "approver": "王主任"})]}
    got = await walk(wired, clock, fake, "2024-10-16", "2024-10-31", extend)
    assert [(day, subject, due) for day, _, _, subject, due in got] == [
        ("2024-10-16", "答复期限还剩5个工作日", "2024年10月23日"),
        ("2024-10-18", "政府信息公开申请延期答复告知书尚未出具", "2024年10月17日"),  # art. 33: tell the applicant
        ("2024-10-23", "答复期限还剩5个工作日", "2024年10月30日"),
        ("2024-10-25", "答复期限还剩3个工作日", "2024年10月30日"),
        ("2024-10-29", "答复期限还剩1个工作日", "2024年10月30日"),
        ("2024-10-30", "答复期限今天到期", "2024年10月30日"),
        ("2024-10-31", "答复期限已逾期1个工作日", "2024年10月30日"),
    ]


async def test_a_scan_after_a_night_down_catches_up_without_repeats(wired, clock, fake):
    number = await register(wired, "2024-09-20")
    await assign(wired, number, wired.extras["staff"][0])
    got = await walk(wired, clock, fake, "2024-10-15", "2024-10-15")
    got += await walk(wired, clock, fake, "2024-10-17", "2024-10-17")  # down all of Oct 16
    got += await walk(wired, clock, fake, "2024-10-23", "2024-10-24")  # down from Oct 18 to Oct 22
    assert [(day, subject) for day, _, _, subject, _ in got] == [
        ("2024-10-17", "答复期限还剩4个工作日"),  # the Oct 16 reminder, late, worded as of the day sent
        ("2024-10-23", "答复期限今天到期"),  # the superseded 3- and 1-day reminders are not sent stale
        ("2024-10-24", "答复期限已逾期1个工作日"),
    ]


async def test_the_preview_shows_exactly_what_the_scan_then_queues(wired, clock):
    """Day by day, with days the scan did not run (catch-ups) and a correction: preview, then scan."""
    clock.set("2024-09-24")
    first, second = await register(wired, "2024-09-20"), await register(wired, "2024-09-23")
    await assign(wired, first, wired.extras["staff"][0])
    await applications.perform(wired, second, Action.REQUEST_CORRECTION, date(2024, 9, 24), {"until": date(2024, 10, 8)})
    seen, compared = set(), 0
    for day in days("2024-09-25", "2024-11-08"):
        clock.set(day.isoformat())
        if day == date(2024, 10, 8):
            await applications.perform(wired, second, Action.RECEIVE_CORRECTION, day)
        if day.day % 3 == 0:
            continue  # the service was down: the next scan catches up
        shown = {(x["number"], x["kind"], x["openid"], x["text"], x["next_step"], x["due_label"])
                 for x in await preview(wired, day)}
        await scan(wired)
        async with wired.uow() as uow:
            rows = (await uow.session.execute(select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.recipient,
                                                     OutboxMessage.payload))).all()
        queued = {(p["data"]["character_string1"], kind, recipient, p["data"]["thing2"], p["data"]["thing4"],
                   p["data"]["date3"]) for row_id, kind, recipient, p in rows if row_id not in seen}
        seen |= {row[0] for row in rows}
        assert shown == queued, day
        compared += len(queued)
    assert compared >= 12
