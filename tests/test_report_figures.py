"""Table-二 figures staff enter: keys of the year's template, values fitting their column."""

import pytest

from disclosure.report.figures import InvalidFigure, figure_field, figure_value, validate_figure
from disclosure.report.templates import TEMPLATES

T2019, T2021 = TEMPLATES["2019"], TEMPLATES["2021"]


@pytest.mark.parametrize(("template", "key", "text", "unit", "stored"), [
    (T2019, "licensing.decisions", "7,410", None, ("7410", None)),
    (T2019, "coercion.change", "-2", None, ("-2", None)),
    (T2019, "penalty.change", "+7", None, ("7", None)),
    (T2019, "procurement.amount", "12.50", "万元", ("12.5", "万元")),
    (T2019, "procurement.amount", "0", None, ("0", "元")),
    (T2021, "fees.amount_10k_yuan", "1.25", None, ("1.25", None)),
    (T2021, "regulations.in_force", "12", None, ("12", None)),
])
def test_valid_figures_are_stored_as_entered(template, key, text, unit, stored):
    assert validate_figure(template, key, text, unit) == stored


@pytest.mark.parametrize(("template", "key", "text", "unit", "message"), [
    (T2021, "procurement.items", "3", None, "不是国办公开办函〔2021〕30号模板表二中的项目"),
    (T2019, "regulations.issued", "3", None, "不是国办公开办函〔2019〕60号模板表二中的项目"),
    (T2019, "licensing.decisions", "7.5", None, "应为整数"),
    (T2019, "licensing.decisions", "-1", None, "不能为负数"),
    (T2019, "licensing.decisions", "十", None, "应为数字"),
    (T2019, "licensing.decisions", "3", "件", "是件数，不带单位"),
    (T2019, "procurement.amount", "3", "美元", "单位应为元、万元、亿元之一"),
    (T2021, "fees.amount_10k_yuan", "30000", "元", "换算为万元"),
])
def test_wrong_figures_are_refused_saying_why(template, key, text, unit, message):
    with pytest.raises(InvalidFigure, match=message):
        validate_figure(template, key, text, unit)


def test_stored_figures_become_contract_values():
    _, amount = figure_field(T2019, "procurement.amount")
    assert figure_value(amount, "12.5", "万元") == {"value": 12.5, "unit": "万元"}
    _, decisions = figure_field(T2019, "licensing.decisions")
    assert figure_value(decisions, "7410", None) == 7410 and isinstance(figure_value(decisions, "7410", None), int)
