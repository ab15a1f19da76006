"""Unit of work: one transaction per use case; conflicts surface as storage.errors.Conflict."""

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from .errors import Conflict
from .letters import LetterRepository
from .repositories import AgencyRepository, AppealRepository, ApplicationRepository, AuditRepository

CONFLICT_MESSAGE = "该申请刚刚已被其他人更新，您的操作未保存，请重新查看后再试。"


class UnitOfWork:
    def __init__(self, sessionmaker: async_sessionmaker):
        self._sessionmaker = sessionmaker
        self.session: AsyncSession | None = None

    async def __aenter__(self) -> "UnitOfWork":
        self.session = self._sessionmaker()
        self.agencies = AgencyRepository(self.session)
        self.applications = ApplicationRepository(self.session)
        self.appeals = AppealRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.letters = LetterRepository(self.session)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.session.rollback()
        await self.session.close()

    async def commit(self, conflict_message: str = CONFLICT_MESSAGE) -> None:
        """Commit; a lost race (stale version, duplicate key, lock timeout) becomes Conflict."""
        try:
            await self.session.commit()
        except (StaleDataError, IntegrityError, OperationalError) as err:
            await self.session.rollback()
            raise Conflict(conflict_message) from err
