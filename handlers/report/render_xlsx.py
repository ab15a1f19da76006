"""The annual report's tables as an Excel workbook: one sheet per table, merged like the template.

Numbers are stored as numbers (blank cells stay empty), so the workbook can be summed and checked.
"""

import io

from handlers.report.layout import Grid, section2_grid, section3_grid, section4_grid
from handlers.report.render_text import title

SHEETS = (
    ("二、主动公开", section2_grid),
    ("三、依申请公开", section3_grid),
    ("四、复议诉讼", section4_grid),
)
HEADER_ROWS = 2  # the report's title, then a blank row, above each table


def _fill(sheet, grid: Grid, caption: str) -> None:
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.cell(1, 1, caption)
    for r in range(grid.height):
        for c in range(grid.width):
            cell = sheet.cell(HEADER_ROWS + 1 + r, c + 1)
            cell.border, cell.alignment = border, centred
    for span in grid.spans:
        row, col = HEADER_ROWS + 1 + span.row, span.col + 1
        sheet.cell(row, col, span.text if span.value is None and span.text else span.value)
        if span.rows > 1 or span.cols > 1:
            sheet.merge_cells(start_row=row, start_column=col,
                              end_row=row + span.rows - 1, end_column=col + span.cols - 1)
    sheet.column_dimensions["A"].width = 24


def render_xlsx(report: dict) -> bytes:
    # openpyxl loads here, not with the package: the webhook (figures questions) never renders.
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, grid in SHEETS:
        _fill(workbook.create_sheet(name), grid(report), f"{title(report)}（{name}）")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
