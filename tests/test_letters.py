"""Documents on a real database (SQLite and PostgreSQL): drafting from the record, issuing under the
agency's yearly series, freezing, correcting by a new version, delivery, and what `app show` says."""

import asyncio
from datetime import date

import pytest
from sqlalchemy import select, text

from bot.bootstrap import bootstrap
from config.settings import load_settings
from disclosure.events import Action
from disclosure.lifecycle import IllegalTransition
from handlers.applications import service as applications
from handlers.letters import delivery
from handlers.letters import service as letters
from handlers.letters import settings as letter_settings
from handlers.letters.settings import SettingError
from handlers.reminders import unfinished
from storage.errors import Conflict
from storage.models_chat import OutboxMessage
from tests.reminder_helpers import register

CONTACT = {"contact": "王敏", "phone": "0453-6171234"}


@pytest.fixture
async def ready(container):
    await letter_settings.update(container, CONTACT)
    return container


async def closed(container, outcome: str, received: str = "2026-03-02", on: str = "2026-03-20", **data) -> str:
    number = await register(container, received)
    await applications.perform(container, number, Action.CLOSE, date.fromisoformat(on), {"outcome": outcome, **data})
    return number


async def test_the_correction_notice_lists_every_item_in_one_notice(ready):
    number = await register(ready, "2026-03-02")
    await applications.perform(ready, number, Action.REQUEST_CORRECTION, date(2026, 3, 4),
                               {"note": "1.所需文件的名称或文号；2.所涉线路", "days": 10})
    first = await letters.draft(ready, number, "correction")
    assert first["fields"]["to_correct"] == ["所需文件的名称或文号", "所涉线路"]  # taken from the recorded note
    items = ["所需文件的名称或文号", "所涉公交线路的编号", "所需信息的时间范围", "希望获取的形式"]
    await letters.draft(ready, number, "correction", items=items)
    issued = await letters.issue(ready, number, "correction")
    body = issued["content"]["paragraphs"]
    assert [p for p in body if p[:2] in ("1.", "2.", "3.", "4.")] == [
        "1. 所需文件的名称或文号；", "2. 所涉公交线路的编号；", "3. 所需信息的时间范围；", "4. 希望获取的形式。"]
    assert "第三十条" in body[0] and "2026年3月18日前" in "".join(body)  # 10 working days after Mar 4
    assert "视为放弃申请" in "".join(body)
    assert issued["serial"] == "牡交公告〔2026〕1号" and issued["letter_date"] == "2026-03-04"
    with pytest.raises(IllegalTransition, match="补正告知书已出具"):
        await letters.issue(ready, number, "correction")


async def test_numbers_run_per_series_and_year_and_restart_in_january(ready):
    answers = [await closed(ready, "granted", "2025-12-01", "2025-12-10"), await closed(ready, "granted"),
               await closed(ready, "withheld_state_secret", on="2026-03-25")]
    await letters.draft(ready, answers[2], "answer", {"reasons": "经定密机关确认，该文件为秘密级"})
    serials = [(await letters.issue(ready, n, "answer"))["serial"] for n in answers]
    assert serials == ["牡交公复〔2025〕1号", "牡交公复〔2026〕1号", "牡交公复〔2026〕2号"]
    receipts = [(await letters.issue(ready, n, "receipt"))["serial"] for n in answers]
    assert receipts == ["牡交公收〔2025〕1号", "牡交公收〔2026〕1号", "牡交公收〔2026〕2号"]
    listed = await letters.list_letters(ready, answers[1])
    assert [(x["kind"], x["state"]) for x in listed["letters"]] == [("receipt", "issued"), ("answer", "issued")]


async def test_a_corrected_document_is_a_new_version_and_the_old_one_is_kept(ready):
    number = await closed(ready, "unavailable_not_held")
    first = await letters.issue(ready, number, "answer")
    assert "第三十六条第（四）项" in first["text"] and "该政府信息不存在" in first["text"]
    draft = await letters.draft(ready, number, "answer", {"holder": "牡丹江市公路事业发展中心（电话0453-6000000）"})
    assert draft["state"] == "draft" and draft["version"] == 2 and draft["supersedes"] == first["serial"]
    second = await letters.issue(ready, number, "answer")
    assert second["serial"] == "牡交公复〔2026〕2号" and "第三十六条第（五）项" in second["text"]
    assert second["letter_date"] == ready.today().isoformat()  # a correction is dated the day it is issued
    old = await letters.show(ready, number, first["serial"])
    assert old["state"] == "superseded" and old["intact"] and old["content"] == first["content"]
    shown = await applications.show(ready, number)
    assert [e["label"] for e in shown["events"] if e["action"] == "issue-letter"] == [
        "出具文书：牡交公复〔2026〕1号", "出具文书：牡交公复〔2026〕2号"]
    with pytest.raises(IllegalTransition, match="已出具的文书不能撤销"):  # frozen: corrected, never struck out
        await applications.void(ready, number, shown["events"][-1]["seq"], "出错了")


