"""Staff on WeChat: one-time binding codes, the due list, one application, lifecycle actions by text."""

import re

import pytest

from bot.cli import main
from handlers.staff import accounts
from handlers.staff import binding as staff_binding
from handlers.staff.roles import Role
from tests.wechat_client import webhook_client

PERSON = ["1", "张三", "11010519491231002X", "13800138000", "2023年本市公交线路调整的批复文件", "2", "1", "确认"]
STAFF = "o-staff-wang"


async def _apply(wx, openid: str = "o-citizen") -> str:
    reply = ""
    for text in ["申请公开", *PERSON]:
        reply = await wx.text(openid, text)
    return reply.split("受理编号：")[1].split("\n")[0]


async def _bound(container, wx, openid: str = STAFF) -> None:
    code = await staff_binding.issue_code(container, container.default_agency, "王芳")
    assert "绑定成功" in await wx.text(openid, f"绑定 {code}")


def test_cli_prints_a_code(settings_env, monkeypatch, capsys):
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    assert main(["staff", "bind-code", "王芳"]) == 0
    code = capsys.readouterr().out.split("\n")[0]
    assert code.isdigit() and len(code) == staff_binding.CODE_DIGITS


async def test_a_code_binds_once_and_only_before_it_expires(container, clock):
    async with webhook_client(container) as wx:
        code = await staff_binding.issue_code(container, container.default_agency, "王芳")
        assert "无效" in await wx.text(STAFF, "绑定 00000000" if code != "00000000" else "绑定 11111111")
        assert "绑定成功，王芳" in await wx.text(STAFF, f"绑定 {code}")
        assert "无效" in await wx.text("o-someone-else", f"绑定 {code}")  # used up
        late = await staff_binding.issue_code(container, container.default_agency, "李雷")
        clock.value = clock.value.replace(year=clock.value.year + 1)
        assert "无效" in await wx.text("o-li", f"绑定 {late}")


async def test_citizens_cannot_use_staff_commands(container):
    async with webhook_client(container) as wx:
        number = await _apply(wx)
        assert "仅供已绑定的工作人员" in await wx.text("o-citizen", "待办")
        assert "仅供已绑定的工作人员" in await wx.text("o-citizen", f"办结 {number} granted")
        assert "办理中" in await wx.text("o-citizen", f"查询 {number}")


async def test_due_list_and_one_application(container, clock):
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        assert "没有到期" in await wx.text(STAFF, "待办")
        number = await _apply(wx)
        clock.set("2026-12-21")
        due = await wx.text(STAFF, "到期")
        assert number in due and "期限2026-12-25" in due
        detail = await wx.text(STAFF, f"查看 {number}")
    assert "张三" in detail and "110***********002X" in detail and "138****8000" in detail
    assert "13800138000" not in detail


@pytest.mark.parametrize("commands, expected", [
    (["延长 {n} 张局长 15 需调取档案"], "延长答复期限"),
    (["补正 {n} 10 请写明文号", "收到补正 {n}"], "收到补正"),
    (["征求意见 {n} 某某公司", "征求结束 {n}"], "征求意见结束"),
    (["收费 {n} 40", "已缴费 {n}"], "已缴费"),  # 40 pages: 100 yuan by 国办函〔2020〕109号
    (["办结 {n} 予以公开"], "予以公开"),
    (["办结 {n} partially_granted"], "部分公开"),
    (["撤回 {n} 申请人来电撤回"], "已撤回"),
])
async def test_lifecycle_actions_by_text(container, commands, expected):
    async with webhook_client(container, "safe") as wx:
        await _bound(container, wx)
        number = await _apply(wx)
        for command in commands:
            reply = await wx.text(STAFF, command.format(n=number))
            if command.split()[0] in ("办结", "撤回", "延长", "补正", "收费"):  # cannot be undone: asked first
                assert reply.startswith("请确认") and "办理中" in await wx.text("o-citizen", f"查询 {number}")
                reply = await wx.text(STAFF, "确认")
            assert reply.startswith("已记录"), reply
    assert expected in reply


