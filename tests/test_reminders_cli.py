"""`gongkai reminders preview` and `gongkai wechat menu push`, run as real commands in subprocesses."""

import asyncio
import sys

from sqlalchemy import func, select

from bot.bootstrap import bootstrap
from config.settings import load_settings
from storage.models_chat import OutboxMessage
from tests.cli_helpers import Gongkai
from tests.fake_wechat import start_fake_wechat
from tests.reminder_helpers import add_staff, assign

A = "oStaffA000000000000000000001"


def register(cli: Gongkai, received: str) -> str:
    return cli.run("app", "register", "--channel", "当面", "--received", received, "--category", "自然人",
                   "--name", "李四", "--request", "2023年公路养护资金使用情况").stdout.split()[0]


async def test_preview_lists_the_reminders_of_a_day_without_sending(tmp_path):
    cli = Gongkai(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'preview.db'}")
    cli.run("db", "upgrade")
    assigned, unassigned = register(cli, "2024-09-20"), register(cli, "2024-09-20")
    later = register(cli, "2024-09-23")
    cli.run("app", "request-correction", unassigned, "--date", "2024-09-24", "--until", "2024-10-08")
    settings = load_settings({k: v for k, v in cli.env.items() if k.startswith("GONGKAI_")})
    container = await bootstrap(settings)
    try:
        await assign(container, assigned, await add_staff(container, "甲", A))
        await add_staff(container, "乙", "oStaffB000000000000000000002")
    finally:
        await container.close()
    lines = cli.json("reminders", "preview", "--as-of", "2024-10-16")
    # The correction was requested without its notice (补正告知书, art. 30) and its period has run out:
    # the scan tells both bound staff members of each.
    assert sorted((x["kind"], x["number"], x["recipient"]) for x in lines if not x["kind"].startswith("reply")) == [
        (kind, unassigned, who) for kind in ("correction-lapsed", "letter-missing-correction") for who in ("乙", "甲")]
    assert [(x["kind"], x["number"], x["recipient"], x["due_on"]) for x in lines if x["kind"].startswith("reply")] == [
        ("reply-before-5", assigned, "甲", "2024-10-23")]
    lines = [x for x in cli.json("reminders", "preview", "--as-of", "2024-10-17") if x["kind"].startswith("reply")]
    assert [(x["kind"], x["number"], x["recipient"], x["due_on"], x["text"]) for x in lines] == [
        # No scan has run since the 16th: the scan on the 17th catches up with it, worded as of the 17th.
        ("reply-before-5", assigned, "甲", "2024-10-23", "答复期限还剩4个工作日"),
        ("reply-before-5", later, "乙", "2024-10-24", "答复期限还剩5个工作日"),  # unassigned: every bound staff member
        ("reply-before-5", later, "甲", "2024-10-24", "答复期限还剩5个工作日"),
    ]
    # Due in 2 working days, the 3-day reminder (the 18th) not sent: the scan would send it now.
    lines = cli.json("reminders", "preview", "--as-of", "2024-10-21")
    assert [(x["kind"], x["number"], x["text"]) for x in lines if x["number"] == assigned] == [
        ("reply-before-3", assigned, "答复期限还剩2个工作日")]
    text = cli.run("reminders", "preview", "--as-of", "2024-10-16").stdout
    assert f"{assigned}  reply-before-5" in text and "答复期限还剩5个工作日" in text
    assert "没有计划发送的提醒" in cli.run("reminders", "preview", "--as-of", "2024-09-20").stdout
    assert "参数错误" in cli.run("reminders", "preview", "--as-of", "10/16", check=False).stderr
    container = await bootstrap(settings)
    try:
        async with container.uow() as uow:
            assert await uow.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    finally:
        await container.close()


async def test_menu_push_sends_the_configured_menu(tmp_path):
    async with start_fake_wechat() as fake:
        env = Gongkai(tmp_path).env | {"GONGKAI_WECHAT_APPID": fake.app_id, "GONGKAI_WECHAT_SECRET": fake.app_secret,
                                      "GONGKAI_WECHAT_API_BASE": fake.base_url}
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "wechat", "menu", "push",
                                                    env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert "已发布自定义菜单" in out.decode()
    [menu] = fake.calls("/cgi-bin/menu/create")
    assert 1 <= len(menu["button"]) <= 3
