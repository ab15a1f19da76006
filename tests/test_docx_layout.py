"""Every Word file we write, opened with python-docx: the GB/T 9704 page (A4, 37/35/28/26 mm margins),
the named fonts and sizes, the parts of each document; the annual report's tables laid out to publish."""

import io
import math
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from disclosure.letters import Kind
from disclosure.outcomes import Outcome
from handlers.gbt9704 import text_width
from handlers.letters.render_docx import render_docx as letter_docx
from handlers.letters.template_admin import sample_document
from handlers.report import parse_report
from handlers.report.docx_output import CELL_MARGIN
from handlers.report.docx_output import render_docx as report_docx

SAMPLES = Path(__file__).parent / "data"
NOW = datetime(2026, 3, 31, 10, 0)
KINDS = [(k, Outcome.OTHER_UNPAID_FEE if k is Kind.ABANDONED else Outcome.WITHHELD_THIRD_PARTY) for k in Kind]


def east_asian(run_or_style) -> str:
    return run_or_style.element.rPr.rFonts.get(qn("w:eastAsia"))


def assert_official_page(document) -> None:
    section = document.sections[0]

    def mm(*lengths):  # Word keeps lengths in twips: compare to a tenth of a millimetre
        return tuple(round(length.mm, 1) for length in lengths)
    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.bottom_margin, section.left_margin, section.right_margin) == (37, 35, 28, 26)
    normal = document.styles["Normal"]
    assert east_asian(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)  # 3号仿宋
    assert round(normal.paragraph_format.line_spacing.pt, 2) == 28.95  # 22 lines in 225 mm


@pytest.mark.parametrize(("kind", "outcome"), KINDS, ids=[k.value for k, _ in KINDS])
def test_each_kind_of_document_in_the_official_layout(kind, outcome):
    content = sample_document(kind, outcome)
    data = letter_docx(content, NOW)
    document = Document(io.BytesIO(data))
    assert_official_page(document)
    paragraphs = [p.text for p in document.paragraphs]
    title = document.paragraphs[0]
    assert title.text == f"{content['agency']}\n{content['title']}"
    assert {east_asian(r) for r in title.runs} == {"方正小标宋简体"} and title.runs[0].font.size == Pt(22)
    assert paragraphs[1] == content["serial"]  # the number line under the heading
    assert content["addressee"] in paragraphs
    for part in content["paragraphs"] + [content["signature"], content["date"], *content["notes"]]:
        assert part in paragraphs
    assert "2026年3月31日" in paragraphs  # Arabic numerals
    if kind in (Kind.ANSWER, Kind.ABANDONED, Kind.FEE, Kind.THIRD_PARTY_NOTICE):
        assert content["remedies"] in paragraphs
    footer = document.sections[0].footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.text.startswith("— ")
    core = document.core_properties
    assert core.author == core.last_modified_by == content["agency"] and "python-docx" not in core.comments
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "docProps/thumbnail.jpeg" not in names


@pytest.fixture(scope="module")
def report():
    return parse_report((SAMPLES / "report_2021_jiangcheng.txt").read_text(encoding="utf-8")).report


def test_the_annual_report_is_laid_out_to_publish(report):
    data = report_docx(report, now=NOW)
    document = Document(io.BytesIO(data))
    assert_official_page(document)
    assert document.core_properties.author == "江城市生态环境局"
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "<Company>江城市生态环境局</Company>" in app and "Microsoft" not in app
    headings = [p for p in document.paragraphs if p.text.startswith(("二、", "三、", "四、"))]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)
    table3 = document.tables[1]
    rows = table3.rows
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert [r._tr.trPr.find(qn("w:tblHeader")) is not None for r in rows[:4]] == [True, True, True, False]
    assert round(sum(c.width for c in table3.columns) / Mm(1)) == 156  # the type area's width


def test_no_row_label_of_table_three_takes_more_than_two_lines(report):
    table3 = Document(io.BytesIO(report_docx(report, now=NOW))).tables[1]
    labels = 0
    for row in table3.rows[3:]:
        cells = row._tr.tc_lst
        label = cells[-8]  # the cell before the seven numbers
        text = "".join(t.text for t in label.iter(qn("w:t")))
        width = label.tcPr.tcW.w - 2 * CELL_MARGIN
        per_line = math.floor(width / Pt(9))
        assert math.ceil(text_width(text) / per_line) <= 2, text
        labels += 1
    assert labels >= 20
