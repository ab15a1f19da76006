"""Importing a published annual report (text copied from a web page, PDF or Word) into the contract.

    result = parse_report(text)
    result.report     # dict in the shape of report-json.md, source "imported", checks filled in
    result.warnings   # what the reader had to decide (split digits, template, page junk), in Chinese
    result.uncertain  # cells left null because the text allows several readings

A text that is not a report, or a table that cannot be read, raises ReportImportError naming the line.
"""

import re
from dataclasses import dataclass, field

from disclosure.report.checks import with_checks
from disclosure.report.templates import TEMPLATES, Template, template_for_year
from handlers.report.document import Document, ReportImportError
from handlers.report.sections import read_section2, read_section3, read_section4

_NUMBERING = r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[、.])?"
HEADINGS = {
    "二": "主动公开政府信息(?:情况)?",
    "三": "收到和处理政府信息公开申请(?:情况)?",
    "四": "政府信息公开行政复议[、,]?行政诉讼(?:情况)?",
    "五": "存在的主要问题",
    "六": "其他需要报告的事项",
}
TABLE_PARTS = ("二", "三", "四")
TABLE_PART_NAMES = {"二": "主动公开政府信息情况", "三": "收到和处理政府信息公开申请情况",
                    "四": "政府信息公开行政复议、行政诉讼情况"}
_MARKERS = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "缴纳费用"),
    "2019": ("本年新制作数量", "本年新公开数量", "上一年项目数量", "采购项目数量", "政府集中采购"),
}
_TITLE = re.compile(r"年度?报告|年报")
_YEAR = re.compile(r"(20\d{2})年")
_PERIOD_YEAR = re.compile(r"(20\d{2})年1月1日")


@dataclass
class ImportResult:
    report: dict
    warnings: list[str] = field(default_factory=list)
    uncertain: list[dict] = field(default_factory=list)  # {"section","row","column","line","candidates"}


def _compact(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _headings(doc: Document) -> dict[str, int]:
    """Line index (0-based) of each part's heading; a heading numbered as expected wins."""
    found = {}
    for numeral, phrase in HEADINGS.items():
        pattern = re.compile(_NUMBERING + phrase)
        lines = [i for i, line in enumerate(doc.lines) if pattern.match(_compact(line))]
        numbered = [i for i in lines if _compact(doc.lines[i]).startswith(numeral)]
        if numbered or lines:
            found[numeral] = (numbered or lines)[0]
    return found


def _title(doc: Document, before: int) -> int | None:
    return next((i for i, line in enumerate(doc.lines[:before])
                 if "政府信息公开" in _compact(line) and _TITLE.search(_compact(line))), None)


def _agency_and_year(doc: Document, title: int | None, before: int) -> tuple[str, int]:
    head = _compact(doc.lines[title]) if title is not None else ""
    year = _YEAR.search(head) or next(filter(None, (_PERIOD_YEAR.search(_compact(line))
                                                   for line in doc.lines[:before])), None)
    if not year:
        line = title + 1 if title is not None else doc.first_content_line()
        raise ReportImportError(line, "标题和正文开头都没有写明报告年度（如“2020年”）")
    name = _YEAR.sub("", head.replace("年度", "年"), count=1)
    name = re.sub(r"政府信息公开工作年度?报告|政府信息公开年度?报告|年报", "", name)
    name = re.sub(r"^关于|关于$|的$", "", name)
    if not name and title:  # the agency on a line of its own above "2020年政府信息公开工作年度报告"
        name = _compact(doc.lines[title - 1]) if len(_compact(doc.lines[title - 1])) < 30 else ""
    return name, int(year.group(1))


def _template(doc: Document, year: int, start: int, end: int, warnings: list[str]) -> Template:
    table = _compact(doc.text[start:end])
    seen = {name: sum(m in table for m in markers) for name, markers in _MARKERS.items()}
    by_year = template_for_year(year)
    if bool(seen["2021"]) == bool(seen["2019"]):
        warnings.append(f"表格未能判断所用模板，按{year}年度推定为{by_year.document}模板")
        return by_year
    found = TEMPLATES["2021" if seen["2021"] else "2019"]
    if found is not by_year:
        warnings.append(f"{year}年度报告应使用{by_year.document}模板，表格实际使用{found.document}模板，按表格读取")
    return found


def parse_report(text: str) -> ImportResult:
    """Read a published report; see the module docstring."""
    doc = Document(text)
    heads = _headings(doc)
    missing = [n for n in TABLE_PARTS if n not in heads]
    title = _title(doc, heads.get("二", len(doc.lines)))
    if title is None and len(missing) == 3:
        line = doc.first_content_line()
        raise ReportImportError(line, f"“{doc.line_text(line)[:30]}”不像政府信息公开工作年度报告："
                                      "全文没有年度报告标题，也没有“二、主动公开政府信息情况”等部分")
    if missing:
        earlier = TABLE_PARTS[:TABLE_PARTS.index(missing[0])]
        after = max((heads[n] for n in earlier if n in heads), default=title or 0)
        raise ReportImportError(after + 1, f"此行之后找不到“{missing[0]}、{TABLE_PART_NAMES[missing[0]]}”部分")
    agency, year = _agency_and_year(doc, title, heads["二"])
    starts = {n: doc.line_start(i + 1) for n, i in heads.items()}
    s4_end = min((starts[n] for n in ("五", "六") if n in starts and starts[n] > starts["四"]), default=len(doc.text))
    warnings: list[str] = []
    template = _template(doc, year, starts["二"], starts["四"], warnings)
    section2, unsure2, notes2 = read_section2(doc, template, starts["二"], starts["三"])
    section3, unsure3, notes3 = read_section3(doc, template, starts["三"], starts["四"])
    section4, unsure4, notes4 = read_section4(doc, starts["四"], s4_end)
    report = {
        "agency": {"code": None, "name": agency},
        "year": year,
        "template": template.name,
        "source": "imported",
        "section2": section2,
        "section3": section3,
        "section4": section4,
    }
    uncertain = unsure2 + unsure3 + unsure4
    warnings += notes2 + notes3 + notes4
    warnings += [f"第{u['line']}行：无法确定{u['row']}/{u['column']}（可能是{'或'.join(map(str, u['candidates']))}），留空待核"
                 for u in uncertain]
    return ImportResult(with_checks(report), warnings, uncertain)
