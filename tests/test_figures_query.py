"""Figures questions: recognising year and cells, answering from a report dict without guessing."""

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from disclosure.report.templates import empty_report
from handlers.figures import answer_figures, parse_figures_question, parse_year

TODAY = date(2024, 3, 1)
AGENCY = "牡丹江市交通运输局"


@pytest.fixture
def report_2020():
    """Figures of 牡丹江市交通运输局's published 2020 report (tests/data/report_mudanjiang_2020.txt)."""
    report = empty_report(2020, agency_name=AGENCY, source="imported")
    report["section2"]["licensing"] = {"last_year_items": 23, "change": 1, "decisions": 7410}
    report["section2"]["penalty"] = {"last_year_items": 137, "change": 7, "decisions": 98}
    report["section2"]["coercion"] = {"last_year_items": 10, "change": -2, "decisions": 1}
    report["section2"]["fees"] = {"last_year_items": 6, "change": 0}
    for row in ("new_received", "granted", "total_processed"):
        report["section3"][row].update(natural_person=1, total=1)
    return report


@pytest.fixture
def report_2021():
    report = empty_report(2021, agency_name=AGENCY)
    report["section2"]["fees"]["amount_10k_yuan"] = 1.25
    report["section3"]["new_received"].update(natural_person=3, commercial=2, legal_service=1, total=6)
    report["section3"]["other_no_correction"]["total"] = 1
    report["section3"]["granted"]["total"] = None
    report["section4"]["review"].update(upheld=1, total=1)
    report["section4"]["direct_suit"].update(pending=1, total=1)
    report["section4"]["suit_after_review"].update(corrected=1, total=1)
    return report


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2020年许可多少", 2020),
        ("二〇二〇年复议几起", 2020),
        ("二零二零年复议几起", 2020),
        ("20年处罚多少", 2020),
        ("今年收到多少申请", 2024),
        ("去年收到多少申请", 2023),
        ("前年收到多少申请", 2022),
        ("大前年收到多少申请", 2021),
        ("２０２１年许可多少", 2021),
        ("收到多少申请", None),
    ],
)
def test_years(text, year):
    assert parse_year(text, TODAY) == year


LABELLED = tomllib.loads((Path(__file__).parent / "data" / "figures_questions.toml").read_text(encoding="utf-8"))
ANSWERABLE = [(q["q"], q["year"], q["cells"]) for q in LABELLED["answerable"]]
TRAPS = LABELLED["traps"]["questions"]


@pytest.mark.parametrize(("text", "year", "cells"), ANSWERABLE, ids=range(len(ANSWERABLE)))
def test_figures_questions(text, year, cells):
    query = parse_figures_question(text, TODAY)
    assert query is not None
    assert query.year == year
    assert list(query.cells) == cells


def test_enough_traps_are_labelled():
    assert len(TRAPS) >= 60 and len(set(TRAPS)) == len(TRAPS)


@pytest.mark.parametrize("text", TRAPS, ids=range(len(TRAPS)))
def test_a_figure_the_tables_do_not_hold_is_said_so_never_given(text, report_2020, report_2021):
    query = parse_figures_question(text, TODAY)
    assert query is not None and query.cells == () and query.unheld
    full = report_2020 if query.year <= 2020 else report_2021
    reply = answer_figures(query, full if query.year in (2020, 2021) else None, AGENCY)
    assert "没有" in reply and "无法回答" in reply
    assert not re.search(r"\d+(件|项|元|万元|条|人|次)", reply), reply  # no figure, only the example's year


def test_year_stated_or_defaulted_to_the_latest_report():
    assert parse_figures_question("去年许可多少", TODAY).year_stated
    assert not parse_figures_question("许可多少件", TODAY).year_stated


def test_organisations_mean_five_columns():
    query = parse_figures_question("法人申请了多少", TODAY)
    assert query.cells == tuple(
        f"section3.new_received.{c}"
        for c in ("commercial", "research", "social_welfare", "legal_service", "other_org")
    )


