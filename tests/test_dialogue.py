"""The application intake dialogue over the webhook: every check, 上一步, 修改, 取消, restart and expiry."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.bootstrap import bootstrap
from config.settings import load_settings
from handlers.applications import service as applications
from storage.models import Applicant, Application
from storage.models_chat import Dialogue
from tests.wechat_client import webhook_client

PERSON = ["1", "张三", "11010519491231002X", "13800138000", "2023年本市公交线路调整的批复文件", "2", "1"]
USER = "o-dialogue"


async def _say(wx, *texts: str) -> str:
    reply = ""
    for text in texts:
        reply = await wx.text(USER, text)
    return reply


async def _applications(container) -> int:
    async with container.uow() as uow:
        return await uow.session.scalar(select(func.count()).select_from(Application))


async def test_person_applies_and_gets_number_receipt_and_due_date(container):
    async with webhook_client(container, "safe") as wx:
        summary = await _say(wx, "申请公开", *PERSON)
        assert "110***********002X" in summary and "138****8000" in summary and "11010519491231002X" not in summary
        receipt = await _say(wx, "确认")
    async with container.uow() as uow:
        app = await uow.session.scalar(select(Application))
        applicant = await uow.session.get(Applicant, app.applicant_id)
        assert (app.channel, applicant.openid, applicant.name) == ("wechat", USER, "张三")
        number = app.number
    view = await applications.show(container, number)
    assert f"受理编号：{number}" in receipt
    assert "收到日期：2026年11月28日" in receipt
    due = view["due_on"].split("-")
    assert f"法定答复期限：{int(due[0])}年{int(due[1])}月{int(due[2])}日前" in receipt
    async with container.uow() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(Dialogue)) == 0


async def test_organisation_gives_its_credit_code_instead_of_an_id_number(container):
    async with webhook_client(container) as wx:
        assert "统一社会信用代码" in await _say(wx, "申请公开", "2", "牡丹江市某某物流有限公司")
        summary = await _say(wx, "91110000802100433B", "李经理", "无", "13800138000", "2024年道路运输经营许可名单",
                             "1", "1")
        assert "商业企业" in summary and "91110000802100433B" in summary and "身份证" not in summary
        assert "联系人：李经理" in summary and "法定代表人：未填" in summary
        assert "受理编号" in await _say(wx, "确认")


@pytest.mark.parametrize("answers, bad, hint", [
    ([], "7", "1至6"),
    ([], "火星人", "1至6"),
    (["1"], "张", "至少2个字"),
    (["1"], "张" * 101, "不能超过100个字"),
    (["1"], "张三 110105194912310", "一长串数字"),
    (["1", "张三"], "1101051949123100", "证件类型"),
    (["1", "张三", "1"], "1101051949123100", "应为18位"),
    (["1", "张三", "1"], "110105194913310021", "出生日期"),
    (["1", "张三", "1"], "110105194912310021", "校验位"),
    (["1", "张三", "护照"], "EI1234567", "E加1个字母"),
    (["2", "某某公司"], "9111000080210043", "应为18位"),
    (["2", "某某公司"], "91110000802100433C", "校验位"),
    (["1", "张三", "11010519491231002X"], "12345", "0453-6250110"),
    (["1", "张三", "11010519491231002X"], "0453-625", "0453-6250110"),
    (PERSON[:4], "文件", "至少5个字"),
    (PERSON[:4], "要" * 1001, "不能超过1000个字"),
    (PERSON[:5], "9", "获取形式"),
    (PERSON[:6], "飞鸽传书", "获取方式"),
    (PERSON[:6] + ["邮寄"], "家里", "完整的邮寄地址"),
    (PERSON[:6] + ["邮箱"], "zhangsan@", "电子邮箱地址格式不对"),
    (PERSON, "好的", "请回复“确认”"),
])
async def test_each_invalid_answer_gets_a_specific_hint_and_the_question_again(container, answers, bad, hint):
    async with webhook_client(container) as wx:
        before = await _say(wx, "申请公开", *answers)
        reply = await wx.text(USER, bad)
    assert hint in reply
    assert before.split("\n\n")[-1].split("\n")[0] in reply  # the same question is asked again
    assert await _applications(container) == 0


async def test_back_goes_one_step_back_and_not_past_the_first(container):
    async with webhook_client(container) as wx:
        assert "已经是第一步" in await _say(wx, "申请公开", "上一步")
        assert "身份证号码" in await _say(wx, "1", "张三")
        assert "姓名" in await wx.text(USER, "上一步")
        assert "身份证号码" in await wx.text(USER, "李四")
        summary = await _say(wx, *PERSON[2:])
        assert "李四" in summary
        assert "什么方式获取" in await wx.text(USER, "上一步")  # from the summary back to the last answer


async def test_edit_from_the_summary_returns_to_the_summary(container):
    async with webhook_client(container) as wx:
        await _say(wx, "申请公开", *PERSON)
        menu = await wx.text(USER, "修改")
        assert "5. 所需信息" in menu
        assert "请描述" in await wx.text(USER, "5")
        summary = await wx.text(USER, "2024年城市客运补贴发放情况")
        assert summary.startswith("请核对") and "2024年城市客运补贴发放情况" in summary
        assert "请回复要修改项目前面的数字" in await _say(wx, "修改", "99")


async def test_changing_the_category_asks_for_the_other_identity(container):
    async with webhook_client(container) as wx:
        await _say(wx, "申请公开", *PERSON, "修改")
        assert "单位全称" in await _say(wx, "1", "3")  # now a 科研机构: the person's name is no institute's
        assert "统一社会信用代码" in await wx.text(USER, "牡丹江交通研究院")
        summary = await _say(wx, "91350100M000100Y43", "王研究员", "无")
    assert "科研机构" in summary and "91350100M000100Y43" in summary and "身份证" not in summary
    assert "牡丹江交通研究院" in summary and "张三" not in summary


async def test_cancel_at_any_step_drops_the_form(container):
    async with webhook_client(container) as wx:
        for done in range(0, len(PERSON) + 1, 3):
            await _say(wx, "申请公开", *PERSON[:done])
            assert "已取消" in await wx.text(USER, "取消")
            assert "已取消" not in await wx.text(USER, "取消")  # nothing left to cancel
    assert await _applications(container) == 0


async def test_restart_in_the_middle_of_a_dialogue_loses_nothing(container, settings_env, clock):
    async with webhook_client(container) as wx:
        await _say(wx, "申请公开", *PERSON[:3])
    again = await bootstrap(load_settings(settings_env))  # a new process on the same database
    again.now = clock
    try:
        async with webhook_client(again, "safe") as wx:
            summary = await _say(wx, *PERSON[3:])
            assert "张三" in summary and "110***********002X" in summary
            assert "受理编号" in await wx.text(USER, "确认")
    finally:
        await again.close()


async def test_abandoned_dialogue_expires_with_a_note(container, clock):
    async with webhook_client(container) as wx:
        await _say(wx, "申请公开", "1", "张三")
        clock.value += timedelta(minutes=container.settings.get("dialogue", "expire_minutes") + 1)
        reply = await wx.text(USER, "11010519491231002X")
        assert "自动取消" in reply
        assert "身份证号码" not in reply  # the answer is not taken into a form that no longer exists
