"""Importing published annual reports: the real 2020 sample, its re-typed variants, and a 2021 report."""

import re
from pathlib import Path

import pytest

from disclosure.report.checks import BALANCE, ROW_TOTAL
from handlers.report import ReportImportError, parse_report

DATA = Path(__file__).parent / "data"
SAMPLE = (DATA / "report_mudanjiang_2020.txt").read_text(encoding="utf-8")
REPORT_2021 = (DATA / "report_2021_jiangcheng.txt").read_text(encoding="utf-8")
COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


def row(*values):
    return dict(zip(COLUMNS, values, strict=True))


ZERO = row(0, 0, 0, 0, 0, 0, 0)
ROWS_2019 = [
    "new_received", "carried_over", "granted", "partially_granted", "withheld_state_secret",
    "withheld_prohibited_by_law", "withheld_three_safeties", "withheld_third_party", "withheld_internal_affairs",
    "withheld_process_info", "withheld_enforcement_file", "withheld_administrative_query", "unavailable_not_held",
    "unavailable_needs_creation", "unavailable_unclear", "rejected_petition", "rejected_duplicate",
    "rejected_publication", "rejected_excessive", "rejected_confirmation", "other", "total_processed",
    "carried_forward",
]
SAMPLE_SECTION2 = {
    "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
    "normative_documents": {"new_made": 0, "new_published": 0, "total_published": 0},
    "licensing": {"last_year_items": 23, "change": 1, "decisions": 7410},
    "other_services": {"last_year_items": 0, "change": 0, "decisions": 0},
    "penalty": {"last_year_items": 137, "change": 7, "decisions": 98},
    "coercion": {"last_year_items": 10, "change": -2, "decisions": 1},
    "fees": {"last_year_items": 6, "change": 0},
    "procurement": {"items": 0, "amount": {"value": 0, "unit": "元"}},
}
SAMPLE_SECTION3 = {key: ZERO for key in ROWS_2019} | {
    key: row(1, 0, 0, 0, 0, 0, 1) for key in ("new_received", "granted", "total_processed")}
NO_CASES = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
SAMPLE_SECTION4 = {"review": NO_CASES, "direct_suit": NO_CASES, "suit_after_review": NO_CASES}


def tables(text: str, transform) -> str:
    """The sample with tables 二 to 四 re-typed by `transform`."""
    start, end = text.index("二、主动公开政府信息情况"), text.index("五、存在的主要问题")
    return text[:start] + transform(text[start:end]) + text[end:]


def assert_sample_numbers(report):
    assert report["section2"] == SAMPLE_SECTION2
    assert report["section3"] == SAMPLE_SECTION3
    assert report["section4"] == SAMPLE_SECTION4


def test_sample_imports_every_number():
    result = parse_report(SAMPLE)
    report = result.report
    assert report["agency"] == {"code": None, "name": "牡丹江市交通运输局"}
    assert (report["year"], report["template"], report["source"]) == (2020, "2019", "imported")
    assert_sample_numbers(report)
    assert result.uncertain == []
    assert all(c["ok"] for c in report["checks"]) and len(report["checks"]) == 7 * 2 + 23 + 3
    # The published table carries a spare cell in （七） and in table 四; the reader says so.
    assert any("第73行" in w and "多于7栏" in w for w in result.warnings)


@pytest.mark.parametrize("transform", [
    lambda t: t.replace("\t", " "),
    lambda t: t.replace("\t", "  \n"),
    lambda t: t.replace("\t", "\n\n").replace("（", "(").replace("）", ")"),
    lambda t: t.replace("\t", "\u3000").replace("0", "０").replace("1", "１"),
    lambda t: t.replace("\n规章", "\n— 3 —\n\n规章").replace("行政处罚", "\n- 12 -\n行政处罚").replace("7410", "7,410"),
], ids=["spaces", "one-cell-per-line", "blank-lines-half-width", "full-width", "page-junk-thousands"])
def test_sample_variants_give_the_same_numbers(transform):
    assert_sample_numbers(parse_report(tables(SAMPLE, transform)).report)


