"""Reads over the register (台账) for the console: filtered pages, bounded counts, counts by state, the
dashboard's figures. Every query is an index range with a LIMIT (ix_app_* in storage.models); none reads
all of an agency's applications.

Text search (the tracking number, the request and the applicant's name, a substring, any length of Chinese) is bounded: it
looks at the first SEARCH_WINDOW applications the other filters and the sort order give, newest first by
default. A trigram index would not serve one- and two-character Chinese names, and scanning a million
rows per keystroke would not answer in time; the page says when the window was reached, and a date
range moves it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from disclosure.states import OPEN_STATES, State

from .models import Applicant, Application
from .models_chat import OutboxMessage
from .outbox import FAILED, SENT, utc

SEARCH_WINDOW = 10_000
COUNT_CAP = 10_000
OPEN = [s.value for s in OPEN_STATES]
ENDED = [s.value for s in State if not s.is_open]
TABLE = Application.__table__.c
# sort -> (column, descending) pairs; the id settles ties, so pages never overlap
SORTS = {
    "received_desc": (("received_on", True), ("id", True)),
    "received_asc": (("received_on", False), ("id", False)),
    "due_asc": (("due_on", False), ("id", False)),
    "due_desc": (("due_on", True), ("id", True)),
}


def _order(columns, sort: str) -> list:
    return [columns[name].desc() if descending else columns[name] for name, descending in SORTS[sort]]


@dataclass
class Filters:
    states: list[str] = field(default_factory=list)
    overdue: bool = False
    channel: str | None = None
    category: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    text: str | None = None
    sort: str = "received_desc"


def _in_states(states: list[str]):
    """The states written into the SQL, not bound: so both planners see that open states match the partial
    index ix_app_open_due (a bound parameter could be anything)."""
    return Application.state.in_(bindparam("states", states, expanding=True, literal_execute=True))


def _conditions(agency_id: int, f: Filters, today: date) -> list:
    where = [Application.agency_id == agency_id]
    states = [s for s in f.states if s in OPEN] if f.overdue else f.states
    if f.overdue:
        where += [_in_states(states or OPEN), Application.due_on < today]
    elif states:
        where.append(_in_states(states))
    for column, value in ((Application.channel, f.channel), (Application.category, f.category)):
        if value:
            where.append(column == value)
    for column, low, high in ((Application.received_on, f.received_from, f.received_to),
                              (Application.due_on, f.due_from, f.due_to)):
        if low:
            where.append(column >= low)
        if high:
            where.append(column <= high)
    return where


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def matching_ids(session: AsyncSession, agency_id: int, f: Filters, today: date, cap: int = COUNT_CAP
                       ) -> list[int]:
    """The ids of a text search's matches in the list's order, up to cap + 1, from one pass over the window:
    the window's rows (ids, request, applicant) by the filters' index range, then the text compared."""
    # The applicant's name joins inside the window: under its LIMIT each row looks its applicant up by
    # key, where a join outside let PostgreSQL hash all applicants (0.6 s at 1,000,000).
    window = (select(Application.id, Application.number, Application.request_text, Application.received_on,
                     Application.due_on, Applicant.name)
              .join(Applicant, Applicant.id == Application.applicant_id)
              .where(*_conditions(agency_id, f, today)).order_by(*_order(TABLE, f.sort)).limit(SEARCH_WINDOW).subquery())
    pattern = _like(f.text)
    query = (select(window.c.id)
             .where(or_(*(window.c[k].like(pattern, escape="\\") for k in ("request_text", "name", "number"))))
             .order_by(*_order(window.c, f.sort)).limit(cap + 1))
    return list(await session.scalars(query))


async def page(session: AsyncSession, agency_id: int, f: Filters, today: date, offset: int, limit: int,
               ids: list[int] | None = None) -> list[tuple[Application, str]]:
    """One page of the list; a text search passes its matching ids (matching_ids) instead of an offset."""
    query = select(Application, Applicant.name).join(Applicant, Applicant.id == Application.applicant_id)
    if ids is None:  # the offset walks ids only; the rows and names are read for the page alone
        ids = (select(Application.id).where(*_conditions(agency_id, f, today)).order_by(*_order(TABLE, f.sort))
               .offset(offset).limit(limit).scalar_subquery())
    else:
        ids = ids[offset:offset + limit]
    query = query.where(Application.id.in_(ids)).order_by(*_order(TABLE, f.sort))
    return [(app, name) for app, name in (await session.execute(query)).all()]


async def bounded_count(session: AsyncSession, agency_id: int, f: Filters, today: date, cap: int = COUNT_CAP) -> int:
    """How many match the filters, counted up to cap + 1 (the page shows "more than cap")."""
    inner = select(Application.id).where(*_conditions(agency_id, f, today)).limit(cap + 1)
    return await session.scalar(select(func.count()).select_from(inner.subquery()))


async def window_reached(session: AsyncSession, agency_id: int, f: Filters, today: date) -> bool:
    """Whether a text search stopped at the window: more than SEARCH_WINDOW rows pass the other filters."""
    if not f.text:
        return False
    inner = select(Application.id).where(*_conditions(agency_id, f, today)).offset(SEARCH_WINDOW).limit(1)
    return await session.scalar(inner) is not None


async def stream(session: AsyncSession, agency_id: int, f: Filters, today: date, limit: int):
    """Rows for the XLSX export, streamed, at most `limit`."""
    query = select(Application, Applicant.name).join(Applicant, Applicant.id == Application.applicant_id)
    if f.text:
        query = query.where(Application.id.in_(await matching_ids(session, agency_id, f, today, SEARCH_WINDOW)))
    else:
        query = query.where(*_conditions(agency_id, f, today))
    result = await session.stream(query.order_by(*_order(TABLE, f.sort)).limit(limit).execution_options(yield_per=2000))
    async for app, name in result:
        yield app, name


async def counts_by_state(session: AsyncSession, agency_id: int, closed_since: date) -> dict[str, int]:
    """Open applications by state, and those closed or withdrawn since `closed_since`: two index ranges
    (ix_app_agency_state_due, ix_app_agency_state_closed), never the agency's whole history."""
    open_rows = await session.execute(
        select(Application.state, func.count()).where(Application.agency_id == agency_id, Application.state.in_(OPEN))
        .group_by(Application.state))
    ended = await session.execute(
        select(Application.state, func.count())
        .where(Application.agency_id == agency_id, Application.state.in_(ENDED), Application.closed_on >= closed_since)
        .group_by(Application.state))
    return dict(open_rows.all()) | dict(ended.all())


