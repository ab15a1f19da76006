"""Use cases after issue: recording how a document reached its addressee, and listing for the console
the applications with a required document not issued yet."""

from datetime import date, timedelta

from disclosure.letters import CALLED_FOR, OBJECTED, missing
from disclosure.lifecycle import IllegalTransition
from handlers.applications.service import to_domain
from handlers.letters.opened import Opened
from handlers.letters.record import due_view
from handlers.letters.views import WAYS, letter_view
from storage import schedule_queries
from storage.models_letters import LetterDelivery

TRACKING_MAX = 40
CHUNK = 100  # candidates looked at together: with no more than this, the count is exact


async def deliver(container, number: str, ref: str, way: str, on: date | None = None, tracking: str | None = None,
                  agency_code: str | None = None, actor: str = "staff") -> dict:
    """Record how and when an issued document reached its addressee."""
    if way not in WAYS:
        raise IllegalTransition(f"送达方式应为 {'、'.join(WAYS)} 之一。")
    tracking = (tracking or "").strip() or None
    if way == "post" and not tracking:
        raise IllegalTransition("邮寄送达请填写邮件号，以便证明送达。")
    if tracking and not (tracking.isascii() and tracking.replace("-", "").isalnum() and len(tracking) <= TRACKING_MAX):
        raise IllegalTransition(f"邮件号“{tracking[:TRACKING_MAX]}”格式不对，应为字母和数字。")
    on = on or container.today()
    async with container.uow() as uow:
        opened = await Opened.load(container, uow, number, agency_code)
        letter = opened.find(ref)
        if letter.issued_at is None:
            raise IllegalTransition("草稿不能送达，请先出具。")
        if on > container.today() or on < letter.letter_date:
            raise IllegalTransition(f"送达日期{on}应在出具日期{letter.letter_date}与今天之间。")
        await uow.letters.add_delivery(LetterDelivery(letter_id=letter.id, way=way, delivered_on=on, tracking=tracking,
                                                      actor=actor, detail={}))
        uow.audit.add(container.now(), actor, "letter.deliver", agency_id=opened.agency.id, target=opened.app.number,
                      detail={"serial": letter.serial, "way": way, "on": on.isoformat()})
        await uow.commit()
        deliveries = await uow.letters.deliveries([letter.id])
        return letter_view(letter, opened.letters, deliveries[letter.id])


async def missing_across(container, agency_code: str | None = None, closed_within_days: int = 60,
                         limit: int | None = None) -> dict:
    """Open (or recently closed) applications of the agency with a required document not issued, the oldest
    step first: what the console's dashboard lists. The database names the candidates (CALLED_FOR), the
    rules decide, for candidates in turn until `limit` are found. `total` is exact when every candidate
    was looked at, else the candidates' count (`exact` False)."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        since = container.today() - timedelta(days=closed_within_days)
        candidates = await uow.letters.lacking(agency.id, since, {a.value: [k.value for k in kinds]
                                                                  for a, kinds in CALLED_FOR.items()},
                                               tuple(x.value for x in OBJECTED))
        found, looked, step = [], 0, max(limit or len(candidates), CHUNK)
        while looked < len(candidates) and (limit is None or len(found) < limit):
            chunk = candidates[looked:looked + step]
            issued = await uow.letters.issued_steps(chunk)
            found += [row for app, rows in await schedule_queries.histories(uow.session, chunk)
                      if (row := _gaps(app, rows, issued.get(app.id, [])))]
            looked += len(chunk)
    exact = looked == len(candidates)
    return {"applications": found[:limit], "total": len(found) if exact else len(candidates), "exact": exact}


def _gaps(app, rows, issued) -> dict | None:
    events = [to_domain(r) for r in rows]
    gaps = missing(events, issued)
    if not gaps:
        return None
    return {"number": app.number, "state": app.state,
            "missing": [{**due_view(d, app.number), "step_on": events[d.seq - 1].on.isoformat()} for d in gaps]}
