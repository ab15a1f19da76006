"""Fixtures: every database test runs on SQLite and, when reachable, on PostgreSQL.

CI sets GONGKAI_REQUIRE_POSTGRES=1, which turns an unreachable PostgreSQL into a failure, never a skip.
"""

import asyncio
import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import asyncpg
import pytest

from bot.bootstrap import TZ, Container, bootstrap
from config.settings import load_settings
from storage.db import make_engine
from storage.migrate import upgrade
from tests.fake_wechat import start_fake_wechat

PG_ADMIN = os.environ.get("GONGKAI_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
TEST_KEY = "k3eI8yH7r0wXbq1pZ2c9vQx0mYt6uVnLsJdKfGhAaBc="


class Clock:
    """A settable 'now' for the container: tests move the date; the code under test is not touched."""

    def __init__(self, now: datetime):
        self.value = now

    def __call__(self) -> datetime:
        return self.value

    def set(self, iso_day: str, hour: int = 9) -> None:
        y, m, d = map(int, iso_day.split("-"))
        self.value = datetime(y, m, d, hour, tzinfo=TZ)


def _pg_reachable() -> bool:
    async def probe():
        conn = await asyncpg.connect(PG_ADMIN, timeout=3)
        await conn.close()
    try:
        asyncio.run(probe())
        return True
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False


async def _migrate(url: str) -> None:
    engine = make_engine(url)
    await upgrade(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def pg_database():
    if not _pg_reachable():
        if os.environ.get("GONGKAI_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required (GONGKAI_REQUIRE_POSTGRES) but {PG_ADMIN} is unreachable")
        pytest.skip("PostgreSQL not reachable")
    name = f"gongkai_test_{uuid.uuid4().hex[:10]}"
    base = PG_ADMIN.rsplit("/", 1)[0]

    async def admin(sql: str):
        conn = await asyncpg.connect(PG_ADMIN)
        await conn.execute(sql)
        await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+asyncpg://{base.split('://', 1)[1]}/{name}"
    asyncio.run(_migrate(url))
    yield url
    asyncio.run(admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _truncate(url: str) -> None:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'")
    await conn.execute("TRUNCATE " + ", ".join(f'"{t["tablename"]}"' for t in tables) + " RESTART IDENTITY CASCADE")
    await conn.close()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path) -> str:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "gongkai.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url = request.getfixturevalue("pg_database")
    asyncio.run(_truncate(url))
    return url


@pytest.fixture
def settings_env(db_url, tmp_path) -> dict:
    return {"GONGKAI_DATABASE_URL": db_url, "GONGKAI_DATA_DIR": str(tmp_path / "data"), "GONGKAI_SECRET_KEY": TEST_KEY}


@pytest.fixture
async def fake():
    """A fake WeChat API server on 127.0.0.1 (tests/fake_wechat.py)."""
    async with start_fake_wechat() as server:
        yield server


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 28, 9, 0, tzinfo=TZ))


@pytest.fixture
async def container(settings_env, clock) -> Container:
    """The real wiring on a real database, with a settable clock (default 2026-11-28 09:00 Shanghai)."""
    c = await bootstrap(load_settings(settings_env))
    c.now = clock
    yield c
    await c.close()
