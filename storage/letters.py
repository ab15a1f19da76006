"""Repository for letters (文书), their deliveries and number series, and per-agency settings."""

from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import and_, delete, exists, func, or_, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from disclosure.states import State

from .errors import NotFound
from .models import Application, ApplicationEvent
from .models_letters import AgencySetting, Letter, LetterDelivery, LetterSequence


def _insert(session: AsyncSession, table):
    return (postgresql if session.bind.dialect.name == "postgresql" else sqlite).insert(table)


class LetterRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def next_number(self, agency_id: int, series: str, year: int) -> int:
        """Take the next number of an agency's yearly series: one upsert, so two instances never get the
        same number; it is taken inside the issuing transaction, so a rolled-back issue leaves no gap."""
        stmt = _insert(self.session, LetterSequence).values(agency_id=agency_id, series=series, year=year, last=1)
        stmt = stmt.on_conflict_do_update(index_elements=["agency_id", "series", "year"],
                                          set_={"last": LetterSequence.last + 1})
        return await self.session.scalar(stmt.returning(LetterSequence.last))

    async def add(self, letter: Letter) -> Letter:
        self.session.add(letter)
        await self.session.flush()
        return letter

    async def for_application(self, application_id: int) -> list[Letter]:
        query = select(Letter).where(Letter.application_id == application_id)
        return list(await self.session.scalars(query.order_by(Letter.step_seq, Letter.kind, Letter.version)))

    async def by_id(self, letter_id: int) -> Letter:
        letter = await self.session.get(Letter, letter_id)
        if letter is None:
            raise NotFound("没有找到该文书。")
        return letter

    async def issued_steps(self, application_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
        """(kind, step seq) of every issued letter, per application."""
        rows = await self.session.execute(
            select(Letter.application_id, Letter.kind, Letter.step_seq)
            .where(Letter.application_id.in_(application_ids), Letter.issued_at.is_not(None)))
        found: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for app_id, kind, seq in rows:
            found[app_id].append((kind, seq))
        return found

    async def lacking(self, agency_id: int, closed_since: date, called_for: dict[str, list[str]],
                      objected: tuple[str, str, str, str]) -> list[int]:
        """Applications of the agency, open or closed since `closed_since`, with a step of `called_for`'s actions
        for which no letter of its kinds is issued, or a closing step that disclosed after a consultation without
        the notice to the third party (`objected`: the closing action, the outcome, the consultation's end, the
        notice), the oldest such step first. Those that disclosure.letters.missing finds lacking, and a few
        more (it alone knows objections and struck-out steps)."""
        by_state = {is_open: [s.value for s in State if s.is_open is is_open] for is_open in (True, False)}
        scope = union_all(  # two index ranges (agency, state[, closed_on]) rather than a scan of the register
            select(Application.id).where(Application.agency_id == agency_id, Application.state.in_(by_state[True])),
            select(Application.id).where(Application.agency_id == agency_id, Application.state.in_(by_state[False]),
                                         Application.closed_on >= closed_since))
        e = ApplicationEvent

        def issued(kinds: list[str]):
            return exists(select(Letter.id).where(Letter.application_id == e.application_id, Letter.step_seq == e.seq,
                                                  Letter.issued_at.is_not(None), Letter.kind.in_(kinds)))

        close, outcome, end, notice = objected
        consulted = exists(select(ApplicationEvent.id).where(ApplicationEvent.application_id == e.application_id,
                                                             ApplicationEvent.action == end))
        disclosed = exists(select(Application.id).where(Application.id == e.application_id, Application.outcome == outcome))
        lacks = or_(*(and_(e.action == action, ~issued(kinds)) for action, kinds in called_for.items()),
                    and_(e.action == close, disclosed, consulted, ~issued([notice])))
        query = (select(e.application_id).where(e.application_id.in_(scope), lacks)
                 .group_by(e.application_id).order_by(func.min(e.occurred_on), e.application_id))
        return list(await self.session.scalars(query))

    async def add_delivery(self, delivery: LetterDelivery) -> LetterDelivery:
        self.session.add(delivery)
        await self.session.flush()
        return delivery

    async def deliveries(self, letter_ids: list[int]) -> dict[int, list[LetterDelivery]]:
        rows = await self.session.scalars(select(LetterDelivery).where(LetterDelivery.letter_id.in_(letter_ids))
                                          .order_by(LetterDelivery.delivered_on, LetterDelivery.id))
        found: dict[int, list[LetterDelivery]] = defaultdict(list)
        for row in rows:
            found[row.letter_id].append(row)
        return found

    async def settings(self, agency_id: int) -> dict[str, str]:
        rows = await self.session.execute(select(AgencySetting.key, AgencySetting.value)
                                          .where(AgencySetting.agency_id == agency_id))
        return dict(rows.all())

    async def set_setting(self, agency_id: int, key: str, value: str | None, now: datetime) -> None:
        """Store an agency's value for `key`; None removes it (the default applies again)."""
        if value is None:
            await self.session.execute(delete(AgencySetting).where(AgencySetting.agency_id == agency_id,
                                                                   AgencySetting.key == key))
            return
        stmt = _insert(self.session, AgencySetting).values(agency_id=agency_id, key=key, value=value, updated_at=now)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=["agency_id", "key"],
                                                              set_={"value": value, "updated_at": now}))

    async def latest_version(self, application_id: int, kind: str, step_seq: int) -> int:
        return await self.session.scalar(
            select(func.coalesce(func.max(Letter.version), 0))
            .where(Letter.application_id == application_id, Letter.kind == kind, Letter.step_seq == step_seq))
