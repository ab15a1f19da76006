"""The published page as an agency's Word file: its paragraphs, and its tables with their merged cells."""

from html.parser import HTMLParser

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks = []
        self.cell = None
        self.text = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.blocks.append([])
        elif tag == "tr":
            self.blocks[-1].append([])
        elif tag == "td":
            self.cell = ["", int(a.get("rowspan", 1)), int(a.get("colspan", 1))]
        elif tag == "p":
            self.text = ""

    def handle_endtag(self, tag):
        if tag == "td":
            self.blocks[-1][-1].append(tuple(self.cell))
            self.cell = None
        elif tag == "p":
            self.blocks.append(self.text)
            self.text = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data.replace("\xa0", "")
        elif self.text is not None:
            self.text += data


def grid(rows):
    """Place cells with spans on a grid: [(r, c, text, rs, cs)]."""
    taken, placed = set(), []
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, text, rs, cs))
            for i in range(rs):
                for j in range(cs):
                    taken.add((r + i, c + j))
            c += cs
    return placed, len(rows), max(c + cs for _, c, _, _, cs in placed)


def build(html_path, out, centred=False):
    """The Word file; `centred`: every table cell centred, as the published page centres its numbers."""
    page = Page()
    page.feed(open(html_path, encoding="utf-8").read())
    doc = Document()
    sec = doc.sections[0]
    sec.left_margin = sec.right_margin = Cm(2)
    st = doc.styles["Normal"]
    st.font.name = "Noto Serif CJK SC"
    st.font.size = Pt(11)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for block in page.blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        placed, h, w = grid(block)
        t = doc.add_table(rows=h, cols=w)
        t.style = "Table Grid"
        t.autofit = True
        for r, c, text, rs, cs in placed:
            cell = t.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
            cell.text = text
            for p in cell.paragraphs:
                if centred:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in p.runs:
                    run.font.size = Pt(9)
    doc.save(out)


if __name__ == "__main__":
    import sys

    build(sys.argv[1], sys.argv[2])