async def test_an_issued_letter_cannot_change_even_by_sql(ready):
    number = await closed(ready, "granted")
    issued = await letters.issue(ready, number, "answer")
    for statement in (f"UPDATE letters SET content = NULL WHERE id = {issued['id']}",
                      f"UPDATE letters SET sha256 = 'x' WHERE id = {issued['id']}",
                      f"DELETE FROM letters WHERE id = {issued['id']}"):
        async with ready.engine.connect() as conn:
            with pytest.raises(Exception, match="issued letters cannot be changed"):
                await conn.execute(text(statement))
    draft = await letters.draft(ready, number, "answer")
    async with ready.engine.begin() as conn:  # a draft is still the clerk's to edit
        await conn.execute(text(f"UPDATE letters SET fields = '{{}}' WHERE id = {draft['id']}"))
    shown = await letters.show(ready, number, issued["serial"])
    assert shown["intact"] and shown["sha256"] == issued["sha256"]


async def test_the_answer_cannot_be_issued_until_its_parts_and_the_settings_are_there(container):
    number = await closed(container, "withheld_process_info")
    with pytest.raises(SettingError, match="联系人、联系电话"):
        await letters.issue(container, number, "answer")
    await letter_settings.update(container, CONTACT)
    with pytest.raises(IllegalTransition, match="尚缺理由.*--set reasons="):
        await letters.issue(container, number, "answer")
    with pytest.raises(IllegalTransition, match="办理结果应出具政府信息公开申请答复书"):
        await letters.draft(container, number, "abandoned")
    await letters.draft(container, number, "answer", {"reasons": "该文件为征求意见稿，尚未定稿"})
    issued = await letters.issue(container, number, "answer")
    assert "第十六条第二款" in issued["text"] and "应当先自收到本答复书之日起60日内" in issued["text"]


async def test_app_show_says_which_required_documents_are_missing(ready):
    number = await register(ready, "2026-03-02")
    view = await applications.perform(ready, number, Action.EXTEND, date(2026, 3, 10),
                                      {"days": 10, "approver": "李主任", "reason": "需调取档案"})
    assert [m["kind"] for m in view["letters_missing"]] == ["extension"]
    assert any("尚未出具政府信息公开申请延期答复告知书" in w for w in view["warnings"])
    issued = await letters.issue(ready, number, "extension")
    assert "延长10个工作日" in issued["text"] and "2026年4月14日前" in issued["text"]  # Qingming: Apr 6 off and "需调取档案" in issued["text"]
    assert (await applications.show(ready, number))["letters_missing"] == []


async def test_staff_hear_of_missing_documents_and_lapsed_periods_but_nothing_closes_by_itself(ready, clock):
    clock.set("2026-04-06")
    corrected = await register(ready, "2026-03-02")
    await applications.perform(ready, corrected, Action.REQUEST_CORRECTION, date(2026, 3, 4), {"days": 5})
    charged = await register(ready, "2026-03-02")
    await applications.perform(ready, charged, Action.FEE_NOTICE, date(2026, 3, 4), {"amount": 100})
    await letters.draft(ready, charged, "fee", {"how_to_pay": "到本机关政务公开办公室现场缴纳"})
    assert "应缴纳100元" in (await letters.issue(ready, charged, "fee"))["text"]
    answered = await closed(ready, "granted", on="2026-03-05")
    across = (await delivery.missing_across(ready))["applications"]
    assert {(a["number"], tuple(m["kind"] for m in a["missing"])) for a in across} == {
        (corrected, ("correction",)), (answered, ("answer",))}
    async with ready.uow() as uow:
        planned = [(app.number, kind, key.rsplit(":", 1)[-1])
                   for app, kind, key, _, _ in await unfinished.plan(ready, uow, date(2026, 4, 6))]
    assert sorted(planned) == sorted([
        (corrected, "letter-missing-correction", "2026-03-04"),
        (corrected, "correction-lapsed", "2026-03-11"),  # 5 working days after Mar 4
        (charged, "fee-lapsed", "2026-04-01"),  # 20 working days after Mar 4
        (answered, "letter-missing-answer", "2026-03-05"),
    ])
    assert (await applications.show(ready, charged))["state"] == "awaiting_fee"  # staff decide


