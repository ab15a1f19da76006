"""Sending the outbox through the fake WeChat API: failures retried later and delivered, permanent
failures kept, applicant notices with their payloads, the morning digest, year-end, the scheduler."""

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from disclosure.events import Action
from handlers.applications import service as applications
from handlers.outbox import admin as outbox_admin
from handlers.outbox.send import LEASE, send_due
from handlers.reminders import yearend
from handlers.reminders.digest import digest
from handlers.reminders.scan import scan
from handlers.reminders.yearend import run_yearend
from scheduler.service import Scheduler
from storage import outbox
from storage.models import Agency, StoredReport
from storage.models_chat import OutboxMessage
from tests.cli_helpers import Gongkai
from tests.reminder_helpers import (
    TEMPLATE,
    add_staff,
    assign,
    client_for,
    register,
    wired_container,
    wired_env,
)

A, CITIZEN = "oStaffA000000000000000000001", "oCitizen00000000000000000001"


@pytest.fixture
async def wired(settings_env, tmp_path, fake, clock):
    clock.set("2024-10-24")
    async with wired_container(wired_env(settings_env, tmp_path, fake), clock) as container:
        container.extras["staff"] = await add_staff(container, "甲", A)
        yield container


async def outbox_rows(container) -> list[OutboxMessage]:
    async with container.uow() as uow:
        rows = list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        uow.session.expunge_all()  # keep the loaded values readable after the session closes
        return rows


@pytest.mark.parametrize("fault", ["http", "errcode", "drop"])
async def test_a_failed_send_is_retried_later_and_delivered(wired, clock, fake, fault):
    await register(wired, "2024-09-20")  # overdue on Oct 24
    assert await scan(wired) == 1
    {"http": lambda: fake.error_next(500, times=2, path=TEMPLATE),
     "errcode": lambda: fake.fail_next(45009, path=TEMPLATE),  # API daily limit reached
     "drop": lambda: fake.drop_next(times=2, path=TEMPLATE)}[fault]()
    async with client_for(wired) as client:
        first = await send_due(wired, client)
        again = await send_due(wired, client)  # the retry is not due yet
        [row] = await outbox_rows(wired)
        assert (first.retrying, again.sent, row.state, row.attempts) == (1, 0, "pending", 1)
        assert row.last_error
        clock.value += timedelta(seconds=61)
        later = await send_due(wired, client)
    [row] = await outbox_rows(wired)
    assert (later.sent, row.state, row.attempts) == (1, "sent", 2)
    delivered = [c for c in fake.calls(TEMPLATE) if c["touser"] == A]
    assert delivered[-1]["data"]["thing2"] == {"value": "答复期限已逾期1个工作日"}


async def test_an_unfollowed_recipient_fails_for_good_and_a_missing_template_id_waits(wired, clock, fake):
    fake.unsubscribed.add(A)
    await register(wired, "2024-09-20")
    await scan(wired)
    async with client_for(wired) as client:
        report = await send_due(wired, client)
        clock.value += timedelta(days=1)
        assert (await send_due(wired, client)).sent == 0
    [row] = await outbox_rows(wired)
    assert (report.failed, row.state, row.attempts) == (1, "failed", 1)
    assert "43004" in row.last_error


async def test_staff_list_failed_messages_and_send_them_again(wired, clock, fake, settings_env, tmp_path):
    fake.unsubscribed.add(A)
    number = await register(wired, "2024-09-20")
    await scan(wired)
    async with client_for(wired) as client:
        await send_due(wired, client)
    [row] = await outbox_rows(wired)
    gk = Gongkai(tmp_path, extra_env=wired_env(settings_env, tmp_path, fake))
    [listed] = gk.json("outbox", "list")
    assert (listed["id"], listed["state"], listed["attempts"]) == (row.id, "failed", 1)
    assert "43004" in listed["last_error"] and listed["recipient"] != A and listed["recipient"].startswith(A[:4])
    text = gk.run("outbox", "list").stdout
    assert f"#{row.id}" in text and "43004" in text and number not in text  # the message itself stays out
    assert gk.run("outbox", "list", "--state", "sent").stdout.strip() == "没有已发送的消息。"

    fake.unsubscribed.discard(A)  # the staff member follows the account again
    assert await outbox_admin.retry(wired, None, [row.id, row.id + 1]) == [row.id]  # only failed rows
    async with client_for(wired) as client:
        assert (await send_due(wired, client)).sent == 1
    [row] = await outbox_rows(wired)
    assert (row.state, row.attempts) == ("sent", 1)
    refused = gk.run("outbox", "retry", str(row.id), check=False)
    assert refused.returncode == 1 and f"#{row.id} 不是本机关发送失败的消息" in refused.stdout


