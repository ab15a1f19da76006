"""The WeChat link to an issued document, served by gongkai's own aiohttp app on 127.0.0.1 with the fake
WeChat API doing the web-page authorisation: it opens for its applicant only, and expires."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot import letter_links
from bot.app import create_app
from bot.bootstrap import bootstrap
from config.settings import load_settings
from disclosure.events import Action
from handlers.applications import service as applications
from handlers.letters import access
from handlers.letters import service as letters
from handlers.letters import settings as letter_settings
from handlers.letters.links import state_of
from storage.models_chat import OutboxMessage
from tests.reminder_helpers import register, wired_env

PUBLIC = "https://gongkai.example.gov.cn"
APPLICANT, STRANGER = "oApplicant0000000000000000001", "oStranger00000000000000000002"


@pytest.fixture
async def site(settings_env, tmp_path, fake, clock):
    env = {**wired_env(settings_env, tmp_path, fake), "GONGKAI_PUBLIC_URL": PUBLIC}
    container = await bootstrap(load_settings(env))
    container.now = clock
    await letter_settings.update(container, {"contact": "王敏", "phone": "0453-6171234"})
    number = await register(container, "2026-03-02", openid=APPLICANT)
    await applications.perform(container, number, Action.CLOSE, date(2026, 3, 20), {"outcome": "granted"})
    issued = await letters.issue(container, number, "answer")
    issued["number"] = number
    token = await _token(container, issued["id"])
    client = TestClient(TestServer(create_app(container, installers=[letter_links.install])))
    await client.start_server()
    try:
        yield container, client, token, issued
    finally:
        await client.close()
        await container.close()


async def _token(container, letter_id: int) -> str:
    """The token of the link in the applicant's queued message."""
    async with container.uow() as uow:
        body = await uow.session.scalar(select(OutboxMessage.payload).where(OutboxMessage.kind == "letter"))
    assert body["url"].startswith(f"{PUBLIC}/letters/{letter_id}.")
    return body["url"].rsplit("/", 1)[1]


async def test_the_link_sends_the_opener_through_silent_authorisation(site, fake):
    _, client, token, _ = site
    response = await client.get(f"/letters/{token}", allow_redirects=False)
    assert response.status == 302
    target = urlsplit(response.headers["Location"])
    query = parse_qs(target.query)
    assert target.netloc == "open.weixin.qq.com" and target.path == "/connect/oauth2/authorize"
    assert target.fragment == "wechat_redirect"
    assert query["appid"] == [fake.app_id] and query["scope"] == ["snsapi_base"]
    assert query["redirect_uri"] == [f"{PUBLIC}/letters/{token}"] and query["response_type"] == ["code"]


async def test_it_opens_for_its_applicant_and_downloads_as_word(site, fake):
    _, client, token, issued = site
    state = state_of(token)
    page = await client.get(f"/letters/{token}", params={"code": fake.oauth_code(APPLICANT), "state": state})
    html = await page.text()
    assert page.status == 200 and issued["serial"] in html and "如对本答复书不服" in html
    assert page.headers["Cache-Control"] == "no-store" and "noindex" in page.headers["X-Robots-Tag"]
    cookie = page.cookies[letter_links.COOKIE]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == f"/letters/{token}" and int(cookie["max-age"]) == 600
    # The test client speaks plain HTTP, so it holds back a Secure cookie; a phone on https sends it.
    download = await client.get(f"/letters/{token}/docx", headers={"Cookie": f"{cookie.key}={cookie.value}"})
    assert download.status == 200 and (await download.read())[:2] == b"PK"
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]


async def test_it_does_not_open_for_anyone_else(site, fake):
    _, client, token, _ = site
    state = state_of(token)
    other = await client.get(f"/letters/{token}", params={"code": fake.oauth_code(STRANGER), "state": state})
    assert other.status == 403 and "仅限申请人本人" in await other.text()
    assert (await client.get(f"/letters/{token}/docx")).status == 403  # no cookie for a stranger
    forged = token.rsplit(".", 1)[0] + "." + "A" * 32
    tampered = await client.get(f"/letters/{forged}", params={"code": fake.oauth_code(APPLICANT),
                                                               "state": state_of(forged)})
    assert tampered.status == 403
    longer = token.split(".")[0] + "." + str(int(token.split(".")[1]) + 86400) + "." + token.split(".")[2]
    extended = await client.get(f"/letters/{longer}", params={"code": fake.oauth_code(APPLICANT),
                                                              "state": state_of(longer)})
    assert extended.status == 403  # the expiry is signed too
    reused = await client.get(f"/letters/{token}", params={"code": "0" * 32, "state": state})
    assert reused.status == 403 and "授权已失效" in await reused.text()
    wrong_state = await client.get(f"/letters/{token}", params={"code": fake.oauth_code(APPLICANT), "state": "x"})
    assert wrong_state.status == 403
    assert (await client.get("/letters/12.34.junk")).status == 404


async def test_it_expires(site, fake, clock):
    container, client, token, _ = site
    clock.value += timedelta(hours=container.settings.get("letters", "link_hours") + 1)
    late = await client.get(f"/letters/{token}", params={"code": fake.oauth_code(APPLICANT),
                                                          "state": state_of(token)})
    assert late.status == 410 and "链接已过期" in await late.text()


async def test_a_fresh_link_only_for_the_applicants_own_document(site):
    container, _, _, issued = site
    number = issued["number"]
    fresh = await access.fresh_link(container, APPLICANT, number, issued["serial"])
    assert fresh and fresh.startswith(f"{PUBLIC}/letters/{issued['id']}.")
    assert await access.fresh_link(container, STRANGER, number, issued["serial"]) is None