@pytest.mark.parametrize("command, hint", [
    ("延长 {n}", "须写明批准人"),
    ("延长 {n} 张局长 三十", "正整数"),
    ("办结 {n}", "须写明办理结果"),
    ("办结 {n} 很好", "无法识别"),
    ("收费 {n} 100 明天", "YYYY-MM-DD"),
    ("收到补正 {n}", "未执行"),
    ("办结 2600005 granted", "没有找到编号"),
])
async def test_refused_actions_say_why_and_change_nothing(container, command, hint):
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        number = await _apply(wx)
        reply = await wx.text(STAFF, command.format(n=number))
        assert hint in reply
        assert "办理中" in await wx.text("o-citizen", f"查询 {number}")


async def test_closing_asks_first_and_cancelling_changes_nothing(container):
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        number = await _apply(wx)
        asked = await wx.text(STAFF, f"办结 {number} 部分公开")
        assert "请确认" in asked and "部分公开" in asked and "不能撤销" in asked
        assert "已放弃" in await wx.text(STAFF, "取消")
        assert "办理中" in await wx.text("o-citizen", f"查询 {number}")
        await wx.text(STAFF, f"办结 {number} 部分公开")
        assert (await wx.text(STAFF, "确认")).startswith("已记录")
        assert "部分公开" in await wx.text("o-citizen", f"查询 {number}")


async def test_a_command_that_cannot_be_taken_is_refused_before_asking(container):
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        number = await _apply(wx)
        reply = await wx.text(STAFF, f"办结 {number} 逾期不补正")
        assert "未执行" in reply and "请确认" not in reply
        choices = await wx.text(STAFF, f"办结 {number} 很好")
        assert "予以公开（granted）" in choices and "部分公开（partially_granted）" in choices


async def test_staff_get_staff_help_in_chinese_and_citizens_the_citizens_help(container):
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        staff_help = await wx.text(STAFF, "帮助")
        assert "待办" in staff_help and "办结 编号" in staff_help and "确认" in staff_help
        assert not re.search(r"[A-Za-z]{2,}", staff_help), staff_help
        assert "申请公开" in await wx.text("o-citizen", "帮助")
        due = await wx.text(STAFF, "待办")
        assert not re.search(r"[A-Za-z]{2,}", due), due


def test_cli_choices_are_listed_in_chinese_with_their_keys(settings_env, monkeypatch, capsys):
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit):
        main(["appeal", "add", "2600013", "--kind", "complaint", "--filed", "2026-01-05"])
    err = capsys.readouterr().err
    assert "行政复议（review）" in err and "invalid" not in err and "AppealKind" not in err
    with pytest.raises(SystemExit):
        main(["app", "register", "--channel", "信鸽", "--received", "2026-01-05", "--category", "自然人",
              "--name", "张三", "--request", "某某文件"])
    assert "当面提交（in_person）" in capsys.readouterr().err


async def test_staff_see_the_items_asked_and_what_the_applicant_sent(container):
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        number = await _apply(wx)
        await wx.text(STAFF, f"补正 {number} 10 写明年份；补充证件照片")
        await wx.text(STAFF, "确认")
        assert "1. 写明年份\n2. 补充证件照片" in await wx.text(STAFF, f"查看 {number}")
        await wx.text("o-citizen", f"补正 {number} 要2023年的")
        assert "申请人补正：要2023年的" in await wx.text(STAFF, f"查看 {number}")


async def test_on_wechat_as_in_the_console_an_extension_and_a_fee_notice_are_an_approver_s(container):
    """Roles are one rule for both: a clerk's account bound on WeChat could extend there what the
    console refuses them."""
    await accounts.add_user(container, "王芳", Role.CLERK, "clerk-password-1")
    await accounts.add_user(container, "李主任", Role.APPROVER, "approver-password-1")
    async with webhook_client(container) as wx:
        await _bound(container, wx)
        code = await staff_binding.issue_code(container, container.default_agency, "李主任")
        assert "绑定成功" in await wx.text("o-staff-li", f"绑定 {code}")
        number = await _apply(wx)
        for command in (f"延长 {number} 张局长 10 需调取档案", f"收费 {number}"):
            refused = await wx.text(STAFF, command)
            assert refused.startswith("未执行") and "审批人" in refused, refused
        assert (await wx.text(STAFF, f"补正 {number} 请写明文件的发文机关")).startswith("请确认")
        assert "已放弃" in await wx.text(STAFF, "取消")
        assert (await wx.text("o-staff-li", f"延长 {number} 张局长 10 需调取档案")).startswith("请确认")
        assert "已记录：延长答复期限" in await wx.text("o-staff-li", "确认")
