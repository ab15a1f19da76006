"""WeChat's retries: a message is handled once and every delivery gets the first reply; slow answers go later."""

import asyncio
import gc
from contextlib import contextmanager
from datetime import UTC, timedelta

import asyncpg
import pytest
from sqlalchemy import event, func, select

from bot.deliveries import Recent
from handlers.chat import inbox
from storage.models import Application
from storage.models_chat import Dialogue, InboundMessage, OutboxMessage
from tests.wechat_client import event_xml, text_xml, webhook_client

ANSWERS = ["1", "张三", "11010519491231002X", "13800138000", "2023年本市公交线路调整的批复文件", "2", "1"]


async def _count(container, model) -> int:
    async with container.uow() as uow:
        return await uow.session.scalar(select(func.count()).select_from(model))


async def _deliver(wx, xml: str, times: int, together: bool = False) -> list[str]:
    """One message delivered `times` times with the same MsgId, one after another or all at once."""
    query = wx.query()
    body = wx.envelope(xml, query)

    async def once():
        resp = await wx.post(body, query)
        assert resp.status == 200
        return wx.open_reply(await resp.text())
    if together:
        return list(await asyncio.gather(*(once() for _ in range(times))))
    return [await once() for _ in range(times)]


@pytest.mark.parametrize("together", [False, True], ids=["sequential", "concurrent"])
async def test_retried_confirmation_registers_one_application(container, together):
    async with webhook_client(container, "safe") as wx:
        await wx.text("o-retry", "申请公开")
        for answer in ANSWERS:
            await wx.text("o-retry", answer)
        replies = await _deliver(wx, text_xml("o-retry", "确认"), 3, together)
    assert len(set(replies)) == 1 and "受理编号" in replies[0]
    assert await _count(container, Application) == 1


@pytest.mark.parametrize("together", [False, True], ids=["sequential", "concurrent"])
async def test_retried_answer_advances_the_dialogue_once(container, together):
    async with webhook_client(container) as wx:
        await wx.text("o-step", "申请公开")
        replies = await _deliver(wx, text_xml("o-step", "1"), 4, together)
        assert len(set(replies)) == 1 and "姓名" in replies[0]
        # Had the retries advanced the form, "张三" would now answer a later step than the name.
        assert "身份证号码" in await wx.text("o-step", "张三")


async def test_retried_event_gets_the_same_reply_and_starts_one_form(container):
    async with webhook_client(container) as wx:
        replies = await _deliver(wx, event_xml("o-evt", "CLICK", "apply", created=1795800000), 3)
    assert len(set(replies)) == 1 and "申请人类型" in replies[0]
    assert await _count(container, Dialogue) == 1


async def _wait_for_late_answer(container, key: str) -> None:
    """The slow handler finishes in the background; wait until it has recorded what it did."""
    while True:
        async with container.uow() as uow:
            reply = await uow.session.scalar(select(InboundMessage.reply).where(InboundMessage.dedupe_key == key))
        if reply is not None:
            return
        await asyncio.sleep(0.02)


async def test_answer_past_the_budget_is_sent_later_and_kept_for_the_next_message(container):
    container.settings.raw["wechat"]["reply_budget_seconds"] = 0  # every handler is "too slow"
    async with webhook_client(container, "compat") as wx:
        xml = text_xml("o-slow", "申请以后多长时间给答复", msg_id=770001)
        assert await wx.send(xml) == "success"
        await asyncio.wait_for(_wait_for_late_answer(container, "msg:770001"), 30)
        assert await wx.send(xml) == "success"  # a retry neither answers again nor queues twice
        async with container.uow() as uow:
            rows = [(r.kind, r.recipient, r.state, r.payload["text"])
                    for r in await uow.session.scalars(select(OutboxMessage))]
        assert [r[:3] for r in rows] == [("cs_text", "o-slow", "pending")]
        assert "20个工作日" in rows[0][3]
        container.settings.raw["wechat"]["reply_budget_seconds"] = 4.0
        reply = await wx.text("o-slow", "帮助")
    assert reply.index("20个工作日") < reply.index("在线申请")
    async with container.uow() as uow:
        assert await uow.session.scalar(select(OutboxMessage.state)) == "sent"


async def _hold_table(container, table: str):
    """A transaction of another client holding `table` locked: whoever reads it waits (PostgreSQL)."""
    conn = await asyncpg.connect(container.engine.url.render_as_string(hide_password=False)
                                 .replace("postgresql+asyncpg://", "postgresql://"))
    transaction = conn.transaction()
    await transaction.start()
    await conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    return conn, transaction


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)  # only PostgreSQL can make a read wait
async def test_a_late_answer_is_given_once_when_the_retry_reaches_another_instance(container):
    """The first instance runs out of time while its read-only answer is still being worked out; the
    retry, on another instance, must wait for that answer (and say "success"), not answer a second time."""
    xml = text_xml("o-late", "2020年行政许可处理决定多少件", msg_id=770002)
    conn, transaction = await _hold_table(container, "reports")  # the figures answer waits here
    try:
        async with webhook_client(container) as one, webhook_client(container) as other:
            container.settings.raw["wechat"]["reply_budget_seconds"] = 0
            assert await one.send(xml) == "success"
            await asyncio.wait_for(_wait_for_claim(container, "msg:770002"), 30)
            container.settings.raw["wechat"]["reply_budget_seconds"] = 4.0
            with _polls_for_the_reply(container, "msg:770002", times=2) as waiting:
                retry = asyncio.ensure_future(other.send(xml))
                await asyncio.wait_for(waiting.wait(), 30)
            assert not retry.done()  # it looked for the first instance's answer, found none, and waits
            await transaction.rollback()
            assert await asyncio.wait_for(retry, 30) == "success"
            await asyncio.wait_for(_wait_for_late_answer(container, "msg:770002"), 30)
    finally:
        await conn.close()
    async with container.uow() as uow:
        rows = [(r.kind, r.recipient, r.payload["text"]) for r in await uow.session.scalars(select(OutboxMessage))]
    assert [r[:2] for r in rows] == [("cs_text", "o-late")] and "2020" in rows[0][2]


