"""Apply Alembic migrations from inside the running event loop (no alembic.ini needed)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 7_411_2019  # any constant: serialises instances migrating one PostgreSQL database


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _upgrade(sync_conn, revision: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, revision)


class NewerDatabase(Exception):
    """The database was migrated by a newer gongkai than this one."""


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    try:
        async with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            await conn.run_sync(_upgrade, revision)
    except CommandError as err:  # "Can't locate revision": rolling back the program, not the database
        raise NewerDatabase("数据库结构比本程序新（由更高版本的 gongkai 升级过），请安装相应版本的 gongkai。") from err
