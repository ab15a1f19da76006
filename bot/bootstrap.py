"""One place that wires settings, database, calendar and cipher; nothing happens at import time."""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from config.calendar_data import load_calendar
from config.settings import ConfigError, Settings
from disclosure.calendar import WorkCalendar
from storage import migrate
from storage.crypto import PersonalDataCipher
from storage.db import make_engine, make_sessionmaker, writers
from storage.errors import Conflict
from storage.uow import UnitOfWork, joined

log = logging.getLogger(__name__)
TZ = ZoneInfo("Asia/Shanghai")


def shanghai_now() -> datetime:
    return datetime.now(TZ)


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker
    calendar: WorkCalendar
    cipher: PersonalDataCipher
    now: Callable[[], datetime] = shanghai_now
    extras: dict = field(default_factory=dict)
    writers: asyncio.Lock | None = None  # queues a process's message transactions (storage.db.writers)

    def uow(self) -> UnitOfWork:
        """A use case's transaction; inside a WeChat message's, that one (storage.uow.Shared)."""
        return UnitOfWork(self.sessionmaker, joined())

    def today(self) -> date:
        return self.now().astimezone(TZ).date()

    @property
    def default_agency(self) -> str:
        return self.settings.get("agency", "code")

    async def close(self) -> None:
        await self.engine.dispose()


def _secret_key(settings: Settings) -> str:
    key = settings.get("security", "secret_key")
    if key:
        return key
    if not settings.embedded:
        raise ConfigError("配置错误：使用外部数据库时必须设置 GONGKAI_SECRET_KEY（用于加密个人信息）。")
    path = settings.data_dir / "secret.key"
    if not path.exists():
        path.write_text(PersonalDataCipher.generate_key())
        path.chmod(0o600)
        log.info("generated a personal-data key in %s", path)
    return path.read_text().strip()


async def _schema_ready(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: inspect(c).has_table("alembic_version"))


async def bootstrap(settings: Settings, migrate_embedded: bool = True) -> Container:
    """Build the container; the embedded default creates its folder, key, schema and sample agency."""
    if settings.embedded:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        cipher = PersonalDataCipher(_secret_key(settings))
    except ValueError as err:
        raise ConfigError(f"配置错误：{err}") from None
    engine = make_engine(settings.database_url)
    container = Container(settings, engine, make_sessionmaker(engine), load_calendar(settings.data_dir), cipher,
                          writers=writers(engine))
    try:
        if settings.embedded and migrate_embedded:
            await migrate.upgrade(engine)
        elif migrate_embedded and not await _schema_ready(engine):
            raise ConfigError("数据库尚未初始化：请先运行 gongkai db upgrade。")
        if migrate_embedded:
            await ensure_default_agency(container)
    except OSError as err:
        await engine.dispose()
        raise ConfigError(f"无法连接数据库（GONGKAI_DATABASE_URL）：{err}") from None
    except ConfigError:
        await engine.dispose()
        raise
    return container


async def ensure_default_agency(container: Container) -> None:
    async with container.uow() as uow:
        if await uow.agencies.find(container.default_agency) is None:
            await uow.agencies.add(container.default_agency, container.settings.get("agency", "name"))
            try:
                await uow.commit()
            except Conflict:
                pass  # another instance created it at the same moment
