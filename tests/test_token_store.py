"""The database token cache: one refresh for clients on separate engines, locks that lapse, the factory."""

import asyncio
from datetime import UTC, datetime, timedelta

from bot.bootstrap import bootstrap
from config.settings import load_settings
from storage.token_store import DatabaseTokenCache
from tests.fake_wechat import start_fake_wechat
from tests.reminder_helpers import FAST
from wechat.api import WeChatClient
from wechat.setup import token_cache
from wechat.token_cache import RedisTokenCache

CUSTOM = "/cgi-bin/message/custom/send"


class FakeNow:
    def __init__(self):
        self.value = datetime(2024, 10, 8, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.value


async def test_two_clients_on_two_engines_refresh_once(container, settings_env):
    other = await bootstrap(load_settings(settings_env))
    try:
        async with start_fake_wechat() as fake:
            clients = [WeChatClient(fake.app_id, fake.app_secret, DatabaseTokenCache(c.engine), fake.base_url,
                                    retry=FAST) for c in (container, other)]
            await asyncio.gather(*(client.send_text("oStaff", f"第{n}条") for n in range(8) for client in clients))
            for client in clients:
                await client.close()
            assert fake.token_requests == 1
            assert len(fake.calls(CUSTOM)) == 16
    finally:
        await other.close()


async def test_rejected_token_is_refreshed_once_and_shared(container):
    async with start_fake_wechat() as fake:
        cache = DatabaseTokenCache(container.engine)
        async with WeChatClient(fake.app_id, fake.app_secret, cache, fake.base_url, retry=FAST) as client:
            first = await client.get_access_token()
            fake.expire_current_token()
            await client.send_text("oStaff", "令牌过期后重试")
            second = await cache.get_token(fake.app_id)
        assert first != second
        assert fake.token_requests == 2


async def test_token_expires_and_lock_lapses(container):
    now = FakeNow()
    cache = DatabaseTokenCache(container.engine, now=now)
    await cache.store_token("wxapp", "TOKEN-1", ttl=60)
    assert await cache.get_token("wxapp") == "TOKEN-1"
    holder = await cache.try_lock("wxapp", ttl=30)
    assert holder and await cache.try_lock("wxapp", ttl=30) is None
    now.value += timedelta(seconds=61)
    assert await cache.get_token("wxapp") is None
    successor = await cache.try_lock("wxapp", ttl=30)  # the first holder crashed: its lock lapsed
    assert successor and successor != holder
    await cache.unlock("wxapp", holder)  # a late unlock by the old holder must not free the new lock
    assert await cache.try_lock("wxapp", ttl=30) is None
    await cache.unlock("wxapp", successor)
    assert await cache.try_lock("wxapp", ttl=30)


async def test_factory_picks_redis_when_configured(container, settings_env):
    async with token_cache(container.settings, container.engine) as cache:
        assert isinstance(cache, DatabaseTokenCache)
    settings = load_settings({**settings_env, "GONGKAI_REDIS_URL": "redis://127.0.0.1:6379/0"})
    async with token_cache(settings, container.engine) as cache:
        assert isinstance(cache, RedisTokenCache)
