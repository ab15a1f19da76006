"""Issue 13, points 4-5 through the webhook: the applicant's own correction (items listed, answered in the
chat with images, the clock restarts, staff told), withdrawal after a confirmation, their own list,
人工, and images fetched through the (fake) WeChat media API, checked, encrypted and listed to staff."""

import pytest
from sqlalchemy import select

from disclosure.events import Action
from handlers.applications import attachments
from handlers.applications import service as applications
from storage.models import Attachment
from storage.models_chat import OutboxMessage
from tests.reminder_helpers import add_staff, wired_container, wired_env
from tests.wechat_client import media_xml, webhook_client

PERSON = ["1", "张三", "11010519491231002X", "13800138000", "2023年本市公交线路调整的批复文件", "2", "1"]
ME, OTHER, STAFF = "o-applicant", "o-stranger", "oStaff0000000000000000000001"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + bytes(range(256)) * 8
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
async def wired(settings_env, tmp_path, fake, clock):
    async with wired_container(wired_env(settings_env, tmp_path, fake), clock) as container:
        await add_staff(container, "王芳", STAFF)
        yield container


async def _apply(wx, openid: str = ME) -> str:
    for text in ["申请公开", *PERSON]:
        await wx.text(openid, text)
    reply = await wx.text(openid, "确认")
    return reply.split("受理编号：")[1].split("\n")[0]


async def _outbox(container, kind: str) -> list[OutboxMessage]:
    async with container.uow() as uow:
        rows = list(await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))
        uow.session.expunge_all()
        return rows


async def test_images_sent_while_applying_are_fetched_checked_encrypted_and_listed(wired, fake):
    fake.media.update({"id-photo": (JPEG, "image/jpeg"), "back": (PNG, "image/png"),
                       "fake-jpeg": (b"MZ\x90\x00 not an image", "image/jpeg")})
    async with webhook_client(wired, configure_key=False) as wx:
        for text in ["申请公开", *PERSON[:3]]:
            await wx.text(ME, text)
        reply = await wx.send(media_xml(ME, "image", "id-photo"))
        assert "已收到图片（共1份）" in reply and "联系电话" in reply  # the form waits at its step
        assert "只能接收" in await wx.send(media_xml(ME, "image", "fake-jpeg"))  # type by content, not by name
        assert "无法从微信取回" in await wx.send(media_xml(ME, "image", "expired"))
        for text in PERSON[3:]:
            await wx.text(ME, text)
        await wx.send(media_xml(ME, "image", "back"))
        receipt = await wx.text(ME, "确认")
        number = receipt.split("受理编号：")[1].split("\n")[0]
        assert "附件：2份" in receipt
    view = await applications.show(wired, number, with_applicant=True)
    assert [(a["content_type"], a["size"]) for a in view["attachments"]] == [("image/jpeg", len(JPEG)),
                                                                             ("image/png", len(PNG))]
    async with wired.uow() as uow:
        stored = list(await uow.session.scalars(select(Attachment.data_enc)))
    assert all(JPEG[:64] not in blob and PNG[:8] not in blob for blob in stored)  # encrypted at rest
    first = view["attachments"][0]["id"]
    assert await attachments.content(wired, number, first) == (JPEG, "image/jpeg")


async def test_a_file_over_the_limit_is_refused_without_reading_it(wired, fake):
    wired.settings.raw["attachments"]["max_bytes"] = 1000
    fake.media["big"] = (JPEG, "image/jpeg")
    async with webhook_client(wired, configure_key=False) as wx:
        await wx.text(ME, "申请公开")
        assert "文件太大" in await wx.send(media_xml(ME, "image", "big"))
    async with wired.uow() as uow:
        assert await uow.session.scalar(select(Attachment.id)) is None


async def test_cancelling_the_form_drops_its_images(wired, fake):
    fake.media["p"] = (PNG, "image/png")
    async with webhook_client(wired, configure_key=False) as wx:
        await wx.text(ME, "申请公开")
        await wx.send(media_xml(ME, "image", "p"))
        await wx.text(ME, "取消")
    async with wired.uow() as uow:
        assert await uow.session.scalar(select(Attachment.id)) is None


