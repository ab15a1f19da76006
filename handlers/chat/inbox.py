"""What the webhook looks up about a message before any handler runs, and the late answers that wait for it.

Read-only answers (guide, figures, status, help) write nothing: a retry reaching the same process gets
the first reply from the webhook's in-process map, and one reaching another instance is answered again,
which changes nothing. A message that changes state claims its delivery key in the transaction of its
work (handlers.chat.claims, handlers.chat.message); so does a delivery whose time runs out (a lease), so
that its answer, sent later, is the only one.
"""

from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import and_, bindparam, delete, exists, literal, select, update
from sqlalchemy.engine import Row

from storage import outbox
from storage.db import QuickReads
from storage.models_chat import Dialogue, InboundMessage, OutboxMessage

LATE_KIND = "cs_text"
AGENCY_IDS = "agency_ids"
QUICK_READS = "quick_reads"
FORM_COLUMNS = (Dialogue.flow, Dialogue.step, Dialogue.data, Dialogue.updated_at)


class Duplicate(Exception):
    """Another delivery of the same message has claimed it; its reply is the answer."""


class Follower(NamedTuple):
    """What one indexed look-up tells about a message's sender before any handler runs."""

    form: Row | tuple | None  # the open form's flow, step, data and updated_at (handlers.dialogue.store.settle)
    waiting: bool  # late answers wait in the outbox for this follower's next reply
    handled: bool  # a delivery of this very message claimed it (on any instance, before any restart)


async def agency_id(container, agency_code: str) -> int:
    """An agency's id never changes, so each process asks the database once."""
    ids = container.extras.setdefault(AGENCY_IDS, {})
    if agency_code not in ids:
        async with container.uow() as uow:
            ids[agency_code] = (await uow.agencies.get(agency_code)).id
    return ids[agency_code]


async def follower(container, agency_code: str, openid: str, key: str) -> Follower:
    """In one SELECT (a constant row outer-joined): the sender's open form, whether late answers wait,
    and whether delivery `key` was claimed already.

    A claim is committed with the change it guards, so a look-up that sees the change (a form gone after
    its confirmation, say) also sees the claim, and the retry is not mistaken for a new question.
    """
    reads = container.extras.get(QUICK_READS)
    if reads is None:
        reads = container.extras[QUICK_READS] = QuickReads(container.engine)
    params = {"agency": await agency_id(container, agency_code), "openid": openid, "key": key}
    row = await reads.one(_FOLLOWER, params)
    return Follower(row if row.flow is not None else None, bool(row.waiting), bool(row.handled))


def _follower_statement():
    """Built once: composing and cache-keying this statement costs more than running it."""
    openid = bindparam("openid")
    waiting = exists().where(OutboxMessage.recipient == openid, OutboxMessage.kind == LATE_KIND,
                             OutboxMessage.state == outbox.PENDING)
    handled = exists().where(InboundMessage.dedupe_key == bindparam("key"))
    one = select(literal(1).label("one")).subquery()
    return (select(*FORM_COLUMNS, waiting.label("waiting"), handled.label("handled")).select_from(one)
            .outerjoin(Dialogue, and_(Dialogue.agency_id == bindparam("agency"), Dialogue.openid == openid)))


_FOLLOWER = _follower_statement()


async def take_waiting(container, openid: str) -> list[str]:
    """Late answers no sender has delivered yet; taking them marks them sent, so they go out once."""
    async with container.uow() as uow:
        rows = list(await uow.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == openid, OutboxMessage.kind == LATE_KIND,
                                        OutboxMessage.state == outbox.PENDING).order_by(OutboxMessage.id)))
        texts = []
        for row in rows:
            taken = await uow.session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row.id, OutboxMessage.state == outbox.PENDING)
                .values(state=outbox.SENT, sent_at=outbox.utc(container.now())))
            if taken.rowcount:
                texts.append(row.payload["text"])
        await uow.commit()
    return texts


async def forget_old(container) -> int:
    """Drop delivery records older than wechat.keep_deliveries_hours; they hold the replies given, which
    may quote a follower's own details, and are needed only while WeChat may still retry (seconds)."""
    hours = container.settings.get("wechat", "keep_deliveries_hours")
    async with container.uow() as uow:
        result = await uow.session.execute(
            delete(InboundMessage).where(InboundMessage.created_at < outbox.utc(container.now() - timedelta(hours=hours))))
        await uow.commit()
    return result.rowcount
