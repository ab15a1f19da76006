"""Staff look into the outbox: what failed to reach WeChat and why, and send it again once fixed.

A message's text stays out of the listing (it can quote an applicant's details), and the recipient's
openid is shortened: enough to tell rows apart, not to copy an identity out of a terminal.
"""

from datetime import UTC

from storage import outbox

# A message's kind by its prefix, as staff call it.
KIND_LABELS = (("reply-", "答复期限提醒"), ("correction-notice", "补正告知期限提醒"), ("consultation", "征求意见期限提醒"),
               ("digest", "每日待办摘要"), ("notice-", "申请人通知"), ("late", "迟到的答复"))


def kind_label(kind: str) -> str:
    return next((label for prefix, label in KIND_LABELS if kind.startswith(prefix)), "年度报告提醒")


def _short(openid: str) -> str:
    return openid if len(openid) <= 8 else f"{openid[:4]}…{openid[-3:]}"


def _local(moment, zone) -> str | None:
    """Stored in UTC (SQLite gives it back without a zone); shown in the agency's time."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone).strftime("%Y-%m-%d %H:%M")


async def rows(container, agency_code: str | None, state: str = outbox.FAILED, limit: int = 50) -> list[dict]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        zone = container.now().tzinfo
        return [{"id": r.id, "kind": r.kind, "kind_label": kind_label(r.kind), "state": r.state, "attempts": r.attempts, "recipient": _short(r.recipient),
                 "created_at": _local(r.created_at, zone), "next_attempt_at": _local(r.next_attempt_at, zone),
                 "last_error": r.last_error} for r in await outbox.listing(uow.session, agency.id, state, limit)]


async def retry(container, agency_code: str | None, ids: list[int], actor: str = "cli") -> list[int]:
    """Failed messages among `ids` queued again, due now; the others are left as they are."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        queued = await outbox.requeue(uow.session, agency.id, ids, container.now())
        uow.audit.add(container.now(), actor, "outbox.retry", agency_id=agency.id, detail={"ids": queued})
        await uow.commit()
    return queued
