"""The staff command line as outside scripts use it: exact commands, JSON keys, exit codes."""

import sqlite3

import pytest

from tests.cli_helpers import Gongkai

REGISTER = ["app", "register", "--channel", "in_person", "--received", "2024-09-27", "--category", "natural_person",
            "--name", "张三", "--id-number", "11010519491231002X", "--phone", "13800138000", "--request", "公交线路批复"]


@pytest.fixture
def gk(tmp_path):
    return Gongkai(tmp_path)


def test_register_prints_only_the_tracking_number(gk):
    out = gk.run(*REGISTER).stdout.strip()
    assert out.isdigit() and len(out) == 7
    shown = gk.json("app", "show", out)
    for key in ("number", "agency", "state", "category", "channel", "received_on", "due_on",
                "correction_notice_due", "outcome", "closed_on", "events"):
        assert key in shown
    assert shown["agency"] == "mdj-jtj" and shown["due_on"] == "2024-10-30" and shown["state"] == "processing"


def test_every_action_by_name(gk):
    n = gk.run(*REGISTER).stdout.strip()
    gk.run("app", "request-correction", n, "--date", "2024-10-08", "--days", "10")
    assert gk.json("app", "show", n)["due_on"] is None
    gk.run("app", "receive-correction", n, "--date", "2024-10-15")
    gk.run("app", "consult", n, "--date", "2024-10-16")
    gk.run("app", "consult-end", n, "--date", "2024-10-18")
    gk.run("app", "fee-notice", n, "--date", "2024-10-21", "--pages", "40", "--amount", "100")
    gk.run("app", "fee-paid", n, "--date", "2024-10-22")
    gk.run("app", "extend", n, "--date", "2024-10-23", "--approver", "李主任")
    gk.run("app", "close", n, "--outcome", "granted", "--date", "2024-12-02")
    shown = gk.json("app", "show", n)
    assert shown["state"] == "closed" and shown["outcome"] == "granted" and shown["closed_on"] == "2024-12-02"
    assert [e["action"] for e in shown["events"]] == ["register", "request-correction", "receive-correction", "consult",
                                                      "consult-end", "fee-notice", "fee-paid", "extend", "close"]
    m = gk.run(*REGISTER).stdout.strip()
    gk.run("app", "withdraw", m, "--date", "2024-10-09")
    assert gk.json("app", "show", m)["state"] == "withdrawn"


def test_errors_are_one_chinese_line_and_non_zero(gk):
    n = gk.run(*REGISTER).stdout.strip()
    cases = [
        (["app", "show", "2499999"], "没有找到"),
        (["app", "consult", n, "--date", "2024-02-30"], "格式不对"),
        (["app", "close", n, "--outcome", "maybe"], "未知的办理结果"),
        (["app", "consult-end", n], "不能征求意见结束"),
        (["app", "register", "--channel", "pigeon", "--received", "2024-01-02", "--category", "natural_person",
          "--name", "x", "--request", "y"], "无效"),
    ]
    for args, text in cases:
        proc = gk.run(*args, check=False)
        assert proc.returncode != 0, args
        assert text in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "Traceback" not in proc.stderr
    gk.run("app", "extend", n, "--date", "2024-10-10", "--approver", "李主任")
    second = gk.run("app", "extend", n, "--date", "2024-10-11", "--approver", "李主任", check=False)
    assert second.returncode == 1 and "只能延长一次" in second.stderr


def test_list_explain_and_filters(gk):
    a = gk.run(*REGISTER).stdout.strip()
    b = gk.run(*REGISTER[:5], "2024-11-01", *REGISTER[6:]).stdout.strip()
    assert [v["number"] for v in gk.json("app", "list", "--due-before", "2024-11-01")] == [a]
    gk.run("app", "consult", b, "--date", "2024-11-04")
    assert [v["number"] for v in gk.json("app", "list", "--state", "consulting")] == [b]
    steps = gk.run("app", "explain", a).stdout
    assert "2024-09-27 收到申请" in steps and "2024-10-30" in steps and "第三十三条" in steps


