"""Section 二 figures staff enter per year (`gongkai figures set 2020 licensing.decisions 7410`).

A key is "<row>.<column>" of table 二 in the year's template (keys of report-json.md). A value is
checked against its column's kind when entered and kept as the text staff typed, so the report
shows exactly what was entered; `figure_value` turns it into the contract's number.
"""

from decimal import Decimal, InvalidOperation

from disclosure.report.templates import AMOUNT, COUNT, DEFAULT_MONEY_UNIT, MONEY, SIGNED, Field, Template

MONEY_UNITS = ("元", "万元", "亿元")
AMOUNT_UNIT = "万元"  # 2021 template: 本年收费金额（单位：万元）


class InvalidFigure(ValueError):
    """A key not in the template, or a value that does not fit its column; the message is Chinese."""


def figure_fields(template: Template) -> dict[str, tuple[Field, Field]]:
    """Every settable key of `template`'s table 二 with its (row, column)."""
    return {f"{row.key}.{col.key}": (row, col)
            for block in template.section2 for row in block.rows for col in block.columns}


def figure_field(template: Template, key: str) -> tuple[Field, Field]:
    fields = figure_fields(template)
    if key not in fields:
        raise InvalidFigure(f"“{key}”不是{template.document}模板表二中的项目。可用的项目有：{'、'.join(fields)}")
    return fields[key]


def _decimal(text: str, label: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise InvalidFigure(f"{label}应为数字，收到“{text}”") from None
    if not value.is_finite():
        raise InvalidFigure(f"{label}应为数字，收到“{text}”")
    return value


def validate_figure(template: Template, key: str, text: str, unit: str | None) -> tuple[str, str | None]:
    """The (value text, unit) to store for `key`; InvalidFigure says what is wrong."""
    row, col = figure_field(template, key)
    label = f"{row.label}“{col.label}”"
    value = _decimal(text, label)
    if col.kind == MONEY:
        unit = unit or DEFAULT_MONEY_UNIT
        if unit not in MONEY_UNITS:
            raise InvalidFigure(f"{label}的单位应为{'、'.join(MONEY_UNITS)}之一，收到“{unit}”")
    elif col.kind == AMOUNT:
        if unit not in (None, AMOUNT_UNIT):
            raise InvalidFigure(f"{label}按模板以万元为单位填写，请换算为万元后再填，不要指定单位“{unit}”")
        unit = None
    elif unit is not None:
        raise InvalidFigure(f"{label}是件数，不带单位")
    if col.kind in (COUNT, SIGNED) and value != value.to_integral_value():
        raise InvalidFigure(f"{label}应为整数，收到“{text}”")
    if value < 0 and col.kind != SIGNED:
        raise InvalidFigure(f"{label}不能为负数，收到“{text}”（只有“本年增/减”可以为负）")
    return _plain(value), unit


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def figure_value(col: Field, text: str, unit: str | None):
    """The contract's value of a stored figure: a number, or {"value", "unit"} for money."""
    if col.kind == MONEY:
        return {"value": _number(text), "unit": unit or DEFAULT_MONEY_UNIT}
    return _number(text)