async def open_due(session: AsyncSession, agency_id: int, before: date | None, from_: date | None,
                   limit: int) -> tuple[int, list[Application]]:
    """Open applications due in [from_, before) (either end open), soonest first: (count, first rows)."""
    where = [Application.agency_id == agency_id, _in_states(OPEN)]
    if before:
        where.append(Application.due_on < before)
    if from_:
        where.append(Application.due_on >= from_)
    count = await session.scalar(select(func.count()).select_from(Application).where(*where))
    rows = await session.scalars(select(Application).where(*where).order_by(Application.due_on, Application.id)
                                 .limit(limit))
    return count, list(rows)


async def received_on(session: AsyncSession, agency_id: int, channel: str, day: date, limit: int
                      ) -> tuple[int, list[Application]]:
    where = and_(Application.agency_id == agency_id, Application.channel == channel, Application.received_on == day)
    count = await session.scalar(select(func.count()).select_from(Application).where(where))
    rows = await session.scalars(select(Application).where(where).order_by(Application.id.desc()).limit(limit))
    return count, list(rows)


async def outbox_today(session: AsyncSession, agency_id: int, since: datetime) -> tuple[dict[str, int], int]:
    """Messages sent since `since` by kind, and how many are failed (waiting for staff)."""
    sent = await session.execute(
        select(OutboxMessage.kind, func.count())
        .where(OutboxMessage.agency_id == agency_id, OutboxMessage.state == SENT, OutboxMessage.sent_at >= utc(since))
        .group_by(OutboxMessage.kind))
    failed = await session.scalar(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.agency_id == agency_id, OutboxMessage.state == FAILED))
    return dict(sent.all()), failed


async def monthly_by_channel(session: AsyncSession, agency_id: int, year: int) -> dict[tuple[int, str], int]:
    """Applications received in `year` by (month, channel), for the report page's chart."""
    if session.bind.dialect.name == "postgresql":
        month = func.extract("month", Application.received_on)
    else:
        month = func.strftime("%m", Application.received_on)
    rows = await session.execute(
        select(month, Application.channel, func.count())
        .where(Application.agency_id == agency_id, Application.received_on >= date(year, 1, 1),
               Application.received_on <= date(year, 12, 31)).group_by(month, Application.channel))
    return {(int(m), channel): n for m, channel, n in rows.all()}
