"""The outbound WeChat client against the local fake WeChat API (and the real Redis on 127.0.0.1)."""

import asyncio
import logging
import sys
import uuid
from pathlib import Path

import aiohttp
import pytest
from redis.asyncio import Redis

from bot.wechat_menu import MenuError, check_menu, load_menu
from tests.fake_wechat import start_fake_wechat
from wechat.api import MediaTooLarge, RetryPolicy, WeChatAPIError, WeChatClient, WeChatUnavailableError
from wechat.token_cache import MemoryTokenCache, RedisTokenCache

REDIS_URL = "redis://127.0.0.1:6379/0"
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.04)
CUSTOM = "/cgi-bin/message/custom/send"
TEMPLATE = "/cgi-bin/message/template/send"
OPENID = "oFakeOpenid0000000000000001"
# One worker process: ten concurrent sends through its own client and its own Redis connection.
WORKER = """
import asyncio, sys
from redis.asyncio import Redis
from wechat.token_cache import RedisTokenCache
from wechat.api import WeChatClient

async def main(base_url, prefix, app_id, secret):
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    async with WeChatClient(app_id, secret, RedisTokenCache(redis, prefix), base_url) as client:
        await asyncio.gather(*(client.send_text("oWorker", f"worker {n}") for n in range(10)))
    await redis.aclose()

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.fixture
async def wechat():
    async with start_fake_wechat() as fake:
        yield fake


@pytest.fixture
async def redis_caches():
    """Makes RedisTokenCache objects on separate connections, like separate processes, sharing one prefix."""
    prefix = f"gongkai-test:{uuid.uuid4().hex}:"
    connections: list[Redis] = []

    def make() -> RedisTokenCache:
        connections.append(Redis.from_url(REDIS_URL))
        return RedisTokenCache(connections[-1], prefix)

    yield make
    for connection in connections:
        stale = await connection.keys(prefix + "*")
        if stale:
            await connection.delete(*stale)
        await connection.aclose()


def client_for(wechat, cache, **options) -> WeChatClient:
    return WeChatClient(wechat.app_id, wechat.app_secret, cache, wechat.base_url, retry=FAST, **options)


async def test_token_is_cached_and_reused(wechat):
    async with client_for(wechat, MemoryTokenCache()) as client:
        first = await client.get_access_token()
        for n in range(3):
            await client.send_text(OPENID, f"第{n}条")
        assert await client.get_access_token() == first
    assert wechat.token_requests == 1
    assert len(wechat.calls(CUSTOM)) == 3


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_two_clients_under_concurrent_sends_refresh_once(wechat, redis_caches, backend):
    shared = MemoryTokenCache()
    caches = [shared, shared] if backend == "memory" else [redis_caches(), redis_caches()]
    async with client_for(wechat, caches[0]) as one, client_for(wechat, caches[1]) as two:
        sends = [(one if n % 2 else two).send_text(OPENID, f"提醒{n}") for n in range(20)]
        await asyncio.gather(*sends)
    assert wechat.token_requests == 1
    assert sorted(body["text"]["content"] for body in wechat.calls(CUSTOM)) == sorted(
        f"提醒{n}" for n in range(20))


async def test_separate_processes_sharing_redis_refresh_once(wechat):
    prefix = f"gongkai-test:{uuid.uuid4().hex}:"
    args = [wechat.base_url, prefix, wechat.app_id, wechat.app_secret]
    workers = [await asyncio.create_subprocess_exec(sys.executable, "-c", WORKER, *args,
                                                    cwd=Path(__file__).parents[1]) for _ in range(3)]
    assert [await worker.wait() for worker in workers] == [0, 0, 0]
    assert wechat.token_requests == 1
    assert len(wechat.calls(CUSTOM)) == 30
    redis = Redis.from_url(REDIS_URL)
    await redis.delete(*await redis.keys(prefix + "*"))
    await redis.aclose()


async def test_token_invalidated_by_another_fetch_is_refreshed_and_the_call_retried(wechat):
    async with client_for(wechat, MemoryTokenCache()) as client:
        stale = await client.get_access_token()
        # Someone else fetches a token with the same appid: strict WeChat voids ours (40001).
        query = {"grant_type": "client_credential", "appid": wechat.app_id, "secret": wechat.app_secret}
        async with aiohttp.ClientSession() as session:
            async with session.get(wechat.base_url + "/cgi-bin/token", params=query) as response:
                assert "access_token" in await response.json()
        await client.send_text(OPENID, "您的申请已受理")
        assert await client.get_access_token() != stale
    assert wechat.token_requests == 3
    assert len(wechat.calls(CUSTOM)) == 2


async def test_expired_token_is_refreshed(wechat):
    async with client_for(wechat, MemoryTokenCache()) as client:
        await client.send_text(OPENID, "第一条")
        wechat.expire_current_token()
        await client.send_text(OPENID, "第二条")
    assert wechat.token_requests == 2
    assert [body["text"]["content"] for body in wechat.calls(CUSTOM)] == ["第一条", "第二条", "第二条"]


async def test_token_is_refreshed_a_margin_before_expires_in(wechat):
    now = [0.0]
    cache = MemoryTokenCache(clock=lambda: now[0])
    async with client_for(wechat, cache, refresh_margin=300) as client:
        first = await client.get_access_token()
        now[0] = 7200 - 301
        assert await client.get_access_token() == first
        now[0] = 7200 - 299
        assert await client.get_access_token() != first
    assert wechat.token_requests == 2


@pytest.mark.parametrize("break_it", ["drop", "http500", "busy"])
async def test_network_failures_and_5xx_are_retried(wechat, break_it):
    {"drop": lambda: wechat.drop_next(2, path=CUSTOM),
     "http500": lambda: wechat.error_next(502, 2, path=CUSTOM),
     "busy": lambda: wechat.fail_next(-1, 2, path=CUSTOM)}[break_it]()
    async with client_for(wechat, MemoryTokenCache()) as client:
        await client.send_text(OPENID, "重试后送达")
    assert len(wechat.calls(CUSTOM)) == 3


async def test_retries_give_up_with_unavailable_error(wechat):
    wechat.drop_next(3, path=CUSTOM)
    async with client_for(wechat, MemoryTokenCache()) as client:
        with pytest.raises(WeChatUnavailableError, match="3 次均失败"):
            await client.send_text(OPENID, "送不到")


async def test_template_payload_is_as_wechat_documents_it(wechat):
    async with client_for(wechat, MemoryTokenCache()) as client:
        msgid = await client.send_template(
            OPENID, "TPL_accepted_0001",
            {"thing1": "关于2023年道路养护资金的信息", "date2": {"value": "2024年3月5日", "color": "#173177"}},
            url="https://jtj.mudanjiang.gov.cn/apply/42", client_msg_id="a3f09c2e")
    assert isinstance(msgid, int)
    assert wechat.calls(TEMPLATE) == [{
        "touser": OPENID,
        "template_id": "TPL_accepted_0001",
        "data": {"thing1": {"value": "关于2023年道路养护资金的信息"},
                 "date2": {"value": "2024年3月5日", "color": "#173177"}},
        "url": "https://jtj.mudanjiang.gov.cn/apply/42",
        "client_msg_id": "a3f09c2e",
    }]


async def test_customer_service_text_payload_is_as_wechat_documents_it(wechat):
    async with client_for(wechat, MemoryTokenCache()) as client:
        await client.send_text(OPENID, "您的申请（编号 2024-0042）已于今日答复，请查收。")
    assert wechat.calls(CUSTOM) == [
        {"touser": OPENID, "msgtype": "text", "text": {"content": "您的申请（编号 2024-0042）已于今日答复，请查收。"}}]


async def test_menu_push_sends_the_shipped_menu(wechat):
    menu = load_menu()
    async with client_for(wechat, MemoryTokenCache()) as client:
        await client.create_menu(menu)
    assert wechat.calls("/cgi-bin/menu/create") == [menu]
    keys = {sub.get("key") for button in menu["button"] for sub in button["sub_button"]}
    assert {"guide_apply", "guide_fees", "guide_remedies", "apply", "my_apps", "figures"} <= keys


def test_menu_rules_are_checked_before_pushing():
    four = {"button": [{"type": "click", "name": f"菜单{n}", "key": f"k{n}"} for n in range(4)]}
    with pytest.raises(MenuError, match="1 至 3 个"):
        check_menu(four)
    too_long = {"button": [{"type": "click", "name": "政府信息公开指南", "key": "guide"},
                           {"type": "view", "name": "网站", "url": "jtj.mudanjiang.gov.cn"}]}
    with pytest.raises(MenuError) as caught:
        check_menu(too_long)
    assert len(caught.value.problems) == 2


async def test_non_token_error_surfaces_its_errcode_without_refreshing(wechat):
    wechat.unsubscribed.add(OPENID)
    async with client_for(wechat, MemoryTokenCache()) as client:
        with pytest.raises(WeChatAPIError) as caught:
            await client.send_template(OPENID, "TPL_due_0002", {"thing1": "即将到期"})
    assert caught.value.errcode == 43004
    assert wechat.token_requests == 1
    assert len(wechat.calls(TEMPLATE)) == 1


async def test_wrong_secret_fails_and_frees_the_refresh_lock(wechat):
    cache = MemoryTokenCache()
    client = WeChatClient(wechat.app_id, "wrong-secret-0000000000000000", cache, wechat.base_url, retry=FAST)
    async with client:
        with pytest.raises(WeChatAPIError) as caught:
            await client.get_access_token()
    assert caught.value.errcode == 40125
    assert await cache.try_lock(wechat.app_id, 30) is not None


async def test_stable_token_forces_refresh_only_when_normal_mode_returns_the_rejected_token(wechat):
    async with client_for(wechat, MemoryTokenCache(), use_stable_token=True) as client:
        await client.send_text(OPENID, "一")
        wechat.expire_current_token()  # normal mode now hands out a new token by itself
        await client.send_text(OPENID, "二")
        wechat.fail_next(40001, path=CUSTOM)  # still-live stable token rejected: only force helps
        await client.send_text(OPENID, "三")
    assert wechat.stable_token_requests == [False, False, False, True]
    assert wechat.token_requests == 0


async def test_redis_lock_is_released_only_by_its_holder(redis_caches):
    cache, other = redis_caches(), redis_caches()
    holder = await cache.try_lock("wxapp", 30)
    assert holder and await other.try_lock("wxapp", 30) is None
    await other.unlock("wxapp", "not-the-holder")
    assert await other.try_lock("wxapp", 30) is None
    await cache.unlock("wxapp", holder)
    assert await other.try_lock("wxapp", 30) is not None


async def test_tokens_and_secret_never_logged_in_full(wechat, caplog):
    caplog.set_level(logging.DEBUG)
    wechat.drop_next(1, path="/cgi-bin/token")
    async with client_for(wechat, MemoryTokenCache()) as client:
        token = await client.get_access_token()
        wechat.expire_current_token()
        await client.send_text(OPENID, "日志检查")
    assert "refreshed" in caplog.text
    assert token not in caplog.text and token[:12] not in caplog.text
    assert wechat.app_secret not in caplog.text


async def test_media_is_downloaded_with_a_fresh_token_after_a_stale_one_and_capped(wechat):
    wechat.media["m"] = (b"\xff\xd8\xff" + b"x" * 500, "image/jpeg")
    async with WeChatClient(wechat.app_id, wechat.app_secret, MemoryTokenCache(), wechat.base_url) as client:
        await client.get_access_token()
        wechat.expire_current_token()
        assert await client.download_media("m", 1000) == (wechat.media["m"][0], "image/jpeg")
        with pytest.raises(MediaTooLarge):
            await client.download_media("m", 100)
        with pytest.raises(WeChatAPIError) as unknown:
            await client.download_media("gone", 1000)
    assert unknown.value.errcode == 40007
