"""The report's three tables laid out like the national template: cells with their merged spans.

One layout serves every rendering: Word and Excel merge the spans, plain text writes each grid row
tab-separated with merged cells left empty (as text copied from a published report looks).
"""

from dataclasses import dataclass

from disclosure.report.templates import (
    APPLICANT_COLUMNS,
    MONEY,
    ORGANISATIONS,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    SIGNED,
    TEMPLATES,
    Field,
)

SECTION3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_HEADING = "三、本年度办理结果"
SECTION2_WIDTH = 4


@dataclass(frozen=True)
class Span:
    row: int
    col: int
    text: str
    value: int | float | None = None  # the number behind `text`, for spreadsheets
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Grid:
    spans: list[Span]
    width: int

    @property
    def height(self) -> int:
        return max(s.row + s.rows for s in self.spans)

    def text_rows(self) -> list[list[str]]:
        """Each grid row's cells; a cell merged across columns is one cell, one merged down from
        above is left empty (as a copy of the published table reads, and as docx_text reads Word)."""
        rows: list[list[str | None]] = [[""] * self.width for _ in range(self.height)]
        for s in self.spans:
            for r in range(s.row, s.row + s.rows):
                rows[r][s.col + 1:s.col + s.cols] = [None] * (s.cols - 1)
            rows[s.row][s.col] = s.text
        return [[cell for cell in row if cell is not None] for row in rows]


def cell_value(cell, field: Field):
    return cell["value"] if field.kind == MONEY else cell


def fmt(value, field: Field | None = None) -> str:
    """A published blank stays blank; 本年增/减 carries its sign."""
    if value is None:
        return ""
    if field is not None and field.kind == SIGNED and value > 0:
        return f"+{value}"
    return str(value)


def column_header(field: Field, section2: dict, row_keys) -> str:
    if field.kind != MONEY:
        return field.label
    unit = next(section2[k][field.key]["unit"] for k in row_keys)
    return f"{field.label}（单位：{unit}）"


def section2_grid(report: dict) -> Grid:
    section2, spans, r = report["section2"], [], 0
    for block in TEMPLATES[report["template"]].section2:
        spans.append(Span(r, 0, block.title, cols=SECTION2_WIDTH))
        widths = [1] * (len(block.columns) - 1) + [SECTION2_WIDTH - len(block.columns)]
        spans.append(Span(r + 1, 0, "信息内容"))
        data_rows = [(r + 2 + i, row) for i, row in enumerate(block.rows)]
        col = 1
        for field, width in zip(block.columns, widths, strict=True):
            spans.append(Span(r + 1, col, column_header(field, section2, [row.key for row in block.rows]), cols=width))
            for y, row in data_rows:
                value = cell_value(section2[row.key][field.key], field)
                spans.append(Span(y, col, fmt(value, field), value, cols=width))
            col += width
        spans += [Span(y, 0, row.label) for y, row in data_rows]
        r += 2 + len(block.rows)
    return Grid(spans, SECTION2_WIDTH)


def section3_grid(report: dict) -> Grid:
    rows = TEMPLATES[report["template"]].section3
    spans = [Span(0, 0, SECTION3_NOTE, rows=3, cols=3), Span(0, 3, "申请人情况", cols=7),
             Span(1, 3, "自然人", rows=2), Span(1, 4, ORGANISATIONS, cols=5), Span(1, 9, "总计", rows=2)]
    spans += [Span(2, 4 + i, c.label) for i, c in enumerate(APPLICANT_COLUMNS[1:6])]
    results = [r for r in rows if r.is_result]
    for y, row in enumerate(rows, start=3):
        if not row.is_result:
            spans.append(Span(y, 0, row.label, cols=3))
        elif not row.group:
            spans.append(Span(y, 1, row.label, cols=2))
        else:
            members = [r for r in rows if r.group == row.group]
            if row is members[0]:
                spans.append(Span(y, 1, row.group, rows=len(members)))
            spans.append(Span(y, 2, row.label))
        if row is results[0]:
            spans.append(Span(y, 0, RESULTS_HEADING, rows=len(results)))
        cells = report["section3"][row.key]
        spans += [Span(y, 3 + i, fmt(cells[c.key]), cells[c.key]) for i, c in enumerate(APPLICANT_COLUMNS)]
    return Grid(spans, 10)


def section4_grid(report: dict) -> Grid:
    spans = [Span(0, 0, "行政复议", cols=5), Span(0, 5, "行政诉讼", cols=10)]
    spans += [Span(1, i, c.label, rows=2) for i, c in enumerate(SECTION4_COLUMNS)]
    spans += [Span(1, 5 * g, group.label, cols=5) for g, group in enumerate(SECTION4_GROUPS) if g]
    spans += [Span(2, 5 * g + i, c.label) for g in (1, 2) for i, c in enumerate(SECTION4_COLUMNS)]
    for g, group in enumerate(SECTION4_GROUPS):
        cells = report["section4"][group.key]
        spans += [Span(3, 5 * g + i, fmt(cells[c.key]), cells[c.key]) for i, c in enumerate(SECTION4_COLUMNS)]
    return Grid(spans, 15)
