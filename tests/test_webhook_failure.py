"""A handler that fails for real (the database refuses a write): the follower gets an apology, nothing
is half-written, no personal data reaches the log, and once the fault is gone the same form goes through.

Told over HTTP as WeChat's servers see it, so it holds however the webhook keeps its books."""

import logging

from sqlalchemy import func, select, text

from storage.models import Applicant, Application, ApplicationEvent, AuditEntry
from storage.models_chat import Dialogue, OutboxMessage
from tests.wechat_client import webhook_client

PERSON = ["1", "张三", "11010519491231002X", "13800138000", "2023年本市公交线路调整的批复文件", "2", "1"]
USER = "o-unlucky"
# The last write of a WeChat application is its receipt notice in the outbox: refusing it proves that
# the applicant, the application, its number and its event, written before, do not stay behind.
REFUSE = {
    "sqlite": ["CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END"],
    "postgresql": ["CREATE FUNCTION refuse_outbox() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ "
                   "LANGUAGE plpgsql",
                   "CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox()"],
}
ALLOW = {"sqlite": ["DROP TRIGGER refuse_outbox"],
         "postgresql": ["DROP TRIGGER refuse_outbox ON outbox", "DROP FUNCTION refuse_outbox()"]}


async def _run(container, statements: dict) -> None:
    async with container.engine.begin() as conn:
        for sql in statements[container.engine.dialect.name]:
            await conn.execute(text(sql))


async def _counts(container) -> dict:
    async with container.uow() as uow:
        return {model.__name__: await uow.session.scalar(select(func.count()).select_from(model))
                for model in (Applicant, Application, ApplicationEvent, OutboxMessage, AuditEntry, Dialogue)}


async def test_a_refused_write_gets_an_apology_and_leaves_nothing_half_written(container, caplog):
    async with webhook_client(container) as wx:
        await wx.text(USER, "申请公开")
        for answer in PERSON:
            summary = await wx.text(USER, answer)
        assert "确认" in summary
        before = await _counts(container)
        await _run(container, REFUSE)
        try:
            with caplog.at_level(logging.INFO):
                reply = await wx.text(USER, "确认")
        finally:
            await _run(container, ALLOW)
        assert "抱歉" in reply and "系统暂时出了点问题" in reply
        assert await _counts(container) == before  # no applicant, application, number, event or notice
        assert before["Application"] == 0 and before["Dialogue"] == 1  # the form waits for the next 确认
        logged = caplog.text
        assert "failed" in logged and all(p not in logged for p in ("张三", "11010519491231002X", "13800138000"))
        receipt = await wx.text(USER, "确认")
    assert "受理编号" in receipt
    after = await _counts(container)
    assert (after["Application"], after["Applicant"], after["ApplicationEvent"], after["OutboxMessage"]) == (1, 1, 1, 1)
