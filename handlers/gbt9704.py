"""The official document layout of GB/T 9704-2012 (党政机关公文格式), for every Word file we produce.

A4; top margin 37 mm, left 28 mm, type area 156 mm x 225 mm (so right 26 mm, bottom 35 mm); body in
3号 (16 pt) 仿宋 with 22 lines of 28 characters a page; titles in 2号 (22 pt) 小标宋; headings of the first
level in 黑体; page numbers "— 1 —" in 4号 (14 pt) 宋体. Fonts are named as Chinese offices have them
(仿宋_GB2312, 方正小标宋简体); Word and LibreOffice substitute where a machine lacks one.
"""

import io
import re
import zipfile
from datetime import datetime

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT, TITLE_FONT, HEADING_FONT, PAGE_FONT, LATIN_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "宋体", "Times New Roman"
BODY_SIZE, TITLE_SIZE, PAGE_SIZE = Pt(16), Pt(22), Pt(14)
# 225 mm / 22 lines = 28.98 pt; 156 mm / 28 characters = 15.79 pt, so each 16 pt character is set 0.25 pt
# closer (w:spacing is in twentieths of a point).
LINE_PITCH, CHAR_SPACING = Pt(28.95), -5
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}


def set_font(element_rpr_owner, east_asia: str, size=None, bold: bool | None = None) -> None:
    """Name the East Asian font (the one Chinese text uses) and the Latin one of a run or a style."""
    font = element_rpr_owner.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    rpr = element_rpr_owner.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _char_spacing(style) -> None:
    rpr = style.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING))
    rpr.append(spacing)


def new_document() -> Document:
    """An empty A4 document with the GB/T 9704 page and the body style."""
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, value in MARGINS.items():
        setattr(section, name, value)
    section.footer_distance = Mm(28) - Pt(14)  # the page number sits 7 mm below the type area
    style = document.styles["Normal"]
    set_font(style, BODY_FONT, BODY_SIZE)
    _char_spacing(style)
    fmt = style.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    _page_numbers(section)
    return document


def _field(run, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("— ", None, " —"):
        run = paragraph.add_run(text or "")
        set_font(run, PAGE_FONT, PAGE_SIZE)
        if text is None:
            _field(run, "PAGE")


def title(document, *lines: str) -> None:
    """A title in 小标宋; several lines break where the caller says, so that no word is split (GB/T 9704
    7.3.3: 回行时要做到词意完整)."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.line_spacing = Pt(36)
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        set_font(run, TITLE_FONT, TITLE_SIZE)
        if i < len(lines) - 1:
            run.add_break()


def heading(document, text: str) -> None:
    """A first-level heading (一、…) in 黑体, kept on the page of what follows it."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    paragraph.paragraph_format.keep_with_next = True
    set_font(paragraph.add_run(text), HEADING_FONT)


def body(document, text: str, indent: bool = True, align=None, right_chars: float = 0):
    paragraph = document.add_paragraph(text)
    if indent:
        paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2
    if align is not None:
        paragraph.alignment = align
    if right_chars:
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * right_chars)
    return paragraph


def text_width(text: str) -> float:
    """Width in full-width characters: digits and Latin letters count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def properties(document, author: str, title_text: str, moment: datetime) -> None:
    """Name the agency, not the library, as the document's author (Word shows it under File > Info)."""
    core = document.core_properties
    core.author = core.last_modified_by = author
    core.title, core.subject, core.comments, core.keywords = title_text, "", "", ""
    core.created = core.modified = moment.replace(tzinfo=None, microsecond=0)
    core.revision = 1
    core.language = "zh-CN"


def finish(document, company: str) -> bytes:
    """The .docx bytes, without python-docx's sample thumbnail and with the agency as the company."""
    raw = io.BytesIO()
    document.save(raw)
    source, out = zipfile.ZipFile(raw), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "docProps/thumbnail.jpeg":
                continue
            data = source.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = _app_properties(data, company)
            elif item.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = re.sub(rb"<(Relationship|Override|Default)[^>]*(thumbnail|jpeg)[^>]*/>", b"", data)
            target.writestr(item, data)
    return out.getvalue()


def _app_properties(data: bytes, company: str) -> bytes:
    text = data.decode()
    text = re.sub(r"<Application>.*?</Application>", "<Application>gongkai</Application>", text)
    text = text.replace("<Company/>", f"<Company>{_xml(company)}</Company>")
    return text.encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
