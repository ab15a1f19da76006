"""The documents and the fee through the real `gongkai` command: the spelled-out subcommands, their JSON,
and errors as one Chinese line with a non-zero exit."""

import json

import pytest
from docx import Document

from tests.cli_helpers import Gongkai

REGISTER = ("app", "register", "--channel", "当面", "--received", "2024-09-27", "--category", "自然人",
            "--name", "张三", "--id-number", "11010519491231002X", "--request", "2023年道路养护经费使用情况",
            "--form", "纸质文本", "--delivery", "邮寄", "--address", "黑龙江省牡丹江市东安区太平路1号")


@pytest.fixture
def gk(tmp_path, db_url):
    gk = Gongkai(tmp_path, db_url)
    gk.run("letter", "settings", "--set", "contact=王敏", "--set", "phone=0453-6171234")
    return gk


def one_chinese_line(proc) -> str:
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(("错误：", "参数错误"))
    return lines[0]


def test_a_correction_notice_from_draft_to_delivery(gk, tmp_path):
    n = gk.run(*REGISTER).stdout.strip()
    gk.run("app", "request-correction", n, "--date", "2024-09-30", "--note", "所需文件的名称")
    shown = gk.json("app", "show", n)
    assert [m["kind"] for m in shown["letters_missing"]] == ["correction"]
    draft = gk.json("letter", "draft", n, "correction", "--item", "所需文件的名称或文号", "--item", "所涉路段")
    assert draft["state"] == "draft" and draft["fields"]["to_correct"] == ["所需文件的名称或文号", "所涉路段"]
    out = gk.run("letter", "issue", n, "correction", "-o", str(tmp_path / "c.docx"))
    assert out.stdout.startswith("已出具：牡交公告〔2024〕1号")
    text = "\n".join(p.text for p in Document(tmp_path / "c.docx").paragraphs)
    assert "1. 所需文件的名称或文号；" in text and "2. 所涉路段。" in text
    gk.run("letter", "deliver", n, "牡交公告〔2024〕1号", "--way", "post", "--tracking", "1234567890123",
           "--date", "2024-10-08")
    listed = gk.json("letter", "list", n)
    [letter] = listed["letters"]
    assert letter["serial"] == "牡交公告〔2024〕1号" and letter["state"] == "issued"
    assert letter["deliveries"][0]["way"] == "post" and letter["deliveries"][0]["tracking"] == "1234567890123"
    assert gk.json("app", "show", n)["letters_missing"] == []
    shown = gk.run("letter", "show", n, "牡交公告[2024]1号").stdout
    assert "政府信息公开申请补正告知书" in shown and "牡交公告〔2024〕1号" in shown


def test_fee_quote_prints_json_by_count_and_by_pages(gk):
    n = gk.run(*REGISTER).stdout.strip()
    by_count = json.loads(gk.run("app", "fee-quote", n).stdout)
    assert (by_count["basis"], by_count["amount"], by_count["place"]) == ("count", 0, 1)
    by_pages = json.loads(gk.run("app", "fee-quote", n, "--pages", "201").stdout)
    assert (by_pages["basis"], by_pages["amount"]) == ("pages", 2740)
    assert [(t["first"], t["last"], t["rate"], t["units"]) for t in by_pages["tiers"]] == [
        (1, 30, 0, 30), (31, 100, 10, 70), (101, 200, 20, 100), (201, None, 40, 1)]


def test_errors_are_one_chinese_line(gk, tmp_path):
    n = gk.run(*REGISTER).stdout.strip()
    assert "未知的文书种类" in one_chinese_line(gk.run("letter", "draft", n, "memo", check=False))
    assert "尚未登记“答复办结”" in one_chinese_line(gk.run("letter", "issue", n, "answer", check=False))
    assert "键=内容" in one_chinese_line(gk.run("letter", "draft", n, "receipt", "--set", "x", check=False))
    missing = tmp_path / "no-such-folder" / "r.docx"
    line = one_chinese_line(gk.run("letter", "issue", n, "receipt", "-o", str(missing), check=False))
    assert "所在目录不存在" in line
    assert gk.json("letter", "list", n)["letters"] == []  # nothing was issued
    gk.run("letter", "issue", n, "receipt")
    assert "没有文号为" in one_chinese_line(gk.run("letter", "show", n, "牡交公复〔2024〕9号", check=False))
    assert "邮件号" in one_chinese_line(gk.run("letter", "deliver", n, "receipt", "--way", "post", check=False))
    line = one_chinese_line(gk.run("report", "2024", "--format", "docx", "-o", str(missing), check=False))
    assert "文件或所在目录不存在" in line
    assert "正整数" in one_chinese_line(gk.run("app", "fee-quote", n, "--pages", "0", check=False))


def test_an_agency_template_replaces_the_packaged_wording(gk, tmp_path):
    n = gk.run(*REGISTER).stdout.strip()
    mine = tmp_path / "receipt.txt"
    mine.write_text("本局已于{{ app.received_on|d }}收到您的申请，编号{{ app.number }}。\n", encoding="utf-8")
    gk.run("letter", "template", "set", "receipt", str(mine))
    assert "本局已于2024年9月27日收到您的申请" in gk.run("letter", "draft", n, "receipt").stdout
    broken = tmp_path / "broken.txt"
    broken.write_text("{{ app.no_such_field }}", encoding="utf-8")
    assert "文书模板 receipt 有误" in one_chinese_line(gk.run("letter", "template", "set", "receipt", str(broken),
                                                              check=False))
    gk.run("letter", "template", "reset", "receipt")
    assert "本机关已登记" in gk.run("letter", "draft", n, "receipt").stdout
