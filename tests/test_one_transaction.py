"""One message, one transaction: the application, the notice, the form's deletion and the stored reply commit
together or not at all, and WeChat's retry gets the stored reply or does the work, once.

Faults are injected through SQLAlchemy's event hooks on the real database, at the statement or commit named;
a retry "after a restart" is a fresh app on the same database (nothing remembered in memory).
"""

import asyncio
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from bot.wechat_protocol import Protocol
from bot.wechat_sim import WeChatSigner
from faults.crash_confirm import seed
from handlers.chat import claims
from handlers.chat.message import SORRY, finish_lapsed
from handlers.staff import binding as staff_binding
from storage.models import Applicant, Application, ApplicationEvent
from storage.models_chat import Dialogue, InboundMessage, OutboxMessage
from tests.test_staff import STAFF, _apply, _bound
from tests.wechat_client import text_xml, webhook_client

NUMBER = re.compile(r"受理编号：(\d+)")
STATEMENTS = {  # a failure right after the statement that starts so
    "claimed": "INSERT INTO inbound_messages",
    "registered": "INSERT INTO applications",
    "notice queued": "INSERT INTO outbox",
    "form deleted": "DELETE FROM dialogues",
    "reply recorded": "UPDATE inbound_messages SET reply",
}


class InjectedFault(Exception):
    """What the hooks raise: the database then keeps what a crash at that point would have left."""


@contextmanager
def failing(container, where: str):
    """The first statement named `where` (or "commit": the first commit) fails once."""
    armed = [True]

    def after_statement(conn, cursor, statement, parameters, context, executemany):
        if armed[0] and statement.lstrip().startswith(STATEMENTS.get(where, "\0")):
            armed[0] = False
            raise InjectedFault(where)

    def before_commit(conn):
        if armed[0] and where == "commit":
            armed[0] = False
            raise InjectedFault(where)

    engine = container.engine.sync_engine
    event.listen(engine, "after_cursor_execute", after_statement)
    event.listen(engine, "commit", before_commit)
    try:
        yield
    finally:
        event.remove(engine, "after_cursor_execute", after_statement)
        event.remove(engine, "commit", before_commit)


async def _state(container, openid: str) -> dict:
    async with container.uow() as uow:
        s = uow.session
        return {
            "numbers": list(await s.scalars(select(Application.number).join(
                Applicant, Application.applicant_id == Applicant.id).where(Applicant.openid == openid))),
            "step": await s.scalar(select(Dialogue.step).where(Dialogue.openid == openid)),
            "records": (await s.execute(select(InboundMessage.reply, InboundMessage.message))).all(),
            "outbox": list(await s.scalars(select(OutboxMessage.kind).where(OutboxMessage.recipient == openid)
                                           .order_by(OutboxMessage.kind))),
        }


def _inbound(container, xml: str):
    """The message exactly as the webhook reads it from WeChat's request."""
    token = container.settings.get("wechat", "token")
    return Protocol(token).open(*WeChatSigner(token).request(xml)).inbound


def _done_once(state: dict, told: str) -> None:
    assert len(state["numbers"]) == 1 and NUMBER.findall(told) == state["numbers"]
    assert state["step"] is None  # the form was deleted with the registration
    assert state["outbox"].count("notice-register") == 1


@pytest.mark.parametrize("where", [*STATEMENTS, "commit"])
async def test_a_failure_anywhere_in_a_confirmation_leaves_nothing_and_the_retry_does_it_once(container, where):
    await seed(container, ["o-fault"])
    xml = text_xml("o-fault", "确认")
    async with webhook_client(container) as wx:
        with failing(container, where):
            assert await wx.send(xml) == SORRY
    assert await _state(container, "o-fault") == {"numbers": [], "step": "confirm", "records": [], "outbox": []}
    async with webhook_client(container) as wx:  # WeChat's retry (the same MsgId) after a restart
        retried = await wx.send(xml)
        assert await wx.send(xml) == retried  # and another: the stored reply
    state = await _state(container, "o-fault")
    _done_once(state, retried)
    assert state["records"] == [(retried, None)]


async def test_a_failure_just_after_the_commit_leaves_the_retry_the_stored_reply(container):
    await seed(container, ["o-fault"])
    xml = text_xml("o-fault", "确认")

    def fail(session):
        raise InjectedFault("committed")

    async with webhook_client(container) as wx:
        event.listen(Session, "after_commit", fail, once=True)
        try:
            assert await wx.send(xml) == SORRY  # what it had committed it could not say
        finally:
            if event.contains(Session, "after_commit", fail):
                event.remove(Session, "after_commit", fail)
    stored = await _state(container, "o-fault")
    async with webhook_client(container) as wx:
        retried = await wx.send(xml)
    assert stored["records"] == [(retried, None)]
    _done_once(await _state(container, "o-fault"), retried)