@contextmanager
def _polls_for_the_reply(container, key: str, times: int):
    """An event set once the reply held under `key` has been read `times` times (a database hook)."""
    polled, seen = asyncio.Event(), []

    def statement(conn, cursor, sql, parameters, context, executemany):
        if sql.lstrip().startswith("SELECT inbound_messages.reply") and key in str(parameters):
            seen.append(sql)
            if len(seen) >= times:
                polled.set()

    event.listen(container.engine.sync_engine, "before_cursor_execute", statement)
    try:
        yield polled
    finally:
        event.remove(container.engine.sync_engine, "before_cursor_execute", statement)


async def _wait_for_claim(container, key: str) -> None:
    while not await _claimed(container, key):
        await asyncio.sleep(0.02)


async def _claimed(container, key: str) -> bool:
    async with container.uow() as uow:
        return await uow.session.scalar(select(InboundMessage.dedupe_key).where(InboundMessage.dedupe_key == key)) is not None


async def _deliver_to_both(first, second, xml: str, together: bool) -> list[str]:
    """One message delivered to two instances sharing the database, as behind a load balancer."""
    query = first.query()
    body = first.envelope(xml, query)

    async def once(wx):
        resp = await wx.post(body, query)
        assert resp.status == 200
        return wx.open_reply(await resp.text())
    if together:
        return list(await asyncio.gather(once(first), once(second)))
    return [await once(first), await once(second)]


@pytest.mark.parametrize("together", [False, True], ids=["sequential", "concurrent"])
async def test_retry_on_another_instance_registers_once_and_gets_the_same_reply(container, together):
    async with webhook_client(container, "safe") as one, webhook_client(container, "safe") as other:
        await one.text("o-two", "申请公开")
        for answer in ANSWERS:
            await one.text("o-two", answer)
        replies = await _deliver_to_both(one, other, text_xml("o-two", "确认"), together)
    assert len(set(replies)) == 1 and "受理编号" in replies[0]
    assert await _count(container, Application) == 1


async def test_retry_after_a_restart_does_not_advance_the_form_again(container):
    xml = text_xml("o-restart", "1")
    async with webhook_client(container) as before:
        await before.text("o-restart", "申请公开")
        first = await before.send(xml)
    async with webhook_client(container) as after:  # a fresh process: nothing remembered in memory
        assert await after.send(xml) == first
        assert "身份证号码" in await after.text("o-restart", "张三")


async def test_read_only_answers_write_no_delivery_record(container):
    async with webhook_client(container) as wx:
        assert "20个工作日" in await wx.text("o-reader", "申请以后多长时间给答复")
        await wx.text("o-reader", "帮助")
    assert await _count(container, InboundMessage) == 0


async def test_delivery_records_are_deleted_after_the_retry_window_is_long_past(container, clock):
    # They hold the replies given (a form's summary quotes the follower's details): kept 48 hours.
    async with webhook_client(container) as wx:
        await wx.text("o-forget", "申请公开")  # starts a form: a claimed delivery, recorded with its reply
    now = clock().astimezone(UTC)
    async with container.uow() as uow:
        uow.session.add_all([InboundMessage(dedupe_key="msg:old", reply="", created_at=now - timedelta(hours=49)),
                             InboundMessage(dedupe_key="msg:recent", reply="", created_at=now - timedelta(hours=47))])
        await uow.commit()
    assert await inbox.forget_old(container) == 1
    async with container.uow() as uow:
        keys = set(await uow.session.scalars(select(InboundMessage.dedupe_key)))
    assert "msg:old" not in keys and "msg:recent" in keys and len(keys) == 2


async def test_an_answered_message_is_remembered_as_its_reply_text_which_the_collector_does_not_walk():
    """A busy minute's deliveries stayed as objects with futures, and every full collection walked them
    (tens of ms each, the p99 of the minute after a burst)."""
    recent = Recent()
    delivery, first = recent.first(None, "msg:1")
    assert first and recent.first(None, "msg:1") == (delivery, False)  # a retry while it is worked on
    delivery.answer("已收到")
    assert recent.first(None, "msg:1") == ("已收到", False)
    recent.first(None, "msg:2")[0].answer(None)  # answered later, by customer-service message
    assert recent.first(None, "msg:2") == ("", False)
    gc.collect()
    assert not any(gc.is_tracked(value) for value in (recent._seen, *recent._seen.values()))
