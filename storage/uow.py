"""Unit of work: one transaction per use case; conflicts surface as storage.errors.Conflict.

A WeChat message is one transaction however many use cases it runs (handlers.chat.message). Once a
`Shared` transaction has begun (a context variable, so it follows the message's own task), every unit of
work the container opens joins it: its commit only flushes, and the message commits once. CLI, scheduler
and console code open units of work the same way and get a transaction of their own.
"""

import asyncio
from contextvars import ContextVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from .errors import Conflict
from .letters import LetterRepository
from .repositories import AgencyRepository, AppealRepository, ApplicationRepository, AuditRepository

CONFLICT_MESSAGE = "该申请刚刚已被其他人更新，您的操作未保存，请重新查看后再试。"
LOST_RACE = (StaleDataError, IntegrityError, OperationalError)  # stale version, duplicate key, lock timeout
WAIT_TO_WRITE_SECONDS = 30  # then the message fails (the follower is told so) rather than wait on
_CURRENT: ContextVar["Shared | None"] = ContextVar("shared_transaction", default=None)


class Shared:
    """One session for a whole message, begun by its first write (the message's claim on its delivery key).

    `rollbacks` counts the times a joined use case failed and everything written so far was rolled back.
    `writers` (SQLite: storage.db.writers) queues this process's shared transactions, which write from
    their beginning to their end, one after another.
    """

    __slots__ = ("_sessionmaker", "_writers", "session", "rollbacks", "_token")

    def __init__(self, sessionmaker: async_sessionmaker, writers: asyncio.Lock | None = None):
        self._sessionmaker, self._writers = sessionmaker, writers
        self.session: AsyncSession | None = None
        self.rollbacks = 0

    async def begin(self) -> AsyncSession:
        """The session, begun at the first call; from then on the units of work that this task (and tasks
        it starts) opens join it, until `close`."""
        if self.session is None:
            if self._writers is not None:
                await asyncio.wait_for(self._writers.acquire(), WAIT_TO_WRITE_SECONDS)
            self.session = self._sessionmaker()
            self._token = _CURRENT.set(self)
        return self.session

    async def roll_back(self) -> None:
        if self.session is not None:
            await self.session.rollback()
        self.rollbacks += 1

    async def commit(self, conflict_message: str = CONFLICT_MESSAGE) -> None:
        try:
            await self.session.commit()
        except LOST_RACE as err:
            await self.roll_back()
            raise Conflict(conflict_message) from err

    async def close(self) -> None:
        """Ends the transaction, rolling back whatever was not committed, and lets the connection go."""
        if self.session is not None:
            session, self.session = self.session, None
            _CURRENT.reset(self._token)
            try:
                await session.rollback()  # a failed commit leaves its transaction for a rollback to end
            finally:
                await session.close()
                if self._writers is not None:
                    self._writers.release()




def joined() -> Shared | None:
    """The shared transaction this task has begun, if any."""
    return _CURRENT.get()


class UnitOfWork:
    def __init__(self, sessionmaker: async_sessionmaker, shared: Shared | None = None):
        self._sessionmaker = sessionmaker
        self._shared = shared
        self.session: AsyncSession | None = None

    async def __aenter__(self) -> "UnitOfWork":
        self.session = self._shared.session if self._shared else self._sessionmaker()
        self.agencies = AgencyRepository(self.session)
        self.applications = ApplicationRepository(self.session)
        self.appeals = AppealRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.letters = LetterRepository(self.session)
        return self

    async def __aexit__(self, exc_type, *exc) -> None:
        if self._shared is None:
            await self.session.rollback()
            await self.session.close()
        elif exc_type is not None or self.session.new or self.session.dirty or self.session.deleted:
            # A use case that failed, or left changes uncommitted, leaves nothing behind: in a shared
            # transaction that means none of the message's work either (it is answered, not half done).
            await self._shared.roll_back()

    async def commit(self, conflict_message: str = CONFLICT_MESSAGE) -> None:
        """Commit (in a shared transaction: flush); a lost race becomes Conflict."""
        try:
            await (self.session.flush() if self._shared else self.session.commit())
        except LOST_RACE as err:
            await (self._shared.roll_back() if self._shared else self.session.rollback())
            raise Conflict(conflict_message) from err
