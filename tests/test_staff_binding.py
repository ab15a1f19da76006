"""Bind codes cannot be guessed: throttled per WeChat account and per agency, locked with a reason and a
time, every attempt audited without the code; staff are listed and unbound (CLI, and 解绑 on WeChat)."""

import asyncio
import json
from datetime import timedelta
from typing import NamedTuple

import pytest
from sqlalchemy import select

from disclosure.text import InvalidText
from handlers.staff import accounts
from handlers.staff import binding as staff_binding
from handlers.staff.roles import Role
from storage.models import AuditEntry
from tests.cli_helpers import Gongkai
from tests.wechat_client import webhook_client

GUESSER, STAFF = "o-guesser-1", "o-staff-wang"


def _wrong(code: str, n: int = 0) -> str:
    """A 12-digit code that is not `code`."""
    return str((int(code) + 1 + n) % 10**12).zfill(12)


class Entry(NamedTuple):
    actor: str
    target: str | None
    outcome: str
    detail: dict


async def _audit(container, action: str = staff_binding.BIND) -> list[Entry]:
    async with container.uow() as uow:
        rows = await uow.session.execute(select(AuditEntry.actor, AuditEntry.target, AuditEntry.outcome,
                                                AuditEntry.detail).where(AuditEntry.action == action)
                                         .order_by(AuditEntry.id))
        return [Entry(*row) for row in rows]


async def test_wrong_codes_lock_the_sender_who_is_refused_even_the_right_code_until_the_lock_ends(container, clock):
    code = await staff_binding.issue_code(container, container.default_agency, "王芳")
    async with webhook_client(container) as wx:
        replies = [await wx.text(GUESSER, f"绑定 {_wrong(code, n)}") for n in range(5)]
        assert "还可尝试4次" in replies[0] and "还可尝试1次" in replies[3]
        assert "错误次数过多" in replies[4] and "暂停约15分钟" in replies[4] and "09:15" in replies[4]
        locked = await wx.text(GUESSER, f"绑定 {code}")
        assert "无效" not in locked and "暂停约15分钟，请于09:15后再试" in locked
        clock.value += timedelta(minutes=10)
        assert "暂停约5分钟" in await wx.text(GUESSER, f"绑定 {code}")  # the lock does not grow while hammered
        clock.value += timedelta(minutes=5, seconds=1)
        assert "绑定成功，王芳" in await wx.text(GUESSER, f"绑定 {code[:4]} {code[4:8]}-{code[8:]}")
    entries = await _audit(container)
    assert [e.outcome for e in entries] == ["refused"] * 5 + ["locked"] * 2 + ["ok"]
    assert len({e.actor for e in entries}) == 1 and entries[0].actor.startswith("wechat:")
    assert entries[-1].target == "王芳" and entries[5].detail == {"agency_wide": False}
    for entry in entries + await _audit(container, staff_binding.ISSUE):  # never the code, never the openid
        text = f"{entry.actor} {entry.target} {entry.detail}"
        assert code not in text and code[:6] not in text and GUESSER not in text


async def test_guesses_from_many_accounts_pause_binding_for_the_whole_agency(container, clock):
    container.settings.raw["security"]["bind_agency_attempts"] = 8
    code = await staff_binding.issue_code(container, container.default_agency, "王芳")
    async with webhook_client(container) as wx:
        for n in range(7):  # two wrong codes each from four accounts: no account reaches its own limit
            assert "还可尝试" in await wx.text(f"o-guesser-{n // 2}", f"绑定 {_wrong(code, n)}")
        assert "本机关近期错误的绑定尝试过多" in await wx.text("o-guesser-3", f"绑定 {_wrong(code, 7)}")
        paused = await wx.text(STAFF, f"绑定 {code}")
        assert "本机关近期错误的绑定尝试过多" in paused and "暂停约15分钟" in paused
        clock.value += timedelta(minutes=15, seconds=1)
        assert "绑定成功，王芳" in await wx.text(STAFF, f"绑定 {code}")
    assert (await _audit(container))[8].detail == {"agency_wide": True}


