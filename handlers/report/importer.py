"""Importing a published annual report (text copied from a web page, PDF or Word) into the contract.

    result = parse_report(text)
    result.report     # dict in the shape of report-json.md, source "imported", checks filled in
    result.warnings   # what the reader had to decide (split digits, template, page junk), in Chinese
    result.uncertain  # cells left null because the text allows several readings
    result.report["prose"]  # the report's own 一、五、六 as published: {"overview", "problems", "other"}

A text that is not a report, or a table that cannot be read, raises ReportImportError naming the line.
"""

import re
from dataclasses import dataclass, field

from disclosure.report.checks import with_checks
from disclosure.report.templates import TEMPLATES, Template, template_for_year
from handlers.report.document import Document, ReportImportError
from handlers.report.parts import PART_NAMES, find_headings, part_spans, read_prose
from handlers.report.sections import read_section2, read_section3, read_section4

TABLE_PARTS = ("二", "三", "四")
_MARKERS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用"),
    "2019": ("本年新制作数量", "本年新公开数量", "上一年项目数量", "采购项目数量", "政府集中采购"),
}
_TITLE = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:报告|年报)")
_YEAR = re.compile(r"(20\d{2})年")
_PERIOD_YEAR = re.compile(r"(20\d{2})年1月1日")
_NAME_CUT = re.compile(r".*[>》：:|。、]")  # page furniture before the title on a one-line copy


@dataclass
class ImportResult:
    report: dict
    warnings: list[str] = field(default_factory=list)
    uncertain: list[dict] = field(default_factory=list)  # {"section","row","column","line","candidates"}


def _title(doc: Document, before: int) -> tuple[int, str] | None:
    """(line, compact text) of the title: from its line's start (or the short line above) to 年度报告."""
    match = doc.find(_TITLE, 0, before)
    if not match:
        return None
    start, end = doc.span(match)
    line = doc.line_of(start)
    first = doc.line_start(line)
    above = doc.lines[line - 2].strip() if line > 1 else ""
    if not _YEAR.search(re.sub(r"\s", "", doc.text[first:start])) and 0 < len(above) < 30:
        first = doc.line_start(line - 1)  # the agency on a line of its own above the title
    return line, re.sub(r"[\s|]", "", doc.text[first:end])


def _agency_and_year(doc: Document, title: tuple[int, str] | None, before: int) -> tuple[str, int]:
    head = title[1] if title else ""
    year = _YEAR.search(head) or _PERIOD_YEAR.search(doc.compact[:doc.compact_pos(before)])
    if not year:
        line = title[0] + 1 if title else doc.first_content_line()
        raise ReportImportError(line, "标题和正文开头都没有写明报告年度（如“2020年”）")
    name = _YEAR.sub("", _TITLE.sub("", head).replace("年度", "年"), count=1)
    name = _NAME_CUT.sub("", name)
    name = re.sub(r"^关于|关于$|的$|^#+", "", name)
    return name, int(year.group(1))


def _template(doc: Document, year: int, start: int, end: int, warnings: list[str]) -> Template:
    table = doc.compact[doc.compact_pos(start):doc.compact_pos(end)]
    seen = {name: sum(m in table for m in markers) for name, markers in _MARKERS.items()}
    by_year = template_for_year(year)
    if bool(seen["2021"]) == bool(seen["2019"]):
        warnings.append(f"表格未能判断所用模板，按{year}年度推定为{by_year.document}模板")
        return by_year
    found = TEMPLATES["2021" if seen["2021"] else "2019"]
    if found is not by_year:
        warnings.append(f"{year}年度报告应使用{by_year.document}模板，表格实际使用{found.document}模板，按表格读取")
    return found


def _tables_start(doc: Document, heads: dict) -> int:
    return heads["一"].end if "一" in heads else heads["二"].start if "二" in heads else len(doc.text)


def parse_report(text: str) -> ImportResult:
    """Read a published report; see the module docstring."""
    doc = Document(text)
    heads = find_headings(doc)
    missing = [n for n in TABLE_PARTS if n not in heads]
    title = _title(doc, _tables_start(doc, heads))
    if title is None and len(missing) == 3:
        line = doc.first_content_line()
        raise ReportImportError(line, f"“{doc.line_text(line)[:30]}”不像政府信息公开工作年度报告："
                                      "全文没有年度报告标题，也没有“二、主动公开政府信息情况”等部分")
    if missing:
        earlier = [heads[n].end for n in TABLE_PARTS[:TABLE_PARTS.index(missing[0])] if n in heads]
        after = doc.line_of(max(earlier, default=doc.line_start(title[0]) if title else 0))
        raise ReportImportError(after, f"此行之后找不到“{missing[0]}、{PART_NAMES[missing[0]]}”部分")
    agency, year = _agency_and_year(doc, title, _tables_start(doc, heads))
    spans = part_spans(doc, heads)
    warnings: list[str] = []
    template = _template(doc, year, spans["二"][0], spans["三"][1], warnings)
    section2, unsure2, notes2 = read_section2(doc, template, *spans["二"])
    section3, unsure3, notes3 = read_section3(doc, template, *spans["三"])
    section4, unsure4, notes4 = read_section4(doc, *spans["四"])
    report = {
        "agency": {"code": None, "name": agency},
        "year": year,
        "template": template.name,
        "source": "imported",
        "section2": section2,
        "section3": section3,
        "section4": section4,
        "prose": read_prose(doc, spans),
    }
    uncertain = unsure2 + unsure3 + unsure4
    warnings += notes2 + notes3 + notes4
    warnings += [f"第{u['line']}行：无法确定{u['row']}/{u['column']}（可能是{'或'.join(map(_shown, u['candidates']))}），留空待核"
                 for u in uncertain]
    return ImportResult(with_checks(report), warnings, uncertain)


def _shown(value) -> str:
    return "空" if value is None else str(value)
