"""The outbound WeChat client as the settings describe it, with the shared token cache they choose.

Redis (reminders.redis_url, GONGKAI_REDIS_URL) when set, else the database every instance already
shares (storage.token_store); either way all instances of one account use and refresh one token.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from config.settings import ConfigError, Settings
from storage.token_store import DatabaseTokenCache
from wechat.api import RetryPolicy, WeChatClient
from wechat.token_cache import RedisTokenCache, TokenCache


def wechat_configured(settings: Settings) -> bool:
    return bool(settings.get("wechat", "appid") and settings.get("wechat", "secret"))


@asynccontextmanager
async def token_cache(settings: Settings, engine) -> AsyncIterator[TokenCache]:
    url = settings.get("reminders", "redis_url")
    if not url:
        yield DatabaseTokenCache(engine)
        return
    from redis.asyncio import Redis  # some 6 MB that a deployment without Redis need not load

    redis = Redis.from_url(url)
    try:
        yield RedisTokenCache(redis)
    finally:
        await redis.aclose()


@asynccontextmanager
async def wechat_client(container, retry: RetryPolicy | None = None) -> AsyncIterator[WeChatClient]:
    """`async with wechat_client(container) as client:`; ConfigError when the account is not set up."""
    settings = container.settings
    if not wechat_configured(settings):
        raise ConfigError("配置错误：未设置公众号 GONGKAI_WECHAT_APPID 和 GONGKAI_WECHAT_SECRET，无法调用微信接口。")
    async with token_cache(settings, container.engine) as cache:
        client = WeChatClient(settings.get("wechat", "appid"), settings.get("wechat", "secret"), cache,
                              settings.get("wechat", "api_base"),
                              use_stable_token=settings.get("wechat", "use_stable_token"),
                              retry=retry or RetryPolicy())
        async with client:
            yield client
