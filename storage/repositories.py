"""Repositories: the only place that writes SQL for agencies, applicants, applications and appeals."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from .errors import NotFound
from .models import Agency, Appeal, Applicant, Application, ApplicationEvent, AuditEntry, NumberSequence


class AgencyRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, code: str) -> Agency:
        agency = await self.session.scalar(select(Agency).where(Agency.code == code))
        if agency is None:
            raise NotFound(f"没有代码为“{code}”的机关，可用 gongkai agency list 查看。")
        return agency

    async def find(self, code: str) -> Agency | None:
        return await self.session.scalar(select(Agency).where(Agency.code == code))

    async def by_id(self, agency_id: int) -> Agency:
        return await self.session.get_one(Agency, agency_id)

    async def add(self, code: str, name: str) -> Agency:
        agency = Agency(code=code, name=name)
        self.session.add(agency)
        await self.session.flush()
        return agency

    async def all(self) -> list[Agency]:
        return list(await self.session.scalars(select(Agency).order_by(Agency.code)))


class ApplicationRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def next_sequence(self, year: int) -> int:
        """Atomically take the next number of the year (an upsert, safe across instances)."""
        dialect = postgresql if self.session.bind.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(NumberSequence).values(year=year, last=1)
        stmt = stmt.on_conflict_do_update(index_elements=["year"], set_={"last": NumberSequence.last + 1})
        return await self.session.scalar(stmt.returning(NumberSequence.last))

    async def add(self, applicant: Applicant, app: Application) -> Application:
        self.session.add(applicant)
        await self.session.flush()
        app.applicant_id = applicant.id
        self.session.add(app)
        await self.session.flush()
        return app

    async def get(self, number: str, agency_id: int | None = None) -> Application:
        query = select(Application).where(Application.number == number)
        if agency_id is not None:
            query = query.where(Application.agency_id == agency_id)
        app = await self.session.scalar(query)
        if app is None:
            raise NotFound(f"没有找到编号为“{number}”的申请。")
        return app

    async def by_id(self, app_id: int) -> Application:
        return await self.session.get_one(Application, app_id)

    async def applicant(self, app: Application) -> Applicant:
        return await self.session.get_one(Applicant, app.applicant_id)

    async def events(self, app: Application) -> list[ApplicationEvent]:
        query = select(ApplicationEvent).where(ApplicationEvent.application_id == app.id)
        return list(await self.session.scalars(query.order_by(ApplicationEvent.seq)))

    def add_event(self, event: ApplicationEvent) -> None:
        self.session.add(event)

    async def place_in_month(self, app: Application, applicant: Applicant) -> int | None:
        """This application's place among its applicant's applications to the agency received in the same
        calendar month (国办函〔2020〕109号 art. 4), by day received then registration order; None when the
        applicant carries neither an ID number nor a credit code to be recognised by."""
        if applicant.id_number_hash:
            same = Applicant.id_number_hash == applicant.id_number_hash
        elif applicant.credit_code:
            same = Applicant.credit_code == applicant.credit_code
        else:
            return None
        first = app.received_on.replace(day=1)
        earlier = (Application.received_on < app.received_on) | (
            (Application.received_on == app.received_on) & (Application.id <= app.id))
        query = (select(func.count()).select_from(Application).join(Applicant, Applicant.id == Application.applicant_id)
                 .where(Application.agency_id == app.agency_id, same, Application.received_on >= first, earlier))
        return await self.session.scalar(query)

    async def list(self, agency_id: int, states: list[str] | None = None, due_before: date | None = None,
                   openid: str | None = None, limit: int = 500) -> list[Application]:
        query = select(Application).where(Application.agency_id == agency_id)
        if states:
            query = query.where(Application.state.in_(states))
        if due_before is not None:
            query = query.where(Application.due_on < due_before)
        if openid is not None:
            query = query.join(Applicant, Applicant.id == Application.applicant_id).where(Applicant.openid == openid)
        query = query.order_by(Application.due_on.is_(None), Application.due_on, Application.number)
        return list(await self.session.scalars(query.limit(limit)))


class AppealRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, appeal: Appeal) -> Appeal:
        self.session.add(appeal)
        await self.session.flush()
        return appeal

    async def get(self, appeal_id: int, agency_id: int) -> Appeal:
        appeal = await self.session.get(Appeal, appeal_id)
        if appeal is None or appeal.agency_id != agency_id:
            raise NotFound(f"没有找到编号为{appeal_id}的复议或诉讼记录。")
        return appeal


class AuditRepository:
    """The general audit log (storage.models.AuditEntry); written in the caller's transaction."""

    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, at: datetime, actor: str, action: str, *, agency_id: int | None = None, target: str | None = None,
            outcome: str = "ok", detail: dict | None = None) -> AuditEntry:
        # UTC, as the outbox: SQLite keeps only a timestamp's digits, so writers and readers must agree.
        entry = AuditEntry(agency_id=agency_id, at=at.astimezone(UTC), actor=actor[:100], action=action,
                           target=target, outcome=outcome, detail=detail or {})
        self.session.add(entry)
        return entry

    async def count(self, action: str, since: datetime, *, actor: str | None = None, outcome: str | None = None,
                    agency_id: int | None = None) -> int:
        """How many `action` entries since `since`, optionally by one actor or with one outcome (throttles)."""
        query = select(func.count()).select_from(AuditEntry)
        return await self.session.scalar(self._matching(query, action, since, actor, outcome, agency_id))

    @staticmethod
    def _matching(query, action: str, since: datetime, actor, outcome, agency_id):
        query = query.where(AuditEntry.action == action, AuditEntry.at >= since.astimezone(UTC))
        for column, value in ((AuditEntry.actor, actor), (AuditEntry.outcome, outcome), (AuditEntry.agency_id, agency_id)):
            if value is not None:
                query = query.where(column == value)
        return query

    async def times(self, action: str, since: datetime, *, actor: str | None = None, outcome: str | None = None,
                    agency_id: int | None = None, limit: int = 100) -> list[datetime]:
        """When the latest `limit` such entries since `since` were made, newest first, aware in UTC (throttles)."""
        query = self._matching(select(AuditEntry.at), action, since, actor, outcome, agency_id)
        found = await self.session.scalars(query.order_by(AuditEntry.at.desc()).limit(limit))
        return [at if at.tzinfo else at.replace(tzinfo=UTC) for at in found]

    async def recent(self, agency_id: int | None, limit: int = 100, action: str | None = None) -> list[AuditEntry]:
        query = select(AuditEntry).where(AuditEntry.agency_id == agency_id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        return list(await self.session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
