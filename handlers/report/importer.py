"""Importing a published annual report (text copied from a web page, PDF or Word) into the contract.

    result = parse_report(text)
    result.report     # dict in the shape of report-json.md, source "imported", checks filled in
    result.warnings   # what the reader had to decide (split digits, template, page junk), in Chinese
    result.uncertain  # cells left null because the text allows several readings
    result.report["prose"]  # the report's own 一、五、六 as published: {"overview", "problems", "other"}

A text that is not a report, or a table that cannot be read, raises ReportImportError naming the line.
"""

from dataclasses import dataclass, field

from disclosure.report.checks import with_checks
from disclosure.report.templates import TEMPLATES, Template, names, template_for_year
from handlers.report.document import Document, ReportImportError
from handlers.report.heading import agency_and_year, read_title
from handlers.report.parts import PART_NAMES, find_headings, part_spans, read_prose
from handlers.report.sections import read_section2, read_section3, read_section4

TABLE_PARTS = ("二", "三", "四")
_MARKERS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用"),
    "2019": ("本年新制作数量", "本年新公开数量", "上一年项目数量", "采购项目数量", "政府集中采购"),
}


@dataclass
class ImportResult:
    report: dict
    warnings: list[str] = field(default_factory=list)
    uncertain: list[dict] = field(default_factory=list)  # {"section","row","column","line","candidates"}


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
    title = read_title(doc, _tables_start(doc, heads))
    if title is None and len(missing) == 3:
        line = doc.first_content_line()
        raise ReportImportError(line, f"“{doc.line_text(line)[:30]}”不像政府信息公开工作年度报告："
                                      "全文没有年度报告标题，也没有“二、主动公开政府信息情况”等部分")
    if missing:
        earlier = [heads[n].end for n in TABLE_PARTS[:TABLE_PARTS.index(missing[0])] if n in heads]
        after = doc.line_of(max(earlier, default=doc.line_start(title.line) if title else 0))
        raise ReportImportError(after, f"此行之后找不到“{missing[0]}、{PART_NAMES[missing[0]]}”部分")
    agency, year = agency_and_year(doc, title, heads["二"].start)
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
    warnings += _undecided(uncertain, template)
    return ImportResult(with_checks(report), warnings, uncertain)


def _undecided(uncertain: list[dict], template: Template) -> list[str]:
    """One line per row with cells that several readings leave open (rows with none read have a note)."""
    printed = names(template)
    open_cells: dict[tuple, list[str]] = {}
    for u in (u for u in uncertain if u["candidates"]):
        shown = "或".join("空" if v is None else str(v) for v in u["candidates"])
        open_cells.setdefault((u["line"], u["section"], u["row"]), []).append(
            f"{printed[u['section']][1][u['column']]}（{shown}）")
    return [f"第{line}行：“{printed[section][0][row]}”一行无法确定{'、'.join(cells)}，留空待核"
            for (line, section, row), cells in open_cells.items()]
