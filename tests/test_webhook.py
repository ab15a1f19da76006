"""Every route of the webhook, over HTTP, in plaintext, compatible and safe mode."""

from pathlib import Path

import pytest

from handlers.report.importer import parse_report
from storage.models import StoredReport
from tests.wechat_client import event_xml, media_xml, webhook_client

MODES = ["plain", "compat", "safe"]


async def test_handshake_echoes_only_a_genuine_request(container):
    async with webhook_client(container) as wx:
        resp = await wx.client.get("/wechat", params={**wx.query(), "echostr": "4711"})
        assert resp.status == 200 and await resp.text() == "4711"
        bad = await wx.client.get("/wechat", params={**wx.query(token="not-the-token"), "echostr": "4711"})
        assert bad.status == 403 and "4711" not in await bad.text()


@pytest.mark.parametrize("mode", MODES)
async def test_subscribe_welcomes_and_says_what_the_account_does(container, mode):
    async with webhook_client(container, mode) as wx:
        reply = await wx.send(event_xml("o-new", "subscribe"))
    assert "感谢关注" in reply and "申请公开" in reply and "查询" in reply and "年度报告" in reply


@pytest.mark.parametrize("mode", MODES)
async def test_guide_question_is_answered_from_the_guide(container, mode):
    async with webhook_client(container, mode) as wx:
        reply = await wx.text("o-asker", "申请以后多长时间给答复")
    assert "20个工作日" in reply


async def test_unknown_text_gets_an_honest_answer_with_contacts(container):
    async with webhook_client(container) as wx:
        reply = await wx.text("o-asker", "明天牡丹江会下雪吗")
    assert "回答不了" in reply and "0453-6250110" in reply


@pytest.mark.parametrize("key, expected", [
    ("guide_apply", "申请"), ("guide_fees", "信息处理费"), ("guide_remedies", "行政复议"),
    ("apply", "申请人类型"), ("my_apps", "还没有通过本公众号提交过申请"), ("figures", "年度报告"),
])
async def test_every_menu_key_has_an_answer(container, key, expected):
    async with webhook_client(container) as wx:
        assert expected in await wx.click("o-menu", key)


async def test_images_voice_and_other_types_get_a_short_hint(container):
    async with webhook_client(container, "safe") as wx:
        for kind in ("image", "voice", "video", "location"):
            assert "文字" in await wx.send(media_xml("o-media", kind))


async def test_unsubscribe_and_unknown_events_need_no_reply(container):
    async with webhook_client(container) as wx:
        assert await wx.send(event_xml("o-gone", "unsubscribe")) == "success"
        assert await wx.send(event_xml("o-gone", "CLICK", "no_such_key")) == "success"


async def test_help_and_cancel_without_a_form(container):
    async with webhook_client(container) as wx:
        assert "在线申请" in await wx.text("o-help", "帮助")
        assert "没有正在办理" in await wx.text("o-help", "取消")


async def _store_report(container, year_file: str) -> None:
    text = (Path(__file__).parent / "data" / year_file).read_text(encoding="utf-8")
    report = parse_report(text).report
    async with container.uow() as uow:
        agency = await uow.agencies.get(container.default_agency)
        uow.session.add(StoredReport(agency_id=agency.id, year=report["year"], data=report))
        await uow.commit()


@pytest.mark.parametrize("mode", ["plain", "safe"])
async def test_figures_come_from_the_stored_report_with_year_and_source(container, mode):
    await _store_report(container, "report_mudanjiang_2020.txt")
    async with webhook_client(container, mode) as wx:
        licensing = await wx.text("o-fig", "2020年行政许可处理决定多少件")
        chinese = await wx.text("o-fig", "二〇二〇年行政复议有几起")
        missing = await wx.text("o-fig", "2018年收到多少政府信息公开申请")
    assert "2020" in licensing and "7410" in licensing and "年度报告" in licensing
    assert "2020" in chinese and "行政复议" in chinese
    assert "暂无2018年" in missing and "2020" in missing
