"""Answering a figures question from a report dict, naming the table and row each number comes from."""

from disclosure.report.templates import (
    AMOUNT,
    APPLICANT_COLUMNS,
    MONEY,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    SIGNED,
    TEMPLATES,
)
from handlers.figures.parse import FiguresQuery

_APPLICANTS = {f.key: f.label for f in APPLICANT_COLUMNS}
_GROUPS = {f.key: f.label for f in SECTION4_GROUPS}
_OUTCOMES = {f.key: f.label for f in SECTION4_COLUMNS}


def answer_figures(query: FiguresQuery, report: dict | None, agency_name: str) -> str:
    """One or two sentences: the year, the number(s), and where in the annual report they stand.

    `report` is the report dict (report JSON contract) for `query.year`, or None when there is none;
    a missing report or a blank cell is said so, never guessed.
    """
    if not query.cells:
        return unheld(query)
    if report is None:
        return f"暂无{query.year}年的年度报告数据，无法回答。可发送“年报”了解年度报告的发布时间和查阅地址。"
    if report.get("year") != query.year:
        raise ValueError(f"问的是{query.year}年，传入的却是{report.get('year')}年的报告")
    template = TEMPLATES[report["template"]]
    source = _source(report, agency_name, query.year)
    section, *_ = query.cells[0].split(".")
    if section == "section2":
        return _section2(query.cells[0], report, template, source)
    table = "表三 收到和处理政府信息公开申请情况" if section == "section3" else "表四 行政复议、行政诉讼情况"
    heading, parts = _parts(query.cells, template)
    return f"{source}（{table}），{heading}{_describe([(label, _cell(report, p)) for label, p in parts])}"


def unheld(query: FiguresQuery) -> str:
    """A figure no table holds: said plainly, with what the report does answer, and never a number."""
    return (f"年度报告的表格里没有{query.unheld}，无法回答。\n"
            "年度报告能查到：主动公开的行政许可、处罚、强制等件数，收到和办理政府信息公开申请的件数，"
            f"行政复议和诉讼的件数。例如发送“{query.year}年收到多少申请”。")


def _source(report: dict, agency_name: str, year: int) -> str:
    """A published report is quoted as such; a tally says it was counted from the records, and when."""
    if report.get("source") not in ("tally", "mixed"):
        return f"据{agency_name}{year}年政府信息公开工作年度报告"
    if report.get("draft_as_of"):
        return f"据本系统登记的申请统计（{year}年尚未结束，截至{report['draft_as_of']}）"
    return f"据本系统登记的{agency_name}{year}年申请统计（年度报告草稿）"


def _section2(path: str, report: dict, template, source: str) -> str:
    _, row_key, *column = path.split(".")
    found = [(block, row) for block in template.section2 for row in block.rows if row.key == row_key]
    if not column or not found:
        return f"{template.document}规定的{report['year']}年度报告模板中没有这一项，无法回答。"
    block, row = found[0]
    field = next(c for c in block.columns if c.key == column[0])
    value = _cell(report, path)
    if value is None or (field.kind == MONEY and value.get("value") is None):
        return f"{source}（表二 {block.title}），{row.label}{field.label}：报告中该项为空。"
    return f"{source}（表二 {block.title}），{row.label}{field.label}为{_number(value, field)}。"


def _parts(paths: tuple[str, ...], template) -> tuple[str, list[tuple[str, str]]]:
    """A heading shared by all cells (the row, or the row group) and each cell's own label, with its path.

    Labels go down to what tells the cells apart: 法人 → one row, five columns; 不予公开 → eight rows.
    """
    keys = [path.split(".")[1:] for path in paths]
    rows = {row for row, _ in keys}
    if paths[0].startswith("section4"):
        if len(rows) == 1:
            row, column = keys[0]
            return f"{_GROUPS[row]}{_OUTCOMES[column]}", [("", paths[0])]
        return "行政诉讼", [
            (f"{_GROUPS[row]}{_OUTCOMES[column]}", path)
            for (row, column), path in zip(keys, paths, strict=True)
        ]
    if len(rows) == 1:
        row = template.row(keys[0][0])
        heading = f"{row.group}{row.label}" if row.group else row.label
        return heading, [
            ("" if column == "total" else _APPLICANTS[column], path)
            for (_, column), path in zip(keys, paths, strict=True)
        ]
    return template.row(keys[0][0]).group, [
        (template.row(row).label, path) for (row, _), path in zip(keys, paths, strict=True)
    ]


def _describe(parts: list[tuple[str, object]]) -> str:
    """ "为N件。", or each part and their sum; a blank cell stops the sum rather than being taken as 0."""
    if len(parts) == 1:
        label, value = parts[0]
        label = f"（{label}）" if label else ""
        return f"{label}：报告中该项为空。" if value is None else f"{label}为{value}件。"
    items = "，".join(
        f"{label}{'（报告中该项为空）' if value is None else f'{value}件'}" for label, value in parts
    )
    values = [value for _, value in parts]
    if any(value is None for value in values):
        return f"：{items}；因有空项，不计算合计。"
    return f"：{items}；合计{sum(values)}件。"


def _cell(report: dict, path: str):
    value = report
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _number(value, field) -> str:
    if field.kind == MONEY:
        return f"{value['value']}{value.get('unit') or '元'}"
    if field.kind == AMOUNT:
        return f"{value}万元"  # the label already names the unit
    if field.kind == SIGNED:
        return f"{value:+d}项"
    # 项目数量 counts kinds of matter (项); 处理决定、件数 count documents and cases (件).
    return f"{value}{'项' if field.key in ('last_year_items', 'items') else '件'}"