async def test_simultaneous_guesses_are_counted_one_at_a_time(container):
    code = await staff_binding.issue_code(container, container.default_agency, "王芳")
    outcomes = await asyncio.gather(*(staff_binding.bind(container, container.default_agency, GUESSER, _wrong(code, n))
                                      for n in range(20)))
    assert sum(o.checked for o in outcomes) == 5  # the rest were refused unchecked, however they interleaved
    assert sorted(e.outcome for e in await _audit(container)) == ["locked"] * 15 + ["refused"] * 5


async def test_failures_spread_over_the_window_lock_bind_codes_and_sign_ins_alike_for_a_window_from_the_last(
        container, clock):
    """One throttle serves both: five failures within 15 minutes lock for 15 minutes from the fifth."""
    code = await staff_binding.issue_code(container, container.default_agency, "王芳")
    await accounts.add_user(container, "王芳", Role.CLERK, "clerk-password-1")
    start = clock.value
    for n in range(5):  # 0, 3, 6, 9 and 12 minutes after the first
        clock.value = start + timedelta(minutes=3 * n)
        await staff_binding.bind(container, container.default_agency, GUESSER, _wrong(code, n))
        await accounts.sign_in(container, "王芳", "wrong-password")
    clock.value = start + timedelta(minutes=26)  # the first failure is long out of the window; the lock holds
    held = await staff_binding.bind(container, container.default_agency, GUESSER, code)
    refused = await accounts.sign_in(container, "王芳", "clerk-password-1")
    assert not held.checked and held.lock.until == refused.locked_until == start + timedelta(minutes=27)
    clock.value = start + timedelta(minutes=27, seconds=1)
    assert (await staff_binding.bind(container, container.default_agency, GUESSER, code)).name == "王芳"
    assert (await accounts.sign_in(container, "王芳", "clerk-password-1")).account.name == "王芳"


async def test_staff_are_listed_and_unbound_on_the_command_line(container, db_url, tmp_path):
    gk = Gongkai(tmp_path, database_url=db_url)

    def cli(*args: str, check: bool = True):  # in a thread: the webhook's tasks keep running meanwhile
        return asyncio.to_thread(gk.run, *args, check=check)

    async def listing():
        return json.loads((await cli("staff", "list", "--format", "json")).stdout)

    code = (await cli("staff", "bind-code", "王芳")).stdout.split("\n")[0]
    assert code.isdigit() and len(code) == staff_binding.CODE_DIGITS
    await cli("staff", "bind-code", "李雷")
    async with webhook_client(container) as wx:
        assert "绑定成功" in await wx.text(STAFF, f"绑定 {code}")
        assert [(r["name"], r["bound"], r["code_expires"] is not None) for r in await listing()] == [
            ("李雷", False, True), ("王芳", True, False)]
        assert "王芳  已绑定微信" in (await cli("staff", "list")).stdout
        assert "已解除王芳的微信绑定" in (await cli("staff", "unbind", "王芳")).stdout
        assert "仅供已绑定的工作人员" in await wx.text(STAFF, "待办")
    assert "没有绑定微信" in (await cli("staff", "unbind", "王芳")).stdout
    refused = await cli("staff", "unbind", "韩梅梅", check=False)
    assert refused.returncode == 1 and refused.stderr.startswith("错误：本机关没有名为“韩梅梅”的工作人员")
    assert [r["bound"] for r in await listing()] == [False, False]
    assert [(e.actor, e.target, e.outcome) for e in await _audit(container, staff_binding.UNBIND)] == [
        ("cli", "王芳", "ok"), ("cli", "王芳", "unchanged")]


async def test_staff_unbind_themselves_on_wechat(container):
    code = await staff_binding.issue_code(container, container.default_agency, "王芳")
    async with webhook_client(container, "safe") as wx:
        assert "没有绑定工作人员" in await wx.text(STAFF, "解绑")
        assert "解绑：本微信号不再用于办理" in await wx.text(STAFF, f"绑定 {code}")
        assert "已解除绑定，王芳" in await wx.text(STAFF, "解绑")
        assert "仅供已绑定的工作人员" in await wx.text(STAFF, "待办")
    assert [(e.actor, e.outcome) for e in await _audit(container, staff_binding.UNBIND)] == [("王芳", "ok")]


async def test_a_staff_name_is_checked_like_any_free_text(container):
    with pytest.raises(InvalidText, match="控制字符"):
        await staff_binding.issue_code(container, container.default_agency, "王\x1b[2J芳")