async def test_applicant_notices_say_what_happens_next_and_by_when(wired, clock, fake):
    clock.set("2024-09-20")
    number = await register(wired, "2024-09-20", openid=CITIZEN)
    await register(wired, "2024-09-20")  # applied in person: told by other means, not WeChat
    steps = [("2024-09-25", Action.REQUEST_CORRECTION, {"until": date(2024, 10, 15), "note": "写明文件名称"}),
             ("2024-10-09", Action.RECEIVE_CORRECTION, {}),
             ("2024-10-10", Action.FEE_NOTICE, {"amount": 100}),
             ("2024-10-11", Action.FEE_PAID, {}),
             ("2024-10-14", Action.EXTEND, {"days": 10, "approver": "王主任"}),
             ("2024-10-21", Action.CLOSE, {"outcome": "granted"})]
    for day, action, data in steps:
        clock.set(day)
        await applications.perform(wired, number, action, data=data)
    async with client_for(wired) as client:
        await send_due(wired, client)
    notices = [c for c in fake.calls(TEMPLATE) if c["template_id"] == "TPL-NOTICE"]
    assert {c["touser"] for c in notices} == {CITIZEN}
    fields = [{k: v["value"] for k, v in c["data"].items()} for c in notices]
    assert [f["character_string1"] for f in fields] == [number] * 5
    assert [(f["thing2"], f["date3"], f["thing4"]) for f in fields] == [
        ("已收到您的政府信息公开申请", "2024年10月23日", "最迟于此日前答复，如需补正另行告知"),
        ("请补正：写明文件名称", "2024年10月15日", "请于此日前回复“补正”提交"),
        ("需缴纳信息处理费100元", "2024年11月6日", "请于此日前缴费，逾期视为放弃申请"),
        ("答复期限延长10个工作日", "2024年11月20日", "将于此日前答复您"),
        ("已答复：予以公开", "2024年10月21日", "如有异议，可依法申请复议或诉讼"),
    ]


async def test_morning_digest_once_per_staff_member_and_working_day(wired, clock, fake):
    numbers = []
    for received in ("2024-09-20", "2024-09-23", "2024-10-08"):  # due Oct 23, Oct 24, Nov 5
        numbers.append(await register(wired, received))
        await assign(wired, numbers[-1], wired.extras["staff"])
    clock.set("2024-10-21")
    assert await digest(wired) == 1
    assert await digest(wired) == 0
    assert await digest(wired, date(2024, 10, 26)) == 0  # a Saturday
    async with client_for(wired) as client:
        await send_due(wired, client)
    [message] = fake.calls(TEMPLATE)
    assert message["template_id"] == "TPL-DIGEST"
    assert {k: v["value"] for k, v in message["data"].items()} == {
        "number1": "2", "thing2": "本周到期申请2件", "date3": "2024年10月23日",
        "thing4": f"最早到期：{numbers[0]}，请及时办理"}


async def test_year_end_drafts_notifies_and_reminds_before_31_january(wired, clock, fake):
    clock.set("2024-12-20")
    for received in ("2024-03-04", "2024-12-20"):
        await register(wired, received)
    sent = {}
    for offset in range(0, 35):
        day = date(2025, 1, 1) + timedelta(days=offset)
        clock.set(day.isoformat())
        if day == date(2025, 1, 20):  # publication reminders stop once the report is stored
            await store_report(wired, 2024)
        sent[day.isoformat()] = await run_yearend(wired) + await run_yearend(wired)
    assert {d: n for d, n in sent.items() if n} == {"2025-01-02": 1, "2025-01-15": 1}
    async with client_for(wired) as client:
        await send_due(wired, client)
    fields = [{k: v["value"] for k, v in c["data"].items()} for c in fake.calls(TEMPLATE)]
    assert fields == [
        {"character_string1": "2024", "thing2": "2024年度报告草稿已生成", "date3": "2025年1月31日",
         "thing4": "新收申请2件，校验通过"},
        {"character_string1": "2024", "thing2": "2024年度报告尚未公开", "date3": "2025年1月31日",
         # Sent 10 working days before 31 Jan, which is itself a Spring Festival holiday: 9 are left after today.
         "thing4": "还剩9个工作日，请按时公开"},
    ]


async def test_year_end_without_a_drafter_asks_staff_to_prepare_the_report(wired, clock, fake, monkeypatch):
    monkeypatch.setattr(yearend, "REPORT_DRAFTERS", [])
    clock.set("2025-01-02")
    assert await run_yearend(wired) == 1
    async with client_for(wired) as client:
        await send_due(wired, client)
    assert fake.calls(TEMPLATE)[0]["data"]["thing2"]["value"] == "请编制2024年度政府信息公开报告"


async def store_report(container, year: int) -> None:
    async with container.uow() as uow:
        agency = await uow.session.scalar(select(Agency).where(Agency.code == container.default_agency))
        uow.session.add(StoredReport(agency_id=agency.id, year=year, data={}))
        await uow.commit()


async def test_scheduler_catches_up_on_start(wired, fake):
    await register(wired, "2024-09-20")  # overdue on Oct 24; nothing queued yet
    scheduler = Scheduler(wired)
    await scheduler.start()
    try:
        for _ in range(200):  # wait for the start-up run, however long it takes on this machine
            if len(fake.calls(TEMPLATE)) >= 2:
                break
            await asyncio.sleep(0.05)
    finally:
        await scheduler.shutdown()
    # 09:00 is past the digest hour, so the morning digest is caught up as well.
    assert sorted(c["data"]["thing2"]["value"] for c in fake.calls(TEMPLATE)) == [
        "本周到期申请1件，其中已逾期1件", "答复期限已逾期1个工作日"]


async def test_a_row_claimed_by_a_sender_that_died_is_sent_after_its_lease(wired, clock, fake):
    await register(wired, "2024-09-20")
    await scan(wired)
    async with wired.uow() as uow:  # a sender claims the row, then its process dies before sending
        assert len(await outbox.claim(uow.session, wired.now(), LEASE, 10)) == 1
        await uow.commit()
    async with client_for(wired) as client:
        assert (await send_due(wired, client)).sent == 0
        clock.value += LEASE
        assert (await send_due(wired, client)).sent == 1
    assert len(fake.calls(TEMPLATE)) == 1
