"""Renderings of the annual report, and reading them back."""

import io
import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from handlers.report import (
    docx_text,
    overview_prefill,
    parse_report,
    parse_report_docx,
    render_docx,
    render_json,
    render_markdown,
    render_text,
    render_xlsx,
)

DATA = Path(__file__).parent / "data"
SOURCES = ["report_mudanjiang_2020.txt", "report_2021_jiangcheng.txt"]
SAME = ("agency", "year", "template", "section2", "section3", "section4")


def imported(name: str) -> dict:
    return parse_report((DATA / name).read_text(encoding="utf-8")).report


@pytest.mark.parametrize("name", SOURCES)
def test_text_round_trip(name):
    report = imported(name)
    again = parse_report(render_text(report, {"overview": "概述。"}))
    assert {k: again.report[k] for k in SAME} == {k: report[k] for k in SAME}
    assert again.uncertain == [] and again.warnings == []


@pytest.mark.parametrize("name", SOURCES)
def test_docx_round_trip(name):
    report = imported(name)
    again = parse_report_docx(render_docx(report))
    assert {k: again.report[k] for k in SAME} == {k: report[k] for k in SAME}


def test_blank_cells_survive_the_round_trip():
    report = imported("report_2021_jiangcheng.txt")
    report["section3"]["granted"]["research"] = None
    report["section4"]["review"]["pending"] = None
    report["section4"]["suit_after_review"]["total"] = None
    again = parse_report(render_text(report)).report
    assert again["section3"] == report["section3"]
    assert again["section4"] == report["section4"]


def test_text_follows_the_published_layout():
    text = render_text(imported(SOURCES[0]), {"problems": "人员不足。"})
    lines = text.splitlines()
    assert lines[0] == "牡丹江市交通运输局2020年政府信息公开工作年度报告"
    headings = [line for line in lines if line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、") and "\t" not in line]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert "行政许可\t23\t+1\t7410" in lines
    # Staff's draft of 五 wins; 一 and 六 are the report's own, as published; nothing is generated.
    assert "人员不足。" in lines and "我局政务公开工作存在的问题主要表现在" not in text
    assert lines[lines.index("六、其他需要报告的事项") + 2] == "无"
    assert any(line.startswith("2020 年，按照市委市政府关于推进政务公开工作") for line in lines)
    assert "待填写" not in text and "全年共收到政府信息公开申请" not in text


def test_only_a_tallied_year_gets_generated_prose():
    tallied = {**imported(SOURCES[0]), "source": "tally", "prose": {}}
    text = render_text(tallied)
    assert "全年共收到政府信息公开申请1件，办结1件，结转下年度0件。" in text and "（待填写：其他需要报告的事项" in text
    bare_import = {**imported(SOURCES[0]), "prose": {}}
    lines = render_text(bare_import).splitlines()
    assert lines[lines.index("一、总体情况") + 1:lines.index("二、主动公开政府信息情况")] == ["", "", ""]


@pytest.mark.parametrize("render", [render_text, render_markdown])
def test_imported_prose_is_rendered_back(render):
    report = imported(SOURCES[0])
    text = render(report)
    for part in report["prose"].values():
        assert part in text
    paragraphs = [p.text for p in Document(io.BytesIO(render_docx(report))).paragraphs]
    assert report["prose"]["problems"].split("\n")[0] in paragraphs


def test_overview_prefill():
    report = imported(SOURCES[1])
    assert overview_prefill(report) == "全年共收到政府信息公开申请48件（另有上年结转2件），办结46件，结转下年度4件。"
    report["section3"]["total_processed"]["total"] = None
    assert "办结__件" in overview_prefill(report)


def test_markdown_and_json():
    report = imported(SOURCES[0])
    markdown = render_markdown(report)
    assert "| 行政许可 | 23 | +1 | 7410 |" in markdown
    assert "| 信息内容 | 采购项目数量 | 采购总金额（单位：元） |" in markdown
    assert json.loads(render_json(report)) == report
    assert "牡丹江市交通运输局" in render_json(report)


def _number_cells(rows) -> list:
    return [v for row in rows for v in row if isinstance(v, int | float)]


@pytest.mark.parametrize("name", SOURCES)
def test_xlsx_holds_the_same_numbers(name):
    report = imported(name)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames == ["二、主动公开", "三、依申请公开", "四、复议诉讼"]
    s3 = book["三、依申请公开"]
    first = next(r for r in s3.iter_rows(values_only=True) if r[0] and "本年新收" in r[0])
    assert list(first[3:]) == list(report["section3"]["new_received"].values())
    expected3 = [v for row in report["section3"].values() for v in row.values()]
    assert _number_cells(s3.iter_rows(values_only=True)) == expected3
    expected4 = [v for group in report["section4"].values() for v in group.values()]
    assert _number_cells(book["四、复议诉讼"].iter_rows(values_only=True)) == expected4
    assert any(rng.min_col == 4 and rng.max_col == 10 for rng in s3.merged_cells.ranges)  # 申请人情况


@pytest.mark.parametrize("name", SOURCES)
def test_docx_tables_hold_the_same_numbers(name):
    report = imported(name)
    document = Document(io.BytesIO(render_docx(report)))
    assert len(document.tables) == 3
    s4 = document.tables[2]
    assert [int(c.text) for c in s4.rows[3].cells] == [v for g in report["section4"].values() for v in g.values()]
    s3 = document.tables[1]
    assert s3.cell(0, 3).text == "申请人情况" and s3.cell(0, 9).text == "申请人情况"  # merged across 7 columns
    granted = next(r for r in s3.rows if r.cells[1].text == "（一）予以公开")
    assert [int(c.text) for c in granted.cells[3:]] == list(report["section3"]["granted"].values())
    assert "二、主动公开政府信息情况" in docx_text(render_docx(report))
