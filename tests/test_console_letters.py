"""The console's documents (文书) and fee over HTTP on a real server, SQLite and PostgreSQL: the same use cases
as `gongkai letter` and `gongkai app fee-*`, with the clerk's name in the audit log."""

import io
import re
from datetime import date
from urllib.parse import quote

from docx import Document

from disclosure.events import Action
from handlers.applications import service as svc
from handlers.letters import service as letters
from handlers.letters import settings as letter_settings
from tests.test_console_http import client, registered, sign_in, token  # noqa: F401 (client is a fixture)

CONTACT = {"contact": "王敏", "phone": "0453-6171234"}
SERIAL = "牡交公告〔2026〕1号"


async def corrected(container) -> str:
    """An application whose correction was requested and whose notice is not issued yet."""
    await letter_settings.update(container, CONTACT)
    number = await registered(container)
    await svc.perform(container, number, Action.REQUEST_CORRECTION, date(2026, 11, 24), {"note": "请写明发文机关"})
    return number


async def audited(container, action: str) -> list[str]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(container.default_agency)
        return [e.actor for e in await uow.audit.recent(agency.id, action=action)]


def missing_panel(html: str) -> str:
    return html.split('id="missing-letters"')[1].split("</table>")[0]


async def test_a_correction_notice_is_drafted_issued_downloaded_and_delivered(client, container):  # noqa: F811
    number = await corrected(container)
    await sign_in(client, "王芳")
    dashboard = await (await client.get("/console/")).text()
    assert number in missing_panel(dashboard) and "补正告知书" in missing_panel(dashboard)
    page = await (await client.get(f"/console/applications/{number}")).text()
    assert "应出具" in page and "gongkai letter" not in page  # the page offers the document, not a command
    csrf = await token(client, f"/console/applications/{number}")

    drafted = await client.post(f"/console/applications/{number}/letters/draft",
                                data={"kind": "correction", "csrf_token": csrf})
    assert "已保存政府信息公开申请补正告知书草稿" in await drafted.text()
    edited = await client.post(f"/console/applications/{number}/letters/draft", data={
        "kind": "correction", "items": "所需文件的发文机关\r\n所涉公交线路的编号\r\n", "part-guidance": "", "csrf_token": csrf})
    html = await edited.text()
    assert "1. 所需文件的发文机关；" in html and "2. 所涉公交线路的编号。" in html  # the preview, as it will read
    issued = await client.post(f"/console/applications/{number}/letters/issue", data={
        "kind": "correction", "items": "所需文件的发文机关\n所涉公交线路的编号\n所需信息的时间范围", "csrf_token": csrf})
    assert f"文号 {SERIAL}" in await issued.text()
    assert "3. 所需信息的时间范围。" in (await letters.show(container, number, SERIAL))["text"]  # saved, then issued

    download = await client.get(f"/console/applications/{number}/letters/{quote(SERIAL)}.docx")
    assert download.status == 200 and download.content_type.endswith("wordprocessingml.document")
    disposition = download.headers["Content-Disposition"]
    assert disposition.isascii() and f'filename="{number}-correction-v1.docx"' in disposition
    assert "filename*=UTF-8''" + quote(f"政府信息公开申请补正告知书（{SERIAL}）.docx") in disposition
    text = "\n".join(p.text for p in Document(io.BytesIO(await download.read())).paragraphs)
    assert SERIAL in text and "所需信息的时间范围" in text
    assert number not in missing_panel(await (await client.get("/console/")).text())

    delivered = await client.post(f"/console/applications/{number}/letters/deliver", data={
        "serial": SERIAL, "way": "post", "date": "2026-11-27", "tracking": "EMS1234567890", "csrf_token": csrf})
    assert f"已登记{SERIAL}的送达：邮寄，2026-11-27" in await delivered.text()
    shown = (await letters.list_letters(container, number))["letters"][0]
    assert [(d["way"], d["on"], d["tracking"], d["actor"]) for d in shown["deliveries"]] == [
        ("post", "2026-11-27", "EMS1234567890", "王芳")]
    assert await audited(container, "letter.issue") == ["王芳"] and await audited(container, "letter.deliver") == ["王芳"]
    assert set(await audited(container, "letter.draft")) == {"王芳"}

    assert ">更正</button>" in await (await client.get(f"/console/applications/{number}")).text()
    again = await client.post(f"/console/applications/{number}/letters/draft", data={"kind": "correction",
                                                                                     "csrf_token": csrf})
    assert f"出具后更正{SERIAL}" in await again.text() and ">更正</button>" not in await again.text()
    assert [(x["version"], x["state"]) for x in (await letters.list_letters(container, number))["letters"]] == [
        (1, "issued"), (2, "draft")]


