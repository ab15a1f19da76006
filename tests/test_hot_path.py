"""The webhook's per-message shortcuts give what the general paths give.

On a SQLite file inbox.follower reads through QuickReads' raw sqlite3 path; here its rows are compared
with SQLAlchemy's for the same data, and on PostgreSQL the async path is checked against the same facts.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from handlers import inbox
from storage import outbox
from storage.db import QuickReads
from storage.models_chat import Dialogue, InboundMessage

AGENCY_DATA = {"category": "natural", "name": "enc:张三", "steps": ["a", "b"], "n": 3}


async def _sqlalchemy_follower(container, openid: str, key: str) -> inbox.Follower:
    params = {"agency": await inbox.agency_id(container, container.default_agency), "openid": openid, "key": key}
    async with container.engine.connect() as conn:
        row = (await conn.execute(inbox._FOLLOWER, params)).one()
    return inbox.Follower(row if row.flow is not None else None, bool(row.waiting), bool(row.handled))


async def _seed(container, openid: str, updated_at: datetime) -> None:
    the_agency = await inbox.agency_id(container, container.default_agency)
    async with container.uow() as uow:
        uow.session.add(Dialogue(agency_id=the_agency, openid=openid, flow="apply", step="phone",
                                 data=AGENCY_DATA, updated_at=updated_at))
        await outbox.enqueue(uow.session, inbox.LATE_KIND, "late:msg:1", openid, {"text": "迟到的答复"},
                             container.now(), the_agency)
        uow.session.add(InboundMessage(dedupe_key="msg:42", reply=""))
        await uow.commit()


async def test_follower_with_form_waiting_and_handled_matches_sqlalchemy(container):
    updated_at = container.now().replace(microsecond=123456) - timedelta(minutes=3)
    await _seed(container, "o_hot", updated_at)
    found = await inbox.follower(container, container.default_agency, "o_hot", "msg:42")
    expected = await _sqlalchemy_follower(container, "o_hot", "msg:42")
    assert (found.waiting, found.handled) == (expected.waiting, expected.handled) == (True, True)
    assert tuple(found.form) == tuple(expected.form)
    assert found.form._fields == expected.form._fields == ("flow", "step", "data", "updated_at", "waiting", "handled")
    assert (found.form.flow, found.form.step, found.form.data) == ("apply", "phone", AGENCY_DATA)
    moment = found.form.updated_at
    assert type(moment) is datetime
    # SQLite stores the wall time it was given (naive); PostgreSQL gives the instant back in UTC.
    assert (moment if moment.tzinfo else moment.replace(tzinfo=updated_at.tzinfo)) == updated_at


async def test_stranger_has_no_form_nothing_waiting_and_a_new_key(container):
    await _seed(container, "o_hot", container.now())
    found = await inbox.follower(container, container.default_agency, "o_other", "msg:43")
    assert found == await _sqlalchemy_follower(container, "o_other", "msg:43")
    assert found == inbox.Follower(None, False, False)


async def test_raw_reads_see_each_new_commit(container):
    """The reading connection stays open: it must not keep a stale snapshot between messages."""
    reads = QuickReads(container.engine)
    params = {"agency": await inbox.agency_id(container, container.default_agency), "openid": "o", "key": "k1"}
    assert not (await reads.one(inbox._FOLLOWER, params)).handled
    async with container.uow() as uow:
        uow.session.add(InboundMessage(dedupe_key="k1"))
        await uow.commit()
    assert (await reads.one(inbox._FOLLOWER, params)).handled
    async with container.uow() as uow:
        assert await uow.session.scalar(select(InboundMessage.id).where(InboundMessage.dedupe_key == "k1"))