async def test_the_applicant_corrects_in_the_chat_with_an_image_and_the_clock_restarts(wired, fake):
    fake.media["page"] = (PNG, "image/png")
    async with webhook_client(wired, configure_key=False) as wx:
        number = await _apply(wx)
        await applications.perform(wired, number, Action.REQUEST_CORRECTION,
                                   data={"days": 10, "note": "1、写明文件的年份 2、补充身份证照片"})
        status = await wx.text(ME, f"查询 {number}")
        assert "待补正" in status and "1. 写明文件的年份\n2. 补充身份证照片" in status
        opened = await wx.text(ME, "补正")
        assert "1. 写明文件的年份" in opened and "提交" in opened
        assert "已记下" in await wx.text(ME, "是2023年的文件")
        assert "共1份" in await wx.send(media_xml(ME, "image", "page"))
        done = await wx.text(ME, "提交")
        assert f"已收到您对申请{number}的补正，附件1份" in done and "重新计算" in done
        assert "办理中" in await wx.text(ME, f"查询 {number}")
    view = await applications.show(wired, number, with_applicant=True)
    last = view["events"][-1]
    assert last["action"] == Action.RECEIVE_CORRECTION.value and last["data"]["note"] == "是2023年的文件"
    assert [a["purpose"] for a in view["attachments"]] == ["correction"]
    told = await _outbox(wired, "staff-applicant")
    assert [r.recipient for r in told] == [STAFF] and told[0].payload["data"]["thing2"] == "申请人已提交补正"


async def test_correction_in_one_message_and_only_for_ones_own_application(wired):
    async with webhook_client(wired, configure_key=False) as wx:
        number = await _apply(wx)
        assert "目前不需要补正" in await wx.text(ME, f"补正 {number} 我要的是2023年的")
        await applications.perform(wired, number, Action.REQUEST_CORRECTION, data={"note": "写明年份"})
        stranger = await wx.text(OTHER, f"补正 {number} 我要的是2023年的")
        assert "没有找到编号" in stranger and "仅供" not in stranger
        assert "已收到您对申请" in await wx.text(ME, f"补正 {number} 我要的是2023年的")


async def test_the_correction_notice_names_the_items(wired):
    async with webhook_client(wired, configure_key=False) as wx:
        number = await _apply(wx)
    view = await applications.perform(wired, number, Action.REQUEST_CORRECTION,
                                      data={"note": "写明文件的年份；补充身份证照片"})
    assert view["state"] == "awaiting_correction"
    rows = await _outbox(wired, "notice-request-correction")
    fields = rows[0].payload["data"]
    assert fields["thing2"] == "需补正2项：写明文件的年份" and "补正" in fields["thing4"]


async def test_withdrawal_asks_first_and_keeps_the_application_unless_confirmed(wired):
    async with webhook_client(wired, configure_key=False) as wx:
        number = await _apply(wx)
        assert "确定要撤回" in await wx.text(ME, f"撤回 {number}")
        assert "未撤回" in await wx.text(ME, "算了")
        assert "办理中" in await wx.text(ME, f"查询 {number}")
        assert "没有找到编号" in await wx.text(OTHER, f"撤回 {number}")
        await wx.text(ME, f"撤回 {number}")
        assert "已撤回" in await wx.text(ME, "确定撤回")
        assert "已撤回" in await wx.text(ME, f"查询 {number}")
        assert "不能再撤回" in await wx.text(ME, f"撤回 {number}")
    assert [r.recipient for r in await _outbox(wired, "staff-applicant")] == [STAFF]


async def test_own_list_by_several_words_and_the_office_for_a_human(wired):
    async with webhook_client(wired, configure_key=False) as wx:
        number = await _apply(wx)
        for words in ("查询", "我的申请进度", "进度"):
            assert number in await wx.text(ME, words)
        assert number not in await wx.text(OTHER, "查询")
        human = await wx.text(ME, "人工")
    assert "不能转接人工" in human and "0453-6250110" in human