async def test_a_lapsed_lease_is_taken_over_by_the_retry_and_answered_once(container, clock):
    """The process that leased the message when its time ran out died before answering."""
    await seed(container, ["o-lease"])
    xml = text_xml("o-lease", "确认")
    assert await claims.lease(container, _inbound(container, xml))
    clock.value += timedelta(seconds=container.settings.get("wechat", "lease_seconds") + 1)
    async with webhook_client(container) as wx:
        retried = await wx.send(xml)
    state = await _state(container, "o-lease")
    _done_once(state, retried)
    assert state["records"] == [(retried, None)]  # the lease's copy of the message is gone


async def test_a_lapsed_lease_on_a_question_is_answered_by_the_retry_and_then_closed(container, clock):
    xml = text_xml("o-asks", "申请以后多长时间给答复")
    assert await claims.lease(container, _inbound(container, xml))
    clock.value += timedelta(seconds=container.settings.get("wechat", "lease_seconds") + 1)
    async with webhook_client(container) as wx:
        retried = await wx.send(xml)
    assert "20个工作日" in retried
    assert (await _state(container, "o-asks"))["records"] == [(retried, None)]
    assert await finish_lapsed(container) == 0  # answered: nothing is left for the sweep to send again


async def test_while_a_lease_runs_the_retry_waits_then_the_sweep_answers_it_late_once(container, clock):
    await seed(container, ["o-lease"])
    xml = text_xml("o-lease", "确认")
    assert await claims.lease(container, _inbound(container, xml))
    container.settings.raw["wechat"]["reply_budget_seconds"] = 0.3
    async with webhook_client(container) as wx:
        assert await wx.send(xml) == "success"  # its holder may still answer: this delivery does not
        assert (await _state(container, "o-lease"))["numbers"] == []
        assert await finish_lapsed(container) == 0  # not lapsed yet
        clock.value += timedelta(seconds=container.settings.get("wechat", "lease_seconds") + 1)
        assert await finish_lapsed(container) == 1
        assert await finish_lapsed(container) == 0
        state = await _state(container, "o-lease")
        async with container.uow() as uow:
            (late,) = await uow.session.scalars(select(OutboxMessage.payload).where(OutboxMessage.kind == "cs_text"))
        _done_once(state, late["text"])
        assert state["records"] == [("", None)]
    async with webhook_client(container) as wx:
        assert await wx.send(xml) == "success"  # a late retry: answered already
    assert (await _state(container, "o-lease"))["numbers"] == state["numbers"]


async def test_two_staff_actions_at_once_record_one_and_the_other_is_told_why_and_kept(container):
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        code = await staff_binding.issue_code(container, container.default_agency, "李雷")
        assert "绑定成功" in await wx.text("o-staff-li", f"绑定 {code}")
        number = await _apply(wx)
        asked = [await wx.text(STAFF, f"办结 {number} granted"), await wx.text("o-staff-li", f"办结 {number} partially_granted")]
        assert [a[:3] for a in asked] == ["请确认", "请确认"]  # each is asked, neither recorded yet
        closing = [text_xml(STAFF, "确认"), text_xml("o-staff-li", "确认")]
        replies = await asyncio.gather(*(wx.send(x) for x in closing))
    assert sorted(r[:3] for r in replies) == ["已记录", "未执行"], replies
    async with container.uow() as uow:
        closes = await uow.session.scalar(select(func.count()).select_from(ApplicationEvent)
                                          .where(ApplicationEvent.action == "close"))
    assert closes == 1
    async with webhook_client(container) as wx:  # retries after a restart get what was said
        assert [await wx.send(x) for x in closing] == replies


async def test_a_read_only_answer_writes_and_commits_nothing(container):
    writes = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        if not sql.lstrip().upper().startswith("SELECT"):
            writes.append(sql.split()[0])

    engine = container.engine.sync_engine
    async with webhook_client(container) as wx:
        await wx.text("o-reader", "帮助")  # the first message reads the agency, the guide's version
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine, "commit", lambda conn: writes.append("COMMIT"))
        try:
            assert "20个工作日" in await wx.text("o-reader", "申请以后多长时间给答复")
            assert "在线申请" in await wx.text("o-reader", "帮助")
        finally:
            event.remove(engine, "before_cursor_execute", statement)
    assert writes == []