def test_litigation_means_both_kinds_of_suit():
    query = parse_figures_question("行政诉讼多少件", TODAY)
    assert query.cells == ("section4.direct_suit.total", "section4.suit_after_review.total")


def test_whole_groups_of_rows():
    assert len(parse_figures_question("2020年不予公开多少", TODAY).cells) == 8
    assert len(parse_figures_question("2021年其他处理多少", TODAY).cells) == 3
    assert parse_figures_question("2020年其他处理多少", TODAY).cells == ("section3.other.total",)


@pytest.mark.parametrize(
    "text",
    [
        "复议要在多少天内提",
        "可以去法院起诉吗",
        "申请信息公开收费吗",
        "一个月申请多少件开始收钱",
        "信息处理费多少钱",
        "申请以后多久答复",
        "年报去哪看",
        "不予公开的理由有哪几种",
        "今天天气怎么样",
        "行政复议找哪里",
        "12328热线",
        "受理窗口几点下班",
        "一个月内申请了二十件要交多少钱",
    ],
)
def test_not_figures_questions(text):
    assert parse_figures_question(text, TODAY) is None


def ask(text, report):
    return answer_figures(parse_figures_question(text, TODAY), report, AGENCY)


def test_answer_names_year_number_and_source(report_2020):
    assert ask("2020年行政许可处理决定多少件?", report_2020) == (
        "据牡丹江市交通运输局2020年政府信息公开工作年度报告（表二 第二十条第（五）项），"
        "行政许可处理决定数量为7410件。"
    )


def test_signed_change_and_section3_answers(report_2020):
    assert "行政强制本年增/减为-2项" in ask("2020年行政强制增减多少", report_2020)
    reply = ask("二〇二〇年收到多少申请", report_2020)
    assert "表三" in reply and "一、本年新收政府信息公开申请数量为1件" in reply
    assert "（自然人）为1件" in ask("20年个人申请了多少", report_2020)


def test_group_answers_list_parts_and_sum(report_2021):
    reply = ask("2021年法人申请了多少", report_2021)
    assert "商业企业2件" in reply and "法律服务机构1件" in reply and "合计3件" in reply
    reply = ask("2021年行政诉讼多少件", report_2021)
    assert "表四" in reply and "合计2件" in reply


def test_blank_cell_is_said_not_guessed(report_2021):
    assert "报告中该项为空" in ask("2021年予以公开的有多少", report_2021)


def test_missing_report_is_said_not_guessed():
    reply = ask("2019年行政许可多少", None)
    assert reply.startswith("暂无2019年的年度报告数据")
    assert not any(ch.isdigit() for ch in reply.replace("2019", ""))


def test_rows_absent_from_the_2021_template(report_2021):
    assert "没有这一项" in ask("2021年其他对外管理服务事项多少", report_2021)
    assert "没有这一项" in ask("2021年政府集中采购项目多少", report_2021)
    assert "1.25万元" in ask("2021年行政事业性收费金额多少", report_2021)


def test_2021_other_rows_and_section4_columns(report_2021):
    assert "申请人无正当理由逾期不补正" in ask("2021年逾期不补正的多少", report_2021)
    assert "行政复议结果维持为1件" in ask("2021年复议维持了几起", report_2021)


def test_report_of_another_year_is_refused(report_2020):
    with pytest.raises(ValueError, match="2021"):
        answer_figures(parse_figures_question("2021年许可多少", TODAY), report_2020, AGENCY)


def test_no_labelled_guide_question_is_taken_for_a_figures_question():
    """Routing asks the figures parser first: a guide question it claims gets "no report data" instead."""
    data = tomllib.loads((Path(__file__).parent / "data" / "guide_questions.toml").read_text(encoding="utf-8"))
    questions = [q for part in (data, data["holdout"], data["holdout2"], data["holdout3"]) for qs in part["expected"].values()
                 for q in qs]
    assert len(questions) > 400
    assert [q for q in questions if parse_figures_question(q, TODAY)] == []
