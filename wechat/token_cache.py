"""Where the WeChat access token is kept, shared by every client of one official account.

WeChat invalidates the previous token whenever a new one is fetched, so two processes refreshing at
once knock each other's token out. Every cache therefore offers a refresh lock besides storage; the
client (wechat.api) takes it without waiting, and whoever fails to get it waits and re-reads.

A new backend (e.g. a database table) implements the four methods of `TokenCache`:

- `get_token(key)`: the token, or None once absent or past the lifetime it was stored with;
- `store_token(key, token, ttl)`: keep it for `ttl` seconds (the client has already subtracted its
  safety margin from WeChat's `expires_in`);
- `try_lock(key, ttl)`: take the refresh lock *without waiting*; return a unique holder id, or None
  when another holder has it. The lock must lapse by itself after `ttl` seconds, so a crashed
  process cannot block refreshing for ever;
- `unlock(key, holder)`: release the lock only if `holder` still owns it (it may have lapsed and been
  taken by someone else meanwhile).

`key` is opaque to the cache; the client passes the account's appid.
"""

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # redis is imported only where a Redis URL is configured (wechat.setup)
    from redis.asyncio import Redis


class TokenCache(Protocol):
    async def get_token(self, key: str) -> str | None: ...

    async def store_token(self, key: str, token: str, ttl: float) -> None: ...

    async def try_lock(self, key: str, ttl: float) -> str | None: ...

    async def unlock(self, key: str, holder: str) -> None: ...


class MemoryTokenCache:
    """One process only (tests, a single-worker deployment). `clock` is injectable for expiry tests.

    The lock is an asyncio.Lock per key; it cannot lapse, but in one process a failed holder always
    releases it through the client's `finally`, so `ttl` is not needed there.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._tokens: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._holders: dict[str, str] = {}

    async def get_token(self, key: str) -> str | None:
        token, deadline = self._tokens.get(key, (None, 0.0))
        return token if self._clock() < deadline else None

    async def store_token(self, key: str, token: str, ttl: float) -> None:
        self._tokens[key] = (token, self._clock() + ttl)

    async def try_lock(self, key: str, ttl: float) -> str | None:
        lock = self._locks.setdefault(key, asyncio.Lock())
        if lock.locked():
            return None
        await lock.acquire()
        holder = uuid.uuid4().hex
        self._holders[key] = holder
        return holder

    async def unlock(self, key: str, holder: str) -> None:
        if self._holders.get(key) == holder:
            del self._holders[key]
            self._locks[key].release()


# Delete the lock only if it still holds our value; a plain DEL could free a lock that lapsed and was
# taken by another process.
_RELEASE_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


class RedisTokenCache:
    """Shared by all processes that reach one Redis; `prefix` separates accounts/environments/tests."""

    def __init__(self, redis: "Redis", prefix: str = "gongkai:wechat:"):
        self._redis = redis
        self._prefix = prefix
        self._release = redis.register_script(_RELEASE_SCRIPT)

    async def get_token(self, key: str) -> str | None:
        value = await self._redis.get(f"{self._prefix}token:{key}")
        return value.decode() if isinstance(value, bytes) else value

    async def store_token(self, key: str, token: str, ttl: float) -> None:
        await self._redis.set(f"{self._prefix}token:{key}", token, px=max(1, int(ttl * 1000)))

    async def try_lock(self, key: str, ttl: float) -> str | None:
        holder = uuid.uuid4().hex
        taken = await self._redis.set(f"{self._prefix}lock:{key}", holder, nx=True, px=int(ttl * 1000))
        return holder if taken else None

    async def unlock(self, key: str, holder: str) -> None:
        await self._release(keys=[f"{self._prefix}lock:{key}"], args=[holder])