def test_run_together_digits_are_split_by_the_sums():
    start = SAMPLE.index("三、收到和处理")
    text = SAMPLE[:start] + re.sub(r"[\t ]", "", SAMPLE[start:SAMPLE.index("五、存在")]) + SAMPLE[
        SAMPLE.index("五、存在"):]
    result = parse_report(text)
    assert_sample_numbers(result.report)
    assert result.uncertain == []


def test_ambiguous_run_together_cells_are_left_blank_and_listed():
    start = SAMPLE.index("二、主动公开")
    text = SAMPLE[:start] + SAMPLE[start:SAMPLE.index("三、收到和处理")].replace("\t", "") + SAMPLE[
        SAMPLE.index("三、收到和处理"):]
    result = parse_report(text)
    section2 = result.report["section2"]
    assert section2["licensing"] == {"last_year_items": 23, "change": None, "decisions": None}
    assert section2["penalty"] == {"last_year_items": 137, "change": None, "decisions": None}
    assert section2["coercion"] == {"last_year_items": 10, "change": -2, "decisions": 1}
    unsure = {(u["row"], u["column"]): u["candidates"] for u in result.uncertain}
    assert unsure == {("licensing", "change"): [1, 17, 174, 1741], ("licensing", "decisions"): [0, 10, 410, 7410],
                      ("penalty", "change"): [7, 79], ("penalty", "decisions"): [8, 98]}


