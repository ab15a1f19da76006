"""Copies mangled the ways real tools mangle reports, made by transforming the corpus' own copies.

Every input here is a corpus copy (tests/data/reports) with one change a copy makes in practice —
labelled in each test; no number is new. Each test compares with what the untouched copy imports to
(all of them import without a wrong number; see test_report_corpus.py).
"""

import re

import pytest

from handlers.report import parse_report
from tests.report_corpus import CORPUS, cells, expected

SHANGHAI = expected(CORPUS / "shanghai-bgt-2019.web.txt")
MUDANJIANG = expected(CORPUS / "mudanjiang-jtj-2020.web.txt")


def copy(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def wrong_and_blank(result, want: dict) -> tuple[list, list]:
    """Cells read differently from the published number, and cells left blank where one was published."""
    got, published = cells(result.report), cells(want)
    wrong = [(c, published[c], got[c]) for c in published if got[c] is not None and got[c] != published[c]]
    return wrong, [c for c in published if got[c] is None and published[c] is not None]


def listed(result) -> set:
    return {(u["section"], u["row"], u["column"]) for u in result.uncertain}


def on_line(text: str, number: int, line: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = line
    return "\n".join(lines)


# -- Table 三's column headings and the first row's numbers on one line ---------------------------

@pytest.mark.parametrize(("name", "want", "join"), [
    # The web copy whose heading rows ran into the first row (cells kept apart by tabs).
    ("shanghai-bgt-2019.web.txt", SHANGHAI, lambda t: re.sub(
        r"(（本列数据[^\n]*)\n([^\n]*)\n([^\n]*)\n(一、本年新收)", r"\1\t\2\t\3\t\4", t)),
    # The PDF's raw text with the headings and the first row on one line.
    ("shanghai-bgt-2019.pdf-raw.txt", SHANGHAI, lambda t: re.sub(
        r"\n(一、本年新收政府信息公开申)\n(请数量)\n(821 35 2 1 859)", r" \1\2 \3", t)),
    # The team's sample pasted with single spaces for tabs, headings and first row on one line.
    ("mudanjiang-jtj-2020.published-web.txt", MUDANJIANG, lambda t: re.sub(
        r"\t*\n(一、本年新收)", r" \1", t.replace("\t", " "), count=1)),
], ids=["web", "pdf-raw", "sample-spaces"])
def test_headings_and_numbers_sharing_a_line(name, want, join):
    text = copy(name)
    joined = join(text)
    assert joined != text
    before, after = parse_report(text), parse_report(joined)
    assert after.report["section3"] == before.report["section3"]
    assert wrong_and_blank(after, want)[0] == []


# -- A title broken over lines, the year on the second ---------------------------------------------

@pytest.mark.parametrize(("name", "title", "broken"), [
    ("shanghai-bgt-2019.web.txt", "2019年上海市人民政府办公厅政府信息公开工作年度报告",
     "上海市人民政府办公厅\n2019年政府信息公开工作年度报告"),
    ("shanghai-bgt-2019.pdf-layout.txt", "2019 年上海市人民政府办公厅政府信息公开工作年度报告",
     "        上海市人民政府办公厅\n2019 年政府信息公开工作年度报告"),
    ("mudanjiang-jtj-2020.published-web.txt", "牡丹江市交通运输局 2020 年政府信息公开工作年度报告",
     "牡丹江市交通运输局 2020\n年政府信息公开工作年度报告"),
    ("mudanjiang-jtj-2020.published-web.txt", "牡丹江市交通运输局 2020 年政府信息公开工作年度报告",
     "牡丹江市交通运输局\n\n2020 年度政府信息公开工作年度报告"),
], ids=["agency-above", "pdf-agency-above", "year-split", "blank-line-between"])
def test_title_broken_over_lines(name, title, broken):
    text = copy(name)
    assert title in text
    report = parse_report(text.replace(title, broken, 1)).report
    want = expected(CORPUS / name)
    assert (report["agency"]["name"], report["year"]) == (want["agency"], want["year"])


# -- Characters lost from a label ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "label", "damaged"), [
    ("shanghai-bgt-2019.web.txt", "2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),  # issue 14's
    ("shanghai-bgt-2019.web.txt", "2.其他法律行政法规禁止公开", "2.其他法律止公开"),  # no phrase left: by "2."
    ("shanghai-bgt-2019.pdf-layout.txt", "政法规\n           禁止公", "政\n           止公"),
    ("mudanjiang-jtj-2020.published-web.txt", "5. 属于三类内部事务信息", "5. 属于三类内事信息"),
], ids=["issue-14", "number-only", "pdf-layout", "sample"])
def test_damaged_label_placed_by_template_order(name, label, damaged):
    text = copy(name)
    assert label in text
    result = parse_report(text.replace(label, damaged, 1))
    assert not any("找不到表格行" in w for w in result.warnings)
    assert wrong_and_blank(result, expected(CORPUS / name)) == ([], [])
    assert result.report["section3"] == parse_report(text).report["section3"]


def test_label_without_number_or_enough_characters_is_left_blank_and_listed():
    text = copy("shanghai-bgt-2019.web.txt").replace("6.属于四类过程性信息", "四类", 1)
    result = parse_report(text)
    wrong, blank = wrong_and_blank(result, SHANGHAI)
    assert wrong == []
    assert set(blank) <= {("section3", "withheld_process_info", c) for c in ("natural_person", "commercial")}
    assert ("section3", "withheld_process_info", "natural_person") in listed(result)
    assert any("找不到表格行“6.属于四类过程性信息”" in w for w in result.warnings)


# -- pdftotext -layout: numbers placed by where they stand -------------------------------------------

LAYOUT = "shanghai-bgt-2019.pdf-layout.txt"


def layout_row(label: str, numbers: list[tuple[int, str]]) -> str:
    """A line of a laid-out table: the label, then each number starting at its character column."""
    line = label
    for column, number in numbers:
        line = line.ljust(column) + number
    return line


def test_layout_number_in_a_gap_between_two_headings_is_placed_by_the_sums():
    # "2" moved from under 法律服务机构 (column 43) into the gap after 社会公益组织 (37–40).
    row = layout_row("一、本年新收政府信息公开申", [(19, "821"), (25, "35"), (41, "2"), (49, "1"), (54, "859")])
    result = parse_report(on_line(copy(LAYOUT), 158, row))
    assert wrong_and_blank(result, SHANGHAI) == ([], [])
    assert ("第158行：“一、本年新收政府信息公开申请数量”一行只读到5个数（“821 35 2 1 859”），按各数在版面上所处的栏放置，"
            "各数所在栏已按表内勾稽关系（空白栏计为0）确定") in result.warnings


def test_layout_positions_the_sums_contradict_leave_those_cells_blank():
    # A row shifted one column right, as a broken table prints it: 18 under 商业企业, 18 far right.
    row = layout_row("二、上年结转政府信息公开申", [(25, "18"), (72, "18")])
    result = parse_report(on_line(copy(LAYOUT), 160, row))
    wrong, blank = wrong_and_blank(result, SHANGHAI)
    assert wrong == []
    assert {("section3", "carried_over", c) for c in ("natural_person", "commercial")} <= listed(result)
    assert result.report["section3"]["carried_over"]["total"] == 18
    assert [w for w in result.warnings if "与表内勾稽关系不符" in w] == [
        "第160行：“二、上年结转政府信息公开申请数量”一行按版面位置放置与表内勾稽关系不符，不一致的栏留空待核"]
    # With one row in doubt nothing else is placed by the sums: the next page's rows (no headings
    # there) stay open, as their numbers could stand in several columns.
    next_page = {("unavailable_unclear", "natural_person"), ("rejected_petition", "natural_person"),
                 ("rejected_petition", "commercial"), ("rejected_duplicate", "natural_person"),
                 ("rejected_duplicate", "commercial"), ("carried_forward", "natural_person"),
                 ("carried_forward", "total")} | {("total_processed", c) for c in (
                     "natural_person", "commercial", "legal_service", "other_org", "total")}
    assert set(blank) == {("section3", *c) for c in next_page | {("carried_over", "natural_person")}}


def test_layout_lines_are_numbered_as_in_the_file_across_page_breaks():
    result = parse_report(copy(LAYOUT))
    assert "\f" in copy(LAYOUT)
    assert any(w.startswith("第230行：“（七）总计”") for w in result.warnings)  # line 230 of the file


def test_positions_mean_nothing_in_text_not_laid_out_in_columns():
    # The sample with cells one space apart and a blank cell lost: its characters' columns say nothing.
    text = copy("mudanjiang-jtj-2020.published-web.txt").replace("\t", " ")
    text = text.replace("一、本年新收政府信息公开申请数量  1 0 0 0 0 0 1", "一、本年新收政府信息公开申请数量  1 0 0 0 0 1")
    result = parse_report(text)
    assert wrong_and_blank(result, MUDANJIANG)[0] == []
    assert not any("版面上所处的栏" in w for w in result.warnings)


# -- The sums settle only a table that adds up -------------------------------------------------------

def test_an_inconsistent_table_settles_nothing_by_its_sums():
    # The Markdown copy's picture text with one number off by one: the published table no longer adds up.
    text = copy("shanghai-bgt-2019.md")
    assert "1.信访举 148 1" in text
    result = parse_report(text.replace("1.信访举 148 1", "1.信访举 149 1"))
    wrong, blank = wrong_and_blank(result, SHANGHAI)
    assert [c for c, _, _ in wrong] == []  # 149 is never put anywhere: its row stays open
    assert ("section3", "rejected_petition", "natural_person") in blank
    assert ("section3", "total_processed", "natural_person") in blank
    assert not any("勾稽关系（空白栏计为0）确定" in w for w in result.warnings)


def test_a_change_written_in_words():
    # 本年增/减 written "增1" and "减2", as some publishers do.
    text = copy("mudanjiang-jtj-2020.published-web.txt")
    assert "行政许可\t23\t+1\t7410" in text and "行政强制\t10\t-2\t1" in text
    report = parse_report(text.replace("\t+1\t7410", "\t增1\t7410").replace("\t-2\t1", "\t减2\t1")).report
    assert report["section2"]["licensing"]["change"] == 1 and report["section2"]["coercion"]["change"] == -2


def test_layout_blank_cell_in_table_two_keeps_the_others_in_their_columns():
    # 上一年项目数量 left blank in the laid-out PDF: the 0 still stands under 本年增/减 (column 35).
    text = copy(LAYOUT)
    assert "行政事业性收费         0                  0" in text
    report = parse_report(text.replace("行政事业性收费         0                  0",
                                       "行政事业性收费                            0")).report
    assert report["section2"]["fees"] == {"last_year_items": None, "change": 0}