async def test_the_list_of_missing_documents_is_found_by_the_database_and_decided_by_the_rules(ready, clock):
    clock.set("2026-04-06")
    voided = await register(ready, "2026-03-02")  # a correction requested by mistake calls for no notice
    await applications.perform(ready, voided, Action.REQUEST_CORRECTION, date(2026, 3, 3), {"days": 5})
    await applications.void(ready, voided, 2, "登记错了")
    disclosed = await register(ready, "2026-03-02")  # disclosed over the third party's objection
    await applications.perform(ready, disclosed, Action.CONSULT, date(2026, 3, 4), {"party": "甲公司"})
    await applications.perform(ready, disclosed, Action.CONSULT_END, date(2026, 3, 9), {"objected": True})
    await applications.perform(ready, disclosed, Action.CLOSE, date(2026, 3, 10), {"outcome": "granted"})
    await letters.draft(ready, disclosed, "consultation", {"party": "甲公司", "summary": "某工程合同"})
    for kind in ("consultation", "answer"):
        await letters.issue(ready, disclosed, kind)
    later = await closed(ready, "granted", on="2026-03-12")
    earlier = await closed(ready, "granted", on="2026-03-06")
    found = await delivery.missing_across(ready)
    assert [(a["number"], [m["kind"] for m in a["missing"]]) for a in found["applications"]] == [
        (earlier, ["answer"]), (disclosed, ["third-party-notice"]), (later, ["answer"])]  # oldest step first
    assert found["total"] == 3 and found["exact"]
    first = await delivery.missing_across(ready, limit=1)
    assert [a["number"] for a in first["applications"]] == [earlier] and first["total"] == 3 and first["exact"]
    assert (await delivery.missing_across(ready, closed_within_days=10))["applications"] == []  # closed long ago


async def test_deliveries_are_recorded_per_document(ready):
    number = await closed(ready, "granted")
    issued = await letters.issue(ready, number, "answer")
    with pytest.raises(IllegalTransition, match="邮件号"):
        await delivery.deliver(ready, number, issued["serial"], "post")
    with pytest.raises(IllegalTransition, match="应在出具日期"):
        await delivery.deliver(ready, number, issued["serial"], "in_person", date(2026, 3, 1))
    await delivery.deliver(ready, number, "牡交公复[2026]1号", "post", date(2026, 3, 21), "EMS1234567890")
    view = await delivery.deliver(ready, number, "answer", "email", date(2026, 3, 21))
    assert [(d["way"], d["on"], d["tracking"]) for d in view["deliveries"]] == [
        ("post", "2026-03-21", "EMS1234567890"), ("email", "2026-03-21", None)]


async def test_a_wechat_applicant_is_told_through_the_outbox_with_a_link(settings_env, clock, tmp_path):
    env = {**settings_env, "GONGKAI_PUBLIC_URL": "https://gongkai.example.gov.cn"}
    container = await bootstrap(load_settings(env))
    container.now = clock
    try:
        await letter_settings.update(container, CONTACT)
        number = await register(container, "2026-03-02", openid="oApplicant0000000000000000001")
        await applications.perform(container, number, Action.CLOSE, date(2026, 3, 20), {"outcome": "granted"})
        issued = await letters.issue(container, number, "answer")
        assert [d["way"] for d in issued["deliveries"]] == ["online"]
        async with container.uow() as uow:
            rows = (await uow.session.execute(select(OutboxMessage.recipient, OutboxMessage.payload)
                                              .where(OutboxMessage.kind == "letter"))).all()
        [(recipient, body)] = rows
        assert recipient == "oApplicant0000000000000000001"
        assert body["url"].startswith("https://gongkai.example.gov.cn/letters/")
        assert body["data"]["thing2"] == "政府信息公开申请答复书已出具"
    finally:
        await container.close()


async def test_two_issuers_on_one_database_never_share_or_skip_a_number(ready, settings_env, db_url, clock):
    """Two instances on one PostgreSQL, or two worker processes on one SQLite file."""
    numbers = [await closed(ready, "granted") for _ in range(12)]
    other = await bootstrap(load_settings(settings_env))
    other.now = clock
    try:
        results = await asyncio.gather(*[letters.issue(c, n, "answer") for n in numbers for c in (ready, other)],
                                       return_exceptions=True)
        issued = [r for r in results if isinstance(r, dict)]
        refused = [r for r in results if not isinstance(r, dict)]
        assert len(issued) == len(numbers)  # each application's answer once, by whichever instance won
        assert all(isinstance(r, Conflict | IllegalTransition) for r in refused), [repr(r)[:300] for r in refused]
        assert sorted(int(r["serial"][len("牡交公复〔2026〕"):-1]) for r in issued) == list(range(1, 13))
        extra = await closed(ready, "granted")
        assert (await letters.issue(other, extra, "answer"))["serial"] == "牡交公复〔2026〕13号"
    finally:
        await other.close()
