"""The national templates as data, and the cross-checks on a report dict."""

import pytest

from disclosure.categories import ApplicantCategory
from disclosure.outcomes import Outcome
from disclosure.report.checks import (
    BALANCE,
    ROW_TOTAL,
    SECTION4_TOTAL,
    describe,
    place,
    run_checks,
    with_checks,
)
from disclosure.report.templates import (
    APPLICANT_COLUMNS,
    TEMPLATES,
    empty_report,
    outcome_row,
    template_for_year,
)


def test_template_follows_the_report_year():
    assert template_for_year(2019).name == "2019"
    assert template_for_year(2020).name == "2019"
    assert template_for_year(2021).name == "2021"
    assert template_for_year(2024).name == "2021"
    with pytest.raises(ValueError, match="2018年"):
        template_for_year(2018)


def test_other_rows_differ_between_templates():
    keys_2019 = [r.key for r in TEMPLATES["2019"].section3]
    keys_2021 = [r.key for r in TEMPLATES["2021"].section3]
    assert "other" in keys_2019 and "other_no_correction" not in keys_2019
    assert keys_2021[20:23] == ["other_no_correction", "other_unpaid_fee", "other_other"]
    assert keys_2019[0] == keys_2021[0] == "new_received"
    assert keys_2019[-2:] == keys_2021[-2:] == ["total_processed", "carried_forward"]
    assert TEMPLATES["2021"].row("withheld_three_safeties").group == "（三）不予公开"


def test_applicant_columns_reuse_the_categories():
    assert [c.key for c in APPLICANT_COLUMNS] == [c.value for c in ApplicantCategory] + ["total"]


def test_outcome_row_per_template():
    assert outcome_row(Outcome.OTHER_UNPAID_FEE, "2019") == "other"
    assert outcome_row(Outcome.OTHER_UNPAID_FEE, TEMPLATES["2021"]) == "other_unpaid_fee"
    assert outcome_row(Outcome.GRANTED, "2021") == "granted"
    for template in TEMPLATES.values():
        keys = {r.key for r in template.section3}
        assert all(outcome_row(o, template) in keys for o in Outcome)


def test_empty_report_has_every_key_of_the_template():
    report = empty_report(2021, agency_name="江城市生态环境局")
    assert report["template"] == "2021"
    assert set(report["section2"]) == {"regulations", "normative_documents", "licensing", "penalty", "coercion", "fees"}
    assert report["section2"]["fees"] == {"amount_10k_yuan": 0}
    old = empty_report(2020, fill=None)
    assert old["section2"]["procurement"]["amount"] == {"value": None, "unit": "元"}
    assert old["section4"]["review"] == dict.fromkeys(["upheld", "corrected", "other", "pending", "total"])


def test_checks_pass_on_a_consistent_report_and_show_the_arithmetic():
    report = empty_report(2020)
    for row in ("new_received", "granted", "total_processed"):
        report["section3"][row].update(natural_person=1, total=1)
    results = run_checks(report)
    assert not results.failing and not results.not_evaluated
    balance = next(c for c in results.checks if c["rule"] == BALANCE and c["column"] == "total")
    assert balance == {"rule": BALANCE, "section": "section3", "column": "total", "ok": True, "detail": "1 + 0 = 1 + 0"}
    assert len(results.checks) == 7 * 2 + len(TEMPLATES["2019"].section3) + 3


def test_broken_rules_are_listed_not_repaired():
    report = empty_report(2021)
    report["section3"]["new_received"].update(natural_person=2, total=3)
    report["section4"]["review"].update(upheld=1, total=2)
    failing = run_checks(report).failing
    assert {(c["rule"], c["column"], c.get("row")) for c in failing} == {
        (BALANCE, "natural_person", None), (BALANCE, "total", None),
        (ROW_TOTAL, "total", "new_received"), (SECTION4_TOTAL, "review", None)}
    row_total = next(c for c in failing if c["rule"] == ROW_TOTAL)
    assert row_total["detail"] == "3 ≠ 2 + 0 + 0 + 0 + 0 + 0"
    assert report["section3"]["new_received"]["total"] == 3


def test_checks_needing_a_blank_cell_are_not_evaluated():
    report = empty_report(2020)
    report["section3"]["carried_over"]["research"] = None
    checked = with_checks(report)
    skipped = checked["checks_not_evaluated"]
    assert {(c["rule"], c["column"]) for c in skipped} == {(BALANCE, "research"), (ROW_TOTAL, "total")}
    assert all(c["ok"] is None for c in skipped)
    assert "空" in skipped[0]["detail"]
    assert all(c["ok"] is True for c in checked["checks"])


def test_staff_read_where_a_check_fails_as_the_published_tables_name_it():
    report = empty_report(2021)
    report["section3"]["withheld_state_secret"].update(commercial=1)  # its 总计 still 0
    report["section3"]["other_unpaid_fee"].update(total=1)
    report["section4"]["suit_after_review"].update(pending=1)
    report["section3"]["new_received"].update(research=1, total=1)
    lines = {describe(c, "2021") for c in run_checks(report).failing}
    table3 = "「三、收到和处理政府信息公开申请情况」"
    assert {
        f"{table3}「（三）不予公开：1.属于国家秘密」行应满足“总计=六类申请人之和”，实为 0 ≠ 0 + 1 + 0 + 0 + 0 + 0",
        f"{table3}「（六）其他处理：2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」行"
        "应满足“总计=六类申请人之和”，实为 1 ≠ 0 + 0 + 0 + 0 + 0 + 0",
        f"{table3}「法人或其他组织：科研机构」列应满足“一+二=三（七）+四”，实为 1 + 0 ≠ 0 + 0",
        "「四、政府信息公开行政复议、行政诉讼情况」「复议后起诉」栏应满足“总计=维持+纠正+其他+尚未审结”，实为 0 ≠ 0 + 0 + 0 + 1",
    } <= lines
    assert all("_" not in line and "section" not in line for line in lines)
    assert place(run_checks(report).checks[0], "2021") == f"{table3}「自然人」列"
