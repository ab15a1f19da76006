"""The annual report through the real `gongkai` command, on SQLite and PostgreSQL."""

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from disclosure.report.templates import APPLICANT_COLUMNS, SECTION4_COLUMNS, SECTION4_GROUPS, TEMPLATES
from tests.cli_helpers import Gongkai
from tests.test_report_import import SAMPLE_SECTION2

DATA = Path(__file__).parent / "data"
SAMPLE, JIANGCHENG = DATA / "report_mudanjiang_2020.txt", DATA / "report_2021_jiangcheng.txt"
ZERO3 = {"natural_person": 0, "commercial": 0, "research": 0, "social_welfare": 0, "legal_service": 0,
         "other_org": 0, "total": 0}
ONE_PERSON = {**ZERO3, "natural_person": 1, "total": 1}
ZERO4 = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}


@pytest.fixture
def gk(tmp_path, db_url):
    return Gongkai(tmp_path, db_url)


def report_json(gk, year=2020, *extra) -> dict:
    return json.loads(gk.run("report", str(year), "--format", "json", *extra).stdout)


def test_imported_sample_gives_every_number_under_the_contract_keys(gk):
    out = gk.run("import-report", str(SAMPLE)).stdout
    assert "牡丹江市交通运输局（mdj-jtj）2020年度报告" in out and "国办公开办函〔2019〕60号" in out
    assert "不符0项" in out
    report = report_json(gk)
    assert report["agency"] == {"code": "mdj-jtj", "name": "牡丹江市交通运输局"}
    assert (report["year"], report["template"], report["source"]) == (2020, "2019", "imported")
    assert report["section2"] == SAMPLE_SECTION2
    expected3 = {row.key: ZERO3 for row in TEMPLATES["2019"].section3}
    expected3.update(new_received=ONE_PERSON, granted=ONE_PERSON, total_processed=ONE_PERSON)
    assert report["section3"] == expected3
    assert report["section4"] == {g.key: ZERO4 for g in SECTION4_GROUPS}
    assert report["checks"] and all(c["ok"] for c in report["checks"])