async def test_the_fee_notice_is_an_approvers_act_at_the_standards_amount(client, container):  # noqa: F811
    number = await registered(container)
    await sign_in(client, "王芳")
    page = await (await client.get(f"/console/applications/{number}?pages=150")).text()
    assert "1700" in page and "须由审批人办理" in page and 'value="fee-notice"' not in page
    csrf = await token(client, f"/console/applications/{number}")
    refused = await client.post(f"/console/applications/{number}/act", data={
        "action": "fee-notice", "pages": "150", "csrf_token": csrf})
    assert refused.status == 403 and "审批人" in await refused.text()
    waived = await client.post(f"/console/applications/{number}/act", data={
        "action": "fee-waive", "pages": "40", "reason": "", "csrf_token": csrf})
    assert "免收信息处理费须写明理由" in await waived.text()
    assert [e["action"] for e in (await svc.show(container, number))["events"]] == ["register"]
    await client.post("/console/logout", data={"csrf_token": csrf})

    await sign_in(client, "李主任")
    csrf = await token(client, f"/console/applications/{number}")
    over = await client.post(f"/console/applications/{number}/act", data={
        "action": "fee-notice", "pages": "150", "amount": "1800", "csrf_token": csrf})
    assert "超过收费标准允许的1700元" in await over.text()
    noticed = await client.post(f"/console/applications/{number}/act", data={
        "action": "fee-notice", "pages": "150", "amount": "", "date": "2026-11-27", "csrf_token": csrf})
    said = await noticed.text()
    assert "已记录：发出收费通知。注意：" in said and "须出具政府信息公开信息处理费收费通知书，请在“文书”一栏起草、出具。" in said
    event = (await svc.show(container, number))["events"][-1]
    assert event["data"]["amount"] == 1700 and event["data"]["basis"] == "pages" and event["data"]["quoted"] == 1700
    assert await audited(container, "app.fee-notice") == ["李主任"]


async def test_bad_input_to_documents_gets_a_chinese_message_never_a_500(client, container):  # noqa: F811
    number = await corrected(container)
    await letters.issue(container, number, "correction", actor="王芳")
    await sign_in(client, "王芳")
    csrf = await token(client, "/console/")
    base = f"/console/applications/{number}/letters"
    posts = [(f"{base}/draft", {"kind": "memo"}, "未知的文书种类"),
             (f"{base}/draft", {"kind": "answer"}, "尚未登记"),
             (f"{base}/draft", {"kind": "correction", "part-nonsense": "x"}, "没有可用"),
             (f"{base}/issue", {"kind": "correction"}, "已出具"),
             (f"{base}/deliver", {"serial": SERIAL, "way": "pigeon"}, "送达方式应为"),
             (f"{base}/deliver", {"serial": SERIAL, "way": "in_person", "date": "2026-02-30"}, "送达日期“2026-02-30”格式不对"),
             (f"{base}/deliver", {"serial": SERIAL, "way": "in_person", "date": "2026-11-01"}, "应在出具日期"),
             (f"{base}/deliver", {"serial": SERIAL, "way": "post", "tracking": "<b>"}, "邮件号"),
             (f"{base}/deliver", {"serial": "牡交公告〔2026〕9号", "way": "email"}, "没有文号为"),
             ("/console/applications/0000000/letters/issue", {"kind": "correction"}, "")]
    for path, data, said in posts:
        response = await client.post(path, data={**data, "csrf_token": csrf})
        body = await response.text()
        assert response.status < 500 and "系统出错" not in body, (path, data)
        assert said in body and re.search(r"[\u4e00-\u9fff]", body), (path, data)
    for path in (f"{base}/nothing.docx", f"{base}/memo.docx", "/console/applications/0000000/letters/receipt.docx"):
        response = await client.get(path)
        assert response.status in (400, 404) and "系统出错" not in await response.text(), path
    other = await registered(container, "钱七")
    page = await client.get(f"/console/applications/{other}?pages=abc")
    assert page.status == 200 and "页数（不填：按件计收）应为正整数，收到“abc”" in await page.text()
    assert [x["state"] for x in (await letters.list_letters(container, number))["letters"]] == ["issued"]