def test_agencies_appeals_and_calendar(gk):
    gk.run("agency", "add", "mdj-gaj", "牡丹江市公安局")
    assert {a["code"] for a in gk.json("agency", "list")} == {"mdj-jtj", "mdj-gaj"}
    n = gk.run(*REGISTER, "--agency", "mdj-gaj").stdout.strip()
    assert gk.run("app", "show", n, check=False).returncode == 1
    appeal = gk.json("appeal", "add", n, "--kind", "review", "--filed", "2024-12-01", "--agency", "mdj-gaj")
    decided = gk.json("appeal", "decide", str(appeal["id"]), "--result", "upheld", "--date", "2025-01-20",
                      "--agency", "mdj-gaj")
    assert decided["result"] == "upheld" and decided["application"] == n
    cal = gk.json("calendar", "2024")
    assert "2024-10-01" in cal["holidays"] and "2024-10-12" in cal["workdays"] and cal["official"] is True
    far = gk.run("calendar", "2031").stdout
    assert "尚未录入" in far


def test_bad_setting_stops_with_one_line(tmp_path):
    gk = Gongkai(tmp_path, extra_env={"GONGKAI_DATABASE_URL": "mysql://x"})
    proc = gk.run("agency", "list", check=False)
    assert proc.returncode == 2 and "GONGKAI_DATABASE_URL" in proc.stderr and "Traceback" not in proc.stderr
    gk = Gongkai(tmp_path, extra_env={"GONGKAI_WECHAT_AES_KEY": "short"})
    assert "GONGKAI_WECHAT_AES_KEY" in gk.run("agency", "list", check=False).stderr
    gk = Gongkai(tmp_path, extra_env={"GONGKAI_CONFIG": str(tmp_path / "missing.toml")})
    assert "GONGKAI_CONFIG" in gk.run("agency", "list", check=False).stderr
    gk = Gongkai(tmp_path, extra_env={"GONGKAI_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test"})
    assert "GONGKAI_SECRET_KEY" in gk.run("agency", "list", check=False).stderr


def test_postgres_database_via_db_upgrade(tmp_path, pg_database):
    gk = Gongkai(tmp_path, database_url=pg_database)
    gk.run("db", "upgrade")
    n = gk.run(*REGISTER).stdout.strip()
    assert gk.json("app", "show", n)["due_on"] == "2024-10-30"


def test_a_database_migrated_by_a_newer_gongkai_is_refused_in_one_line(tmp_path):
    gk = Gongkai(tmp_path)
    gk.run("agency", "list")  # creates and migrates the embedded database
    with sqlite3.connect(tmp_path / "data" / "gongkai.db") as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    proc = gk.run("agency", "list", check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("错误：数据库结构比本程序新")


def test_paper_applications_carry_document_and_delivery_details(gk):
    n = gk.run("app", "register", "--channel", "邮寄", "--received", "2024-09-27", "--category", "法律服务机构",
               "--name", "某某律师事务所", "--credit-code", "91350100M000100Y43", "--contact", "王律师",
               "--phone", "0453-6250110", "--request", "公交线路批复", "--form", "纸质文本", "--delivery", "邮寄",
               "--address", "黑龙江省牡丹江市西安区西三条路218号", "--recipient", "王律师").stdout.strip()
    shown = gk.json("app", "show", n)
    assert (shown["form"], shown["delivery"]) == ("纸质文本", "邮寄")
    assert shown["delivery_address"] == "黑龙江省牡丹江市西安区西三条路218号" and shown["delivery_email"] is None
    assert shown["applicant"]["contact"] == "王律师" and shown["applicant"]["phone"] == "0453-***0110"
    text = gk.run("app", "show", n).stdout
    assert "获取形式：纸质文本　获取方式：邮寄" in text and "邮寄地址：黑龙江省牡丹江市西安区西三条路218号" in text
    m = gk.run("app", "register", "--channel", "当面", "--received", "2024-09-27", "--category", "自然人", "--name",
               "John Smith", "--id-type", "护照", "--id-number", "C01X00T47", "--request", "公交线路批复",
               "--delivery", "电子邮件", "--email", "john@example.com").stdout.strip()
    shown = gk.json("app", "show", m)
    assert shown["applicant"]["id_type_label"] == "护照" and shown["delivery_email"] == "john@example.com"


@pytest.mark.parametrize("extra, message", [
    (["--delivery", "邮寄"], "须填写邮寄地址"),
    (["--delivery", "电子邮件", "--email", "john@"], "电子邮箱地址格式不对"),
    (["--delivery", "飞鸽"], "可选：当面领取、邮寄、电子邮件"),
    (["--id-type", "驾照", "--id-number", "1"], "护照（passport）"),
    (["--id-type", "passport", "--id-number", "EI1234567"], "E加1个字母"),
], ids=["post", "email", "delivery", "document", "passport"])
def test_missing_or_malformed_details_are_one_chinese_line(gk, extra, message):
    proc = gk.run(*REGISTER, *extra, check=False)
    assert proc.returncode != 0 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