def test_inconsistent_table_is_imported_and_reported(gk, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("本年新收政府信息公开申请数量\t\t1\t", "本年新收政府信息公开申请数量\t\t3\t")
    (tmp_path / "broken.txt").write_text(text, encoding="utf-8")
    out = gk.run("import-report", str(tmp_path / "broken.txt")).stdout
    table = "「三、收到和处理政府信息公开申请情况」"
    assert f"勾稽关系不符：{table}「自然人」列应满足“一+二=三（七）+四”，实为 3 + 0 ≠ 1 + 0" in out
    assert (f"勾稽关系不符：{table}「一、本年新收政府信息公开申请数量」行应满足“总计=六类申请人之和”，"
            "实为 1 ≠ 3 + 0 + 0 + 0 + 0 + 0") in out
    assert "section3" not in out and "natural_person" not in out and "new_received" not in out
    failing = json.loads(gk.run("import-report", str(tmp_path / "broken.txt"), "--format", "json").stdout)["failing_checks"]
    assert {(c["section"], c.get("row"), c["column"]) for c in failing} == {  # the machines' keys stay
        ("section3", None, "natural_person"), ("section3", "new_received", "total")}
    report = report_json(gk)
    assert report["section3"]["new_received"]["natural_person"] == 3  # the publisher's number, not repaired
    failing = {(c["rule"], c.get("row"), c["column"]) for c in report["checks"] if not c["ok"]}
    assert failing == {("一+二=三（七）+四", None, "natural_person"), ("总计=六类申请人之和", "new_received", "total")}


def test_a_text_that_is_no_report_is_refused_naming_the_line(gk, tmp_path):
    (tmp_path / "memo.txt").write_text("\n会议纪要\n今天讨论了公交线路。\n", encoding="utf-8")
    proc = gk.run("import-report", str(tmp_path / "memo.txt"), check=False)
    assert proc.returncode == 1 and "第2行" in proc.stderr and "不像政府信息公开工作年度报告" in proc.stderr
    assert gk.run("report", "2019", "--template", "2030", check=False).returncode == 2


def test_round_trip_import_render_text_import(gk, tmp_path):
    gk.run("import-report", str(JIANGCHENG))
    first = report_json(gk, 2021)
    gk.run("report", "2021", "--format", "text", "-o", str(tmp_path / "again.txt"))
    out = gk.run("import-report", str(tmp_path / "again.txt")).stdout
    assert "已替换此前导入的2021年度报告" in out
    assert report_json(gk, 2021) == first


def cell_number(text: str):
    text = text.strip()
    return None if not text else float(text) if "." in text else int(text)


def docx_rows(table) -> list[list[str]]:
    """Each row's cell texts, a merged cell once."""
    rows = []
    for row in table.rows:
        seen, texts = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                texts.append(cell.text)
        rows.append(texts)
    return rows


def test_docx_and_xlsx_hold_the_numbers_of_the_json(gk, tmp_path):
    gk.run("import-report", str(JIANGCHENG))
    report = report_json(gk, 2021)
    gk.run("report", "2021", "--format", "docx", "-o", str(tmp_path / "r.docx"))
    gk.run("report", "2021", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    rows3 = TEMPLATES["2021"].section3
    expected3 = [[report["section3"][r.key][c.key] for c in APPLICANT_COLUMNS] for r in rows3]
    expected4 = [report["section4"][g.key][c.key] for g in SECTION4_GROUPS for c in SECTION4_COLUMNS]
    expected2 = [report["section2"][row.key][col.key] for block in TEMPLATES["2021"].section2
                 for row in block.rows for col in block.columns]

    tables = Document(tmp_path / "r.docx").tables
    assert [[cell_number(t) for t in row[-7:]] for row in docx_rows(tables[1])[3:]] == expected3
    assert [cell_number(t) for t in docx_rows(tables[2])[3]] == expected4
    labels = {row.label for block in TEMPLATES["2021"].section2 for row in block.rows}
    assert [cell_number(t) for row in docx_rows(tables[0]) if row[0] in labels for t in row[1:]] == expected2

    book = openpyxl.load_workbook(io.BytesIO((tmp_path / "r.xlsx").read_bytes()))
    sheet3, sheet4 = book["三、依申请公开"], book["四、复议诉讼"]
    first = 2 + 3 + 1  # a caption and a blank row, three header rows, then the numbers
    assert [[sheet3.cell(first + i, 4 + j).value for j in range(7)] for i in range(len(rows3))] == expected3
    assert [sheet4.cell(first, 1 + j).value for j in range(15)] == expected4
    assert expected3[0][-1] == 48 and expected4[:5] == [2, 1, 0, 1, 4]


def test_figures_and_drafts_feed_the_tally(gk, tmp_path):
    gk.run("figures", "set", "2020", "licensing.decisions", "7410")
    out = gk.run("figures", "set", "2020", "procurement.amount", "12.5", "--unit", "万元").stdout
    assert "政府集中采购/采购总金额：12.5万元" in out
    assert "原为7410" in gk.run("figures", "set", "2020", "licensing.decisions", "7411").stdout
    bad = gk.run("figures", "set", "2021", "procurement.items", "3", check=False)
    assert bad.returncode == 1 and "不是国办公开办函〔2021〕30号模板表二中的项目" in bad.stderr
    negative = gk.run("figures", "set", "2020", "licensing.decisions", "-3", check=False)
    assert negative.returncode == 1 and "不能为负数" in negative.stderr
    assert [f["key"] for f in gk.json("figures", "list", "2020")] == ["licensing.decisions", "procurement.amount"]
    (tmp_path / "problems.txt").write_text("专职人员不足。\n", encoding="utf-8")
    gk.run("draft", "set", "2020", "problems", "--file", str(tmp_path / "problems.txt"))
    gk.run("draft", "set", "2020", "overview", "全年工作平稳。")
    report = report_json(gk)
    assert report["source"] == "mixed" and report["section2"]["licensing"]["decisions"] == 7411
    assert report["section2"]["procurement"]["amount"] == {"value": 12.5, "unit": "万元"}
    assert report["section3"]["new_received"] == ZERO3 and all(c["ok"] for c in report["checks"])
    text = gk.run("report", "2020", "--format", "md").stdout
    assert "全年工作平稳。" in text and "专职人员不足。" in text and "| 行政许可 |  |  | 7411 |" in text


def test_a_year_with_no_data_says_so_in_one_line(gk):
    proc = gk.run("report", "2019", check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "2019年没有可生成年度报告的数据" in proc.stderr
    zeros = json.loads(gk.run("report", "2019", "--empty", "--format", "json").stdout)
    assert zeros["section3"]["new_received"] == ZERO3


def test_imported_prose_is_kept_and_rendered(gk):
    out = gk.run("import-report", str(SAMPLE)).stdout
    assert "保留原报告文字：一、总体情况、五、存在的主要问题及改进情况、六、其他需要报告的事项" in out
    text = gk.run("report", "2020").stdout
    assert "一是对政府信息公开工作相关制度和要求的把握能力不强" in text and "待填写" not in text
    gk.run("draft", "set", "2020", "problems", "人员不足。")
    text = gk.run("report", "2020", "--format", "md").stdout
    assert "人员不足。" in text and "一是对政府信息公开工作相关制度和要求的把握能力不强" not in text


def test_binary_output_goes_to_a_file_or_a_pipe(gk):
    command = [sys.executable, "-m", "bot.cli", "report", "2020", "--empty", "--format", "xlsx"]
    piped = subprocess.run(command, env=gk.env, cwd=gk.cwd, capture_output=True, timeout=60)
    assert piped.returncode == 0 and openpyxl.load_workbook(io.BytesIO(piped.stdout)).sheetnames[0] == "二、主动公开"
    if shutil.which("script"):  # a pseudo-terminal: binary there is refused
        tty = subprocess.run(["script", "-qec", " ".join(command), "/dev/null"], env=gk.env, cwd=gk.cwd,
                             capture_output=True, text=True, timeout=60)
        assert tty.returncode == 1 and "请用 -o" in tty.stdout
