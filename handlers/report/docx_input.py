"""Reading a report published as .docx: paragraphs and table rows in document order, as text.

Table cells become tab-separated; a merged cell is written once, at its top-left. A cell merged
across columns counts once in its row, as it looks; one merged down from the row above is left
empty, which is how text copied from the published table looks.
"""

import io

from handlers.report.importer import ImportResult, parse_report


def _row_texts(table) -> list[str]:
    lines, above = [], []
    for row in table.rows:
        cells, seen = [], set()
        for i, cell in enumerate(row.cells):
            if id(cell._tc) in seen:
                continue  # the same cell, merged across columns
            seen.add(id(cell._tc))
            from_above = i < len(above) and above[i] is cell._tc
            cells.append("" if from_above else cell.text.replace("\n", ""))
        above = [cell._tc for cell in row.cells]
        lines.append("\t".join(cells))
    return lines


def docx_text(data: bytes) -> str:
    """The text of a .docx: paragraphs and table rows in the order they appear."""
    # python-docx loads here, not with the package: the webhook (figures questions) never reads .docx.
    from docx import Document
    from docx.table import Table

    document = Document(io.BytesIO(data))
    lines = []
    for block in document.iter_inner_content():
        lines += _row_texts(block) if isinstance(block, Table) else [block.text]
    return "\n".join(lines)


def parse_report_docx(data: bytes) -> ImportResult:
    return parse_report(docx_text(data))
