"""The annual report as a Word document, its tables merged like the national template."""

import io

from handlers.report.layout import Grid, section2_grid, section3_grid, section4_grid
from handlers.report.render_text import PARTS, preamble, prose, title

FONT = "仿宋_GB2312"


def _table(document, grid: Grid) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=grid.height, cols=grid.width)
    table.style = "Table Grid"
    for span in grid.spans:
        cell = table.cell(span.row, span.col)
        if span.rows > 1 or span.cols > 1:
            cell = cell.merge(table.cell(span.row + span.rows - 1, span.col + span.cols - 1))
        cell.text = span.text
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(9)


def render_docx(report: dict, drafts: dict | None = None) -> bytes:
    # python-docx loads here, not with the package: the webhook (figures questions) never renders.
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    heading = document.add_paragraph(title(report))
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.runs[0].font.size = Pt(18)
    heading.runs[0].bold = True
    document.add_paragraph(preamble(report))
    tables = {"二": section2_grid, "三": section3_grid, "四": section4_grid}
    for text, key in PARTS:
        document.add_paragraph(text).runs[0].bold = True
        if key:
            for paragraph in prose(report, drafts, key).split("\n"):
                document.add_paragraph(paragraph)
        else:
            _table(document, tables[text[0]](report))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
