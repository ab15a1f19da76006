"""The console over HTTP on a real server (aiohttp's test server on 127.0.0.1), on SQLite and PostgreSQL:
CSRF, roles, the sign-in lock, session cookies, escaping, and personal data kept masked."""

import json
import re
import time
from datetime import date, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.app import create_app
from console.auth import COOKIE
from disclosure.categories import ApplicantCategory, Channel
from handlers.applications import service as svc
from handlers.report.service import import_report
from handlers.staff import accounts
from handlers.staff import binding as staff_binding
from handlers.staff.roles import Role
from storage.models import AuditEntry
from tests.test_report_cli import SAMPLE
from tests.wechat_client import webhook_client

ID, PHONE = "11010519491231002X", "13800138000"
XSS = "<script>alert(1)</script>"
PASSWORD = {"王芳": "clerk-password-1", "李主任": "approver-pass-1", "管理员": "admin-password-1"}


@pytest.fixture
async def client(container):
    await accounts.add_user(container, "王芳", Role.CLERK, PASSWORD["王芳"])
    await accounts.add_user(container, "李主任", Role.APPROVER, PASSWORD["李主任"])
    client = TestClient(TestServer(create_app(container), host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


async def token(client, path="/console/login") -> str:
    html = await (await client.get(path)).text()
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


async def sign_in(client, name: str, password: str | None = None):
    return await client.post("/console/login", data={"username": name, "password": password or PASSWORD[name],
                                                     "csrf_token": await token(client), "next": "/console/"})


async def registered(container, name: str = "赵六") -> str:
    reg = svc.Registration(Channel.POST, date(2026, 11, 20), ApplicantCategory.NATURAL_PERSON, name, "某批复文件",
                           id_number=ID, phone=PHONE)
    return (await svc.register(container, reg))["number"]


async def test_a_post_without_the_right_csrf_token_is_refused(client, container):
    assert (await client.post("/console/login", data={"username": "王芳", "password": PASSWORD["王芳"]})).status == 403
    wrong = await client.post("/console/login", data={"username": "王芳", "password": PASSWORD["王芳"], "csrf_token": "x"})
    assert wrong.status == 403 and "页面已过期" in await wrong.text()
    assert (await sign_in(client, "王芳")).status == 200
    number = await registered(container)
    refused = await client.post(f"/console/applications/{number}/act", data={"action": "consult", "date": "2026-11-27"})
    assert refused.status == 403
    assert len((await svc.show(container, number))["events"]) == 1
    good = await client.post(f"/console/applications/{number}/act",
                             data={"action": "consult", "date": "2026-11-27", "csrf_token": await token(client, "/console/")})
    assert good.status == 200 and len((await svc.show(container, number))["events"]) == 2


async def test_a_clerk_cannot_post_an_approvers_action_or_reveal(client, container):
    number = await registered(container)
    await sign_in(client, "王芳")
    csrf = await token(client, f"/console/applications/{number}")
    extend = await client.post(f"/console/applications/{number}/act", data={
        "action": "extend", "approver": "王芳", "days": "10", "date": "2026-11-27", "csrf_token": csrf})
    assert extend.status == 403 and "审批人" in await extend.text()
    reveal = await client.post(f"/console/applications/{number}/reveal", data={"csrf_token": csrf})
    assert reveal.status == 403 and ID not in await reveal.text()
    assert [e["action"] for e in (await svc.show(container, number))["events"]] == ["register"]


async def test_an_action_the_law_does_not_allow_now_is_refused_when_posted(client, container):
    number = await registered(container)
    await svc.perform(container, number, svc.Action.REQUEST_CORRECTION, date(2026, 11, 23))
    await sign_in(client, "王芳")
    page = await (await client.get(f"/console/applications/{number}")).text()
    assert 'value="granted"' not in page  # 予以公开 is not offered while a correction is awaited
    close = await client.post(f"/console/applications/{number}/act", data={
        "action": "close", "outcome": "granted", "date": "2026-11-27", "csrf_token": await token(client, "/console/")})
    assert "只能以" in await close.text()  # refused, and said why on the page it came from
    assert (await svc.show(container, number))["state"] == "awaiting_correction"


async def test_five_failures_lock_the_name_for_fifteen_minutes(client, container, clock):
    for _ in range(4):
        assert "用户名或密码不正确" in await (await sign_in(client, "王芳", "wrong-password")).text()
    fifth = await (await sign_in(client, "王芳", "wrong-password")).text()
    assert "已锁定" in fifth
    locked = await sign_in(client, "王芳")
    assert locked.status == 401 and "已锁定" in await locked.text() and "退出登录" not in await locked.text()
    assert (await sign_in(client, "李主任")).status == 200  # another name is not locked
    clock.value += timedelta(minutes=16)
    await client.post("/console/logout", data={"csrf_token": await token(client, "/console/")})
    assert "退出登录" in await (await sign_in(client, "王芳")).text()
    async with container.uow() as uow:
        outcomes = list(await uow.session.scalars(select(AuditEntry.outcome).where(AuditEntry.actor == "王芳",
                                                                                 AuditEntry.action == "console.sign_in")))
    assert outcomes == ["refused"] * 5 + ["locked", "ok"]


async def test_session_cookie_flags_and_https_behind_a_trusted_proxy(client):
    login = await client.post("/console/login", data={"username": "王芳", "password": PASSWORD["王芳"],
                                                      "csrf_token": await token(client)}, allow_redirects=False)
    cookie = login.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/console" in cookie and "Secure" not in cookie
    proxied = await client.get("/console/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in proxied.headers["Set-Cookie"]


async def test_idle_sessions_and_signed_out_cookies_stop_working(client, container):
    await sign_in(client, "王芳")
    sealed = client.session.cookie_jar.filter_cookies(client.make_url("/console/"))[COOKIE].value
    fernet = Fernet(__import__("base64").urlsafe_b64encode(container.cipher.derive("console-session")))
    data = fernet.decrypt(sealed.encode())
    stale = fernet.encrypt_at_time(data, int(time.time()) - 31 * 60)  # the same session, last used 31 minutes ago
    page = await client.get("/console/", cookies={COOKIE: stale.decode()}, allow_redirects=False)
    assert page.status == 303 and "expired=1" in page.headers["Location"]
    assert (await client.get("/console/", cookies={COOKIE: sealed}, allow_redirects=False)).status == 200
    await client.post("/console/logout", data={"csrf_token": await token(client, "/console/")})
    replayed = await client.get("/console/", cookies={COOKIE: sealed}, allow_redirects=False)
    assert replayed.status == 303 and "/console/login" in replayed.headers["Location"]


async def test_an_applicant_named_like_a_script_is_shown_escaped_everywhere(client, container):
    number = await registered(container, XSS)
    await sign_in(client, "李主任")
    pages = ["/console/", "/console/applications", f"/console/applications?q={XSS}", f"/console/applications/{number}"]
    for path in pages:
        body = await (await client.get(path)).text()
        assert XSS not in body, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in await (await client.get(f"/console/applications/{number}")).text()
    revealed = await client.post(f"/console/applications/{number}/reveal",
                                 data={"csrf_token": await token(client, "/console/")})
    assert XSS not in await revealed.text()


async def test_no_full_id_number_or_phone_in_any_page_unless_revealed(client, container):
    number = await registered(container)
    await sign_in(client, "李主任")
    for path in ["/console/", "/console/applications", "/console/applications?q=赵六", f"/console/applications/{number}",
                 "/console/register", "/console/appeals", "/console/reports?year=2026", "/console/outbox", "/console/guide"]:
        body = await (await client.get(path)).text()
        assert ID not in body and PHONE not in body, path
    revealed = await (await client.post(f"/console/applications/{number}/reveal",
                                        data={"csrf_token": await token(client, "/console/")})).text()
    assert ID in revealed and PHONE in revealed
    assert ID not in await (await client.get(f"/console/applications/{number}")).text()  # shown that once only
    async with container.uow() as uow:
        agency = await uow.agencies.get(container.default_agency)
        entries = [(e.actor, e.target, json.dumps(e.detail)) for e in await uow.audit.recent(agency.id, action="app.reveal")]
    assert [(actor, target) for actor, target, _ in entries] == [("李主任", number)]
    assert ID not in entries[0][2] and PHONE not in entries[0][2]


async def test_the_other_pages_call_the_same_services(client, container):
    number = await registered(container)
    await accounts.add_user(container, "管理员", Role.ADMIN, "admin-password-1")
    await sign_in(client, "王芳")
    csrf = await token(client, "/console/")
    added = await client.post("/console/appeals", data={"number": number, "kind": "review", "filed": "2026-11-25",
                                                        "csrf_token": csrf})
    assert "已登记行政复议" in await added.text()
    appeal_id = (await __import__("handlers.applications.appeals", fromlist=["x"]).list_appeals(container))[0]["id"]
    decided = await client.post(f"/console/appeals/{appeal_id}/decide", data={"result": "upheld", "decided": "2026-11-27",
                                                                            "csrf_token": csrf})
    assert "结果维持" in await decided.text()
    draft = await client.post("/console/reports/2026/draft", data={"part": "problems", "text": "人员不足。", "csrf_token": csrf})
    assert "已保存" in await draft.text()
    assert (await client.post("/console/reports/2026/figure", data={"regulations.issued": "3", "csrf_token": csrf})).status == 403
    assert (await client.post("/console/guide", data={"key": "fees", "question": "q", "answer": "a", "csrf_token": csrf})).status == 403
    jump = await client.get(f"/console/applications?q={number}", allow_redirects=False)
    assert jump.status == 303 and jump.headers["Location"] == f"/console/applications/{number}"
    assert number in await (await client.get(f"/console/applications?q={number[-4:]}")).text()
    export = await client.get("/console/applications/export.xlsx?state=processing")
    workbook = __import__("openpyxl").load_workbook(__import__("io").BytesIO(await export.read()))
    rows = list(workbook.active.values)
    assert rows[0][0] == "申请编号" and rows[1][0] == number and rows[1][4] == "赵六"
    assert ID not in str(rows) and PHONE not in str(rows)
    await client.post("/console/logout", data={"csrf_token": csrf})

    await sign_in(client, "管理员")
    csrf = await token(client, "/console/")
    figure = await client.post("/console/reports/2026/figure", data={"regulations.issued": "3", "csrf_token": csrf})
    assert "已保存表二数据1项" in await figure.text()
    saved = await client.post("/console/guide", data={"key": "fees", "topic": "收费", "question": "申请收费吗？",
                                                      "answer": "不收费。", "phrasings": "要钱吗", "csrf_token": csrf})
    assert "已修改指南条目 fees" in await saved.text()
    tried = await (await client.get("/console/guide?q=申请收费吗")).text()
    assert "不收费。" in tried and "fees" in tried
    report = await (await client.get("/console/reports?year=2026")).text()
    assert "人员不足。" in report and "<svg" in report
    async with container.uow() as uow:
        agency = await uow.agencies.get(container.default_agency)
        actions = {(e.actor, e.action) for e in await uow.audit.recent(agency.id)}
    assert {("王芳", "report.draft"), ("王芳", "appeal.add"), ("王芳", "appeal.decide"), ("管理员", "report.figure"),
            ("管理员", "guide.set")} <= actions


async def test_junk_gets_a_chinese_answer_never_a_500(client, container):
    number = await registered(container)
    await sign_in(client, "李主任")
    csrf = await token(client, "/console/")
    posts = [(f"/console/applications/{number}/act", {"action": "void"}),
             (f"/console/applications/{number}/act", {"action": "close", "outcome": "maybe"}),
             (f"/console/applications/{number}/act", {"action": "consult", "date": "2026-02-30"}),
             (f"/console/applications/{number}/void", {"seq": "x", "reason": ""}),
             ("/console/applications/0000000/act", {"action": "consult"}),
             ("/console/register", {"channel": "pigeon", "name": "x" * 500, "request": "\x1b[2J"}),
             ("/console/appeals", {"number": number, "kind": "war"}),
             ("/console/appeals/99/decide", {"result": "upheld"}),
             ("/console/outbox/retry", {"id": "abc"})]
    for path, data in posts:
        response = await client.post(path, data={**data, "csrf_token": csrf})
        body = await response.text()
        assert response.status < 500 and "系统出错" not in body, (path, data)
        assert re.search(r"[\u4e00-\u9fff]", body), path
    for path in ["/console/nowhere", "/console/reports/2025.pdf", "/console/reports?year=1999",
                 "/console/applications?received_from=yesterday", "/console/applications?page=9999",
                 "/console/applications?sort=evil", "/console/applications/abc"]:
        response = await client.get(path)
        body = await response.text()
        assert response.status in (400, 404) and "系统出错" not in body and "Not Found" not in body, (path, response.status)
    assert [e["action"] for e in (await svc.show(container, number))["events"]] == ["register"]


async def test_an_admin_manages_accounts_and_a_clerk_cannot(client, container):
    await accounts.add_user(container, "管理员", Role.ADMIN, PASSWORD["管理员"])
    await sign_in(client, "王芳")
    csrf = await token(client, "/console/")
    assert (await client.get("/console/users")).status == 403
    assert (await client.post("/console/users/李主任/disable", data={"csrf_token": csrf})).status == 403
    await client.post("/console/logout", data={"csrf_token": csrf})
    await sign_in(client, "管理员")
    csrf = await token(client, "/console/users")
    added = await client.post("/console/users", data={"name": "孙七", "role": "clerk", "password": "sun-password-1",
                                                      "password2": "sun-password-1", "csrf_token": csrf})
    assert "已添加账号：孙七（经办人）" in await added.text()
    mismatch = await client.post("/console/users", data={"name": "周八", "role": "clerk", "password": "zhou-password-1",
                                                         "password2": "other-password", "csrf_token": csrf})
    assert "不一致" in await mismatch.text()
    assert "已停用账号：王芳" in await (await client.post("/console/users/王芳/disable", data={"csrf_token": csrf})).text()
    assert "不能停用自己" in await (await client.post("/console/users/管理员/disable", data={"csrf_token": csrf})).text()
    assert [(u["name"], u["disabled"]) for u in await accounts.list_users(container)] == [
        ("孙七", False), ("李主任", False), ("王芳", True), ("管理员", False)]


async def test_pages_follow_the_sort_without_overlap(client, container):
    for day in range(55):
        reg = svc.Registration(Channel.ONLINE, date(2026, 9, 1) + timedelta(days=day % 40), ApplicantCategory.COMMERCIAL,
                               f"某公司{day}", "某批复文件", credit_code="91350100M000100Y43")
        await svc.register(container, reg)
    await sign_in(client, "王芳")
    numbers = []
    for page in (1, 2):
        html = await (await client.get(f"/console/applications?sort=received_asc&page={page}")).text()
        numbers.append(re.findall(r'<td><a href="/console/applications/(\d+)">', html))
    assert [len(n) for n in numbers] == [50, 5] and not set(numbers[0]) & set(numbers[1])
    received = [(await svc.show(container, n))["received_on"] for n in numbers[0] + numbers[1]]
    assert received == sorted(received) and "共 55 件，第 2/2 页" in html


async def test_an_admin_binds_staff_on_wechat_and_unbinds_them_and_a_clerk_cannot(client, container):
    await accounts.add_user(container, "管理员", Role.ADMIN, PASSWORD["管理员"])
    await sign_in(client, "王芳")
    csrf = await token(client, "/console/")
    assert "/console/staff" not in await (await client.get("/console/")).text()  # not in a clerk's menu
    assert (await client.get("/console/staff")).status == 403
    assert (await client.post("/console/staff", data={"name": "孙七", "csrf_token": csrf})).status == 403
    assert (await client.post("/console/staff/unbind", data={"name": "王芳", "csrf_token": csrf})).status == 403
    await client.post("/console/logout", data={"csrf_token": csrf})
    await sign_in(client, "管理员")
    csrf = await token(client, "/console/staff")
    assert (await client.post("/console/staff", data={"name": "孙七"})).status == 403  # no csrf_token
    issued = await (await client.post("/console/staff", data={"name": "  孙七 ", "csrf_token": csrf})).text()
    code = re.search(r"绑定 (\d{4} \d{4} \d{4})", issued).group(1)
    assert "24小时内" in issued and "孙七的绑定码" in issued
    async with webhook_client(container) as wx:
        assert "绑定成功，孙七" in await wx.text("o-sun", f"绑定 {code}")
    listed = await (await client.get("/console/staff")).text()
    assert re.search(r"孙七</td>\s*<td><span[^>]*>已绑定", listed) and code not in listed
    unbound = await (await client.post("/console/staff/unbind", data={"name": "孙七", "csrf_token": csrf})).text()
    assert "已解除孙七的微信绑定" in unbound and re.search(r"孙七</td>\s*<td><span[^>]*>未绑定", unbound)
    assert await staff_binding.bound(container, container.default_agency, "o-sun") is None
    await client.post("/console/staff", data={"name": "孙七", "csrf_token": csrf})
    voided = await (await client.post("/console/staff/unbind", data={"name": "孙七", "csrf_token": csrf})).text()
    assert "已作废孙七未使用的绑定码" in voided
    async with container.uow() as uow:
        entries = list(await uow.session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.target, AuditEntry.detail)
                                                 .where(AuditEntry.action.like("staff.%")).order_by(AuditEntry.id)))
    assert [e[:3] for e in entries] == [("管理员", staff_binding.ISSUE, "孙七"), (entries[1][0], staff_binding.BIND, "孙七"),
                                        ("管理员", staff_binding.UNBIND, "孙七"), ("管理员", staff_binding.ISSUE, "孙七"),
                                        ("管理员", staff_binding.UNBIND, "孙七")]
    assert code.replace(" ", "") not in str(entries)


@pytest.mark.parametrize("name, said", [("", "不能为空"), ("   ", "不能为空"), ("张" * 51, "不能超过50个字"),
                                        ("王\x1b[2J芳", "含有不可见的控制字符"), ("王\u202e芳", "含有不可见的控制字符")])
async def test_a_bad_staff_name_gets_a_chinese_message_and_changes_nothing(client, container, name, said):
    await accounts.add_user(container, "管理员", Role.ADMIN, PASSWORD["管理员"])
    await sign_in(client, "管理员")
    csrf = await token(client, "/console/staff")
    before = await staff_binding.members(container, container.default_agency)
    for path in ("/console/staff", "/console/staff/unbind"):
        response = await client.post(path, data={"name": name, "csrf_token": csrf}, headers={"Referer": "/console/staff"})
        body = await response.text()
        assert response.status == 200 and "系统出错" not in body and f"工作人员姓名{said}" in body, (path, body[-800:])
    assert await staff_binding.members(container, container.default_agency) == before
    nobody = await client.post("/console/staff/unbind", data={"name": "韩梅梅", "csrf_token": csrf})
    assert nobody.status == 404 and "没有名为“韩梅梅”的工作人员" in await nobody.text()


async def test_the_report_page_names_a_broken_cross_check_as_the_published_table_does(client, container):
    broken = SAMPLE.read_text(encoding="utf-8").replace("本年新收政府信息公开申请数量\t\t1\t", "本年新收政府信息公开申请数量\t\t3\t")
    await import_report(container, broken)
    await sign_in(client, "王芳")
    page = await (await client.get("/console/reports?year=2020")).text()
    checks = page[page.index("<h2>勾稽关系检查</h2>"):page.index('<div class="charts">')]  # the list and the table
    assert "<li>「三、收到和处理政府信息公开申请情况」「自然人」列应满足“一+二=三（七）+四”，实为 3 + 0 ≠ 1 + 0</li>" in checks
    assert "「一、本年新收政府信息公开申请数量」行" in checks and "<td>「四、政府信息公开行政复议、行政诉讼情况」「行政复议」栏</td>" in checks
    assert not re.search(r"natural_person|new_received|section\d|review", checks)
