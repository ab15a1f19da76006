"""The WeChat access-token cache in the `access_tokens` table, for deployments without Redis.

Implements wechat.token_cache.TokenCache. The refresh lock is one conditional UPDATE on the account's
row ("take it if free or lapsed"): the database decides which of two racing processes wins, on SQLite
(writes are serialised) and PostgreSQL (the second UPDATE re-checks its WHERE after the first commits).
Times are compared inside SQL, in UTC, so SQLite's naive timestamps and PostgreSQL's aware ones agree.
"""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from .models_chat import AccessToken


def utc_now() -> datetime:
    return datetime.now(UTC)


class DatabaseTokenCache:
    """Shared by every process using one database; `now` is injectable to test lapsed locks."""

    def __init__(self, engine: AsyncEngine, now: Callable[[], datetime] = utc_now):
        self._engine = engine
        self._now = now
        self._dialect = postgresql if engine.dialect.name == "postgresql" else sqlite

    def _utc(self, seconds: float = 0.0) -> datetime:
        # SQLite keeps only the wall-clock digits, so every value written or compared must be UTC.
        return (self._now() + timedelta(seconds=seconds)).astimezone(UTC)

    async def get_token(self, key: str) -> str | None:
        query = select(AccessToken.token).where(AccessToken.appid == key, AccessToken.expires_at > self._utc())
        async with self._engine.connect() as conn:
            return await conn.scalar(query)

    async def store_token(self, key: str, token: str, ttl: float) -> None:
        values = {"token": token, "expires_at": self._utc(ttl)}
        stmt = self._dialect.insert(AccessToken).values(appid=key, **values)
        async with self._engine.begin() as conn:
            await conn.execute(stmt.on_conflict_do_update(index_elements=["appid"], set_=values))

    async def try_lock(self, key: str, ttl: float) -> str | None:
        holder = uuid.uuid4().hex
        now = self._utc()
        take = (
            update(AccessToken)
            .where(AccessToken.appid == key,
                   or_(AccessToken.lock_owner.is_(None), AccessToken.lock_until <= now))
            .values(lock_owner=holder, lock_until=self._utc(ttl))
        )
        async with self._engine.begin() as conn:
            # The row must exist for the conditional UPDATE to have something to win.
            await conn.execute(self._dialect.insert(AccessToken).values(appid=key).on_conflict_do_nothing())
        async with self._engine.begin() as conn:
            result = await conn.execute(take)
        return holder if result.rowcount == 1 else None

    async def unlock(self, key: str, holder: str) -> None:
        release = (
            update(AccessToken)
            .where(and_(AccessToken.appid == key, AccessToken.lock_owner == holder))
            .values(lock_owner=None, lock_until=None)
        )
        async with self._engine.begin() as conn:
            await conn.execute(release)
