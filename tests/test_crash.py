"""A crash anywhere in a message's transaction leaves nothing half done: WeChat's retry (the same MsgId, once
the service runs again) gets the stored reply or does the work, once.

Real `gongkai serve` processes are killed with SIGKILL at each boundary of a confirmation (tests/crash_server.py
places the kill through SQLAlchemy's event hooks); the service that answers the retries afterwards is a fresh
app on the same database, so nothing is remembered in memory. The fault script's trials run here too, fewer.
"""

import asyncio
import re
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from bot.bootstrap import bootstrap
from bot.wechat_sim import WeChatSigner, text_xml
from config.settings import load_settings
from faults.crash_confirm import NUMBER, TOKEN, environment, free_port, run, seed
from handlers.chat.message import finish_lapsed
from storage.models import Applicant, Application
from storage.models_chat import Dialogue, InboundMessage, OutboxMessage
from tests.wechat_client import webhook_client

CRASH_SERVER = Path(__file__).with_name("crash_server.py")
BOUNDARIES = {  # where the process handling the first delivery dies, as tests/crash_server.py names it
    "claimed": "INSERT INTO inbound_messages",
    "registered": "INSERT INTO applications",
    "notice queued": "INSERT INTO outbox",
    "reply recorded": "UPDATE inbound_messages SET reply",
    "committed": "committed:UPDATE inbound_messages SET reply",
    # The first delivery's time ran out at once (budget 0): the lease was committed, then the process died.
    "leased, then retried": "committed:INSERT INTO inbound_messages",
    "leased, then swept": "committed:INSERT INTO inbound_messages",
}
LEASED = ("leased, then retried", "leased, then swept")


@pytest.fixture
async def live(settings_env, tmp_path):
    """A container on the real clock (the killed services run on it) and the environment they run in."""
    env = environment(settings_env["GONGKAI_DATABASE_URL"], str(tmp_path / "data"), settings_env["GONGKAI_SECRET_KEY"])
    container = await bootstrap(load_settings(env))
    yield container, env
    await container.close()


async def _ready(port: int, proc: subprocess.Popen) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(1200):
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                assert proc.poll() is None, "the service stopped before it served"
            await asyncio.sleep(0.05)
    raise AssertionError("the service did not start")


async def _doomed(env: dict, name: str, tmp_path: Path) -> tuple[subprocess.Popen, int]:
    """A service that dies at boundary `name`."""
    env = dict(env, CRASH_AT=BOUNDARIES[name])
    if name in LEASED:
        config = tmp_path / "budget0.toml"
        config.write_text("[wechat]\nreply_budget_seconds = 0\n", encoding="utf-8")
        env["GONGKAI_CONFIG"] = str(config)
    port = free_port()
    with (tmp_path / f"{name}.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, str(CRASH_SERVER), "--port", str(port)], env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    await _ready(port, proc)
    return proc, port


async def _deliver_to_the_doomed(proc: subprocess.Popen, port: int, xml: str) -> None:
    query, body = WeChatSigner(TOKEN).request(xml)
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientError):  # the process dies before it answers
            await session.post(f"http://127.0.0.1:{port}/wechat", params=query, data=body)
    assert proc.wait(timeout=30) == -signal.SIGKILL


async def _state(container, openid: str, key: str) -> dict:
    async with container.uow() as uow:
        numbers = list(await uow.session.scalars(
            select(Application.number).join(Applicant, Application.applicant_id == Applicant.id)
            .where(Applicant.openid == openid)))
        late = [p["text"] for p in await uow.session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.recipient == openid, OutboxMessage.kind == "cs_text"))]
        notices = await uow.session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.recipient == openid, OutboxMessage.kind == "notice-register"))
        form = await uow.session.scalar(select(Dialogue.id).where(Dialogue.openid == openid))
        record = (await uow.session.execute(select(InboundMessage.reply, InboundMessage.message)
                                            .where(InboundMessage.dedupe_key == key))).first()
    return {"numbers": numbers, "late": late, "notice": notices is not None, "form": form, "record": record}


async def _told(container, openid: str, key: str, reply: str | None) -> dict:
    """The state once the number was told: at once in `reply`, or when the late answer is committed."""
    for _ in range(600):
        state = await _state(container, openid, key)
        if NUMBER.search(reply or "") or state["late"]:
            return state
        await asyncio.sleep(0.05)
    return state


async def _swept(container, attempts: int = 100) -> None:
    for _ in range(attempts):  # until its lease (1 s here) has run out
        if await finish_lapsed(container):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the lapsed lease was never answered")


async def test_a_kill_at_any_boundary_of_a_confirmation_leaves_one_application_and_its_number_told(live, tmp_path):
    container, env = live
    openids = {name: f"o-kill-{i}" for i, name in enumerate(BOUNDARIES)}
    await seed(container, list(openids.values()))
    xmls = {name: text_xml(openid, "确认") for name, openid in openids.items()}
    servers = await asyncio.gather(*(_doomed(env, name, tmp_path) for name in BOUNDARIES))
    for name, (proc, port) in zip(BOUNDARIES, servers, strict=True):
        await _deliver_to_the_doomed(proc, port, xmls[name])

    container.settings.raw["wechat"]["lease_seconds"] = 1
    async with webhook_client(container) as wx:  # the service, started again
        for name, xml in xmls.items():
            if name == "leased, then swept":  # as if "success" had reached WeChat just before: no retry
                await _swept(container)
                retried = None
            else:
                retried = await wx.send(xml)
            key = "msg:" + re.search(r"<MsgId>(\d+)</MsgId>", xml).group(1)
            state = await _told(container, openids[name], key, retried)
            told = NUMBER.findall(retried or "") + [n for t in state["late"] for n in NUMBER.findall(t)]
            assert len(state["numbers"]) == 1 and told == state["numbers"], (name, retried, state)
            assert state["notice"] and state["form"] is None, name
            # In the reply, or (time ran out on a busy machine) "success" and the answer queued for later.
            assert state["record"].reply == (retried if NUMBER.search(retried or "") else ""), name
            assert state["record"].message is None, name  # the lease's copy of the message is gone
            again = await wx.send(xml)  # another retry: the stored reply, nothing done again
            assert again == (retried or "success"), name
            assert (await _state(container, openids[name], key))["numbers"] == state["numbers"], name


async def test_killed_mid_burst_the_retries_alone_lose_nothing_and_double_nothing(db_url):
    """The fault script (faults/crash_confirm.py) with 2 trials of 50 citizens instead of 20."""
    figures = await run(db_url, trials=2, citizens=50)
    assert figures.sent == 100
    assert (figures.lost, figures.doubled, figures.told_not_stored) == (0, 0, 0), figures
    assert figures.stored == figures.told == 100, figures
