"""Apply Alembic migrations from inside the running event loop (no alembic.ini needed)."""

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 7_411_2019  # any constant: serialises instances migrating one PostgreSQL database


def alembic_config():
    from alembic.config import Config  # with Mako and Pygments some 9 MB: only when there is work to do

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str:
    """The newest revision: each file is named by its revision, numbered in the order they apply
    (tests/test_migrations.py holds this)."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _upgrade(sync_conn, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = sync_conn
    command.upgrade(cfg, revision)


def _current(sync_conn) -> str | None:
    if not inspect(sync_conn).has_table("alembic_version"):
        return None
    return sync_conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class NewerDatabase(Exception):
    """The database was migrated by a newer gongkai than this one."""


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    if revision == "head":  # every serving process starts here: Alembic stays unloaded when nothing is due
        async with engine.connect() as conn:
            if await conn.run_sync(_current) == head():
                return
    from alembic.util import CommandError

    try:
        async with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            await conn.run_sync(_upgrade, revision)
    except CommandError as err:  # "Can't locate revision": rolling back the program, not the database
        raise NewerDatabase("数据库结构比本程序新（由更高版本的 gongkai 升级过），请安装相应版本的 gongkai。") from err
