"""Status queries: followers see their own applications only; anyone else's number reads as a wrong one."""

from datetime import date

from disclosure.categories import ApplicantCategory, Channel
from disclosure.events import Action
from disclosure.tracking import make_number
from handlers.applications import service as applications
from tests.wechat_client import webhook_client

PERSON = ["1", "张三", "11010519491231002X", "13800138000", "2023年本市公交线路调整的批复文件", "2", "1", "确认"]


async def _apply(wx, openid: str) -> str:
    reply = ""
    for text in ["申请公开", *PERSON]:
        reply = await wx.text(openid, text)
    return reply.split("受理编号：")[1].split("\n")[0]


async def test_owner_sees_state_and_due_date(container):
    async with webhook_client(container, "safe") as wx:
        number = await _apply(wx, "o-owner")
        reply = await wx.text("o-owner", f"查询 {number}")
        assert "办理中" in reply and "答复期限" in reply
        assert number in await wx.text("o-owner", number)  # the bare number works too
        assert number in await wx.text("o-owner", "我的申请")


async def test_closed_application_shows_its_outcome(container):
    async with webhook_client(container) as wx:
        number = await _apply(wx, "o-owner")
        await applications.perform(container, number, Action.CLOSE,
                                   data={"outcome": "granted"})
        reply = await wx.text("o-owner", f"查询{number}")
    assert "已答复" in reply and "予以公开" in reply


async def test_someone_elses_number_reads_exactly_like_a_wrong_one(container):
    other = await applications.register(container, applications.Registration(
        Channel.IN_PERSON, date(2026, 11, 27), ApplicantCategory.NATURAL_PERSON, "李四", "某某文件的全文"))
    async with webhook_client(container) as wx:
        number = await _apply(wx, "o-owner")
        wrong = make_number(2026, 9999)
        stranger = await wx.text("o-stranger", f"查询 {number}")
        nonexistent = await wx.text("o-stranger", f"查询 {wrong}")
        other_channel = await wx.text("o-owner", f"查询 {other['number']}")
        assert stranger.replace(number, "N") == nonexistent.replace(wrong, "N")
        assert other_channel.replace(other["number"], "N") == stranger.replace(number, "N")
        assert "办理中" not in stranger and "张三" not in stranger
        mine = await wx.text("o-stranger", "我的申请")
    assert number not in mine and "还没有" in mine
