"""The annual report as a Word document ready to publish: the GB/T 9704 page (handlers.gbt9704), tables
merged like the national template, with fixed column widths so that no row label wraps onto more than
two lines, header rows repeated on a new page, rows never split, and each heading kept with its table."""

from datetime import datetime

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from handlers import gbt9704
from handlers.report.layout import Grid, section2_grid, section3_grid, section4_grid
from handlers.report.render_text import PARTS, preamble, prose, title

CELL_MARGIN = Mm(1)
# Column widths in mm, each table 156 mm (the type area). Table 三: the widest row label, 37 characters
# ("2.申请人逾期未按收费通知要求缴纳费用、……"), takes two lines of 19 at 9 pt in 65 mm; its seven
# number columns take 10 mm each.
TABLES = {
    "二": (section2_grid, [62, 31.3, 31.3, 31.4], Pt(10.5), 0),
    "三": (section3_grid, [8, 13, 65] + [10] * 7, Pt(9), 3),
    "四": (section4_grid, [10.4] * 15, Pt(9), 3),
}


def _set(parent, tag: str, **attrs) -> None:
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)


def _cell_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(CELL_MARGIN.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _row_rules(table, header_rows: int) -> None:
    """No row breaks across pages, and every row keeps with the next, so a table that fits on a page
    moves whole to the next one rather than run over two; one longer than a page breaks where it must,
    and its header rows repeat on the new page."""
    last = len(table.rows) - 1
    for i, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        _set(trpr, "w:cantSplit")
        if i < header_rows:
            _set(trpr, "w:tblHeader")
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = i < last


def _table(document, grid: Grid, widths_mm: list[float], size, header_rows: int) -> None:
    table = document.add_table(rows=grid.height, cols=grid.width)
    table.style = "Table Grid"
    table.autofit = False
    table.alignment = 1  # centred in the type area
    widths = [Mm(w) for w in widths_mm]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    _cell_margins(table)
    for span in grid.spans:
        cell = table.cell(span.row, span.col)
        if span.rows > 1 or span.cols > 1:
            cell = cell.merge(table.cell(span.row + span.rows - 1, span.col + span.cols - 1))
        cell.text = span.text
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt = paragraph.paragraph_format
            fmt.line_spacing_rule, fmt.first_line_indent = WD_LINE_SPACING.SINGLE, Pt(0)
            for run in paragraph.runs:
                run.font.size = size
    _row_rules(table, header_rows)


def render_docx(report: dict, drafts: dict | None = None, now: datetime | None = None) -> bytes:
    agency = report["agency"]["name"]
    document = gbt9704.new_document()
    full = title(report)
    gbt9704.title(document, *((agency, full[len(agency):]) if full.startswith(agency) else (full,)))
    document.add_paragraph()
    gbt9704.body(document, preamble(report))
    for text, key in PARTS:
        gbt9704.heading(document, text)
        if key:
            for paragraph in prose(report, drafts, key).split("\n"):
                if paragraph.strip():
                    gbt9704.body(document, paragraph.strip())
        else:
            build, widths, size, header_rows = TABLES[text[0]]
            _table(document, build(report), widths, size, header_rows)
    gbt9704.properties(document, agency, title(report), now or datetime.now())
    return gbt9704.finish(document, agency)