def test_ambiguous_section4_digits_are_left_blank():
    # "1 11 0 0 12", "11 1 0 0 12" and "1 1 10 0 12" all fit 总计 = sum of the four.
    text = SAMPLE.replace("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "11100120000000000")
    result = parse_report(text)
    assert result.report["section4"]["review"] == {"upheld": None, "corrected": None, "other": None, "pending": 0,
                                                   "total": 12}
    assert result.report["section4"]["direct_suit"] == NO_CASES
    unsure = {(u["row"], u["column"]): u["candidates"] for u in result.uncertain}
    assert unsure == {("review", "upheld"): [1, 11], ("review", "corrected"): [1, 11], ("review", "other"): [0, 10]}
    assert all(u["line"] == 81 for u in result.uncertain)  # the line of the numbers


def test_column_sums_settle_a_row_its_own_sum_cannot():
    text = SAMPLE.replace("数量\t\t1\t0\t0\t0\t0\t0\t1", "数量\t\t111000012", 1).replace(
        "予以公开\t1\t0\t0\t0\t0\t0\t1", "予以公开\t11\t1\t0\t0\t0\t0\t12").replace(
        "(七) 总计\t1\t0\t0\t0\t0\t0\t0\t1", "(七) 总计\t11\t1\t0\t0\t0\t0\t12")
    result = parse_report(text)
    assert result.report["section3"]["new_received"] == row(11, 1, 0, 0, 0, 0, 12)
    assert result.uncertain == []


def test_inconsistent_table_is_imported_with_failing_checks():
    text = SAMPLE.replace("数量\t\t1\t0\t0\t0\t0\t0\t1", "数量\t\t2\t0\t0\t0\t0\t0\t1", 1)
    report = parse_report(text).report
    assert report["section3"]["new_received"] == row(2, 0, 0, 0, 0, 0, 1)
    failing = {(c["rule"], c["column"], c.get("row")) for c in report["checks"] if not c["ok"]}
    assert failing == {(BALANCE, "natural_person", None), (ROW_TOTAL, "total", "new_received")}
    detail = next(c["detail"] for c in report["checks"] if c["rule"] == BALANCE and not c["ok"])
    assert detail == "2 + 0 ≠ 1 + 0"


def test_blank_published_cells_stay_null():
    text = SAMPLE.replace("数量\t\t0\t0\t0\t0\t0\t0\t0", "数量\t\t0\t0\t\t0\t0\t0\t0", 1).replace(
        "行政事业性收费\t6\t0", "行政事业性收费\t6\t—")
    result = parse_report(text)
    assert result.report["section3"]["carried_over"]["research"] is None
    assert result.report["section2"]["fees"] == {"last_year_items": 6, "change": None}
    assert {c["column"] for c in result.report["checks_not_evaluated"]} == {"research", "total"}


def test_2021_report_in_published_layout():
    result = parse_report(REPORT_2021)
    report = result.report
    assert report["agency"]["name"] == "江城市生态环境局"
    assert (report["year"], report["template"]) == (2021, "2021")
    assert report["section2"] == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "repealed": 1, "in_force": 12},
        "licensing": {"decisions": 1256}, "penalty": {"decisions": 87}, "coercion": {"decisions": 5},
        "fees": {"amount_10k_yuan": 0},
    }
    s3 = report["section3"]
    assert s3["new_received"] == row(40, 5, 0, 1, 2, 0, 48)
    assert s3["carried_over"] == row(2, 0, 0, 0, 0, 0, 2)
    assert s3["granted"] == row(20, 2, 0, 0, 1, 0, 23)
    assert s3["withheld_third_party"] == row(1, 1, 0, 0, 0, 0, 2)
    assert s3["unavailable_not_held"] == row(10, 1, 0, 1, 0, 0, 12)
    assert s3["other_no_correction"] == row(1, 0, 0, 0, 0, 0, 1)
    assert s3["other_unpaid_fee"] == s3["other_other"] == ZERO
    assert s3["total_processed"] == row(40, 4, 0, 1, 1, 0, 46)
    assert s3["carried_forward"] == row(2, 1, 0, 0, 1, 0, 4)
    assert "other" not in s3 and len(s3) == 25
    assert report["section4"]["review"] == {"upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 4}
    assert report["section4"]["direct_suit"]["total"] == 1
    assert all(c["ok"] for c in report["checks"]) and result.uncertain == []


def test_template_comes_from_the_table_not_only_the_year():
    result = parse_report(REPORT_2021.replace("2021年", "2020年"))
    assert result.report["template"] == "2021"
    assert any("2019〕60号" in w for w in result.warnings)


def test_money_keeps_the_unit_written_in_the_table():
    text = SAMPLE.replace("采购总金额", "采购总金额（万元）").replace("政府集中采购\t0\t0", "政府集中采购\t3\t125.5")
    assert parse_report(text).report["section2"]["procurement"] == {"items": 3, "amount": {"value": 125.5,
                                                                                           "unit": "万元"}}


def test_text_that_is_not_a_report_names_its_first_line():
    with pytest.raises(ReportImportError, match=r"^第2行：“关于召开春季运动会的通知”不像政府信息公开工作年度报告"):
        parse_report("\n关于召开春季运动会的通知\n各科室：定于4月1日举行。")


def test_missing_table_row_is_left_blank_and_listed_with_the_line():
    text = SAMPLE.replace("行政强制\t10\t-2\t1", "")
    result = parse_report(text)
    assert result.report["section2"]["coercion"] == {"last_year_items": None, "change": None, "decisions": None}
    assert result.report["section2"]["penalty"] == SAMPLE_SECTION2["penalty"]
    unsure = [u for u in result.uncertain if u["row"] == "coercion"]
    assert [u["column"] for u in unsure] == ["last_year_items", "change", "decisions"]
    assert all(u["line"] > 30 for u in unsure)
    assert any("找不到表格行“行政强制”" in w for w in result.warnings)


def test_missing_part_names_the_line_after_which_it_was_sought():
    text = SAMPLE.replace("三、收到和处理政府信息公开申请情况", "三、依申请情况")
    with pytest.raises(ReportImportError, match=r"^第25行：此行之后找不到“三、收到和处理政府信息公开申请情况”部分"):
        parse_report(text)


def test_a_row_short_of_numbers_is_left_blank_and_listed():
    text = SAMPLE.replace("行政许可\t23\t+1\t7410", "行政许可\t23")
    result = parse_report(text)
    assert result.report["section2"]["licensing"] == {"last_year_items": None, "change": None, "decisions": None}
    unsure = {u["column"]: u for u in result.uncertain if u["row"] == "licensing"}
    assert {c: u["candidates"] for c, u in unsure.items()} == {
        "last_year_items": [23, None], "change": [23, None], "decisions": [23, None]}
    assert all(u["line"] == 33 for u in unsure.values())
