"""The report's title: the agency and the year, wherever a copy put their lines.

Published titles break anywhere: "铜川市耀州区审计局" over "2020年政府信息公开工作年度报告", the
year at the end of the first line and 政府信息公开… on the second, a page title without the agency
above the real one ("2022年政府信息公开工作年度报告" / "桃江县松木塘镇人民政府" / "2022年…"), or
breadcrumbs before it ("首页/ 政府信息公开 / 政府信息公开年报 / … / 正文"). Each title found before
the tables is read with its own line and, where that line lacks the agency or the year, the short
line above (a blank line between them is skipped); the first that names both is the title.
"""

import re
from dataclasses import dataclass

from handlers.report.document import Document, ReportImportError

TITLE = re.compile(r"政府信息公开(?:工作)?(?:20\d{2}年)?(?:年度)?(?:报告|年报)")
_YEAR = re.compile(r"(20\d{2})年")
_PERIOD_YEAR = re.compile(r"(20\d{2})年1月1日")
_NAME_CUT = re.compile(r".*[>》：:|。、/]")  # page furniture and breadcrumbs before the title
_SHORT = 30  # characters at most of a line holding only the agency's name
_SENTENCE = re.compile(r"[,;《》()]")  # punctuation of a sentence that merely mentions a report


@dataclass(frozen=True)
class Title:
    line: int
    agency: str
    year: int | None


def _read(text: str) -> tuple[str, int | None]:
    """(agency, year) of a title's text; the agency "" where the text is a sentence, not a title."""
    year = _YEAR.search(text)
    name = _YEAR.sub("", TITLE.sub("", text).replace("年度", "年"), count=1)
    name = re.sub(r"^关于|关于$|的$|^#+", "", _NAME_CUT.sub("", name))
    return ("" if len(name) >= _SHORT or _SENTENCE.search(name) else name), int(year.group(1)) if year else None


def _titles(doc: Document, before: int):
    """Each title before text position `before`, read from its line, then with the line above."""
    pos = 0
    while match := doc.find(TITLE, pos, before):
        start, end = doc.span(match)
        line = doc.line_of(start)
        own = re.sub(r"[\s|]", "", doc.text[doc.line_start(line):end])
        above = next((doc.lines[i].strip() for i in (line - 2, line - 3) if i >= 0 and doc.lines[i].strip()), "")
        agency, year = _read(own)
        if (not agency or year is None) and 0 < len(above) < _SHORT:
            agency, year = _read(re.sub(r"[\s|]", "", above) + own)
        yield Title(line, agency, year)
        pos = end


def read_title(doc: Document, before: int) -> Title | None:
    """The report's title before text position `before` (where the tables start), or None."""
    titles = list(_titles(doc, before))
    return next((t for t in titles if t.agency and t.year), None) or next(
        (t for t in titles if t.year), titles[0] if titles else None)


def agency_and_year(doc: Document, title: Title | None, before: int) -> tuple[str, int]:
    """The agency (may be "") and the year: the title's, else that of the period stated before `before`
    ("统计期限自2020年1月1日起")."""
    year = title.year if title and title.year else None
    if year is None:
        period = _PERIOD_YEAR.search(doc.compact[:doc.compact_pos(before)])
        if not period:
            line = title.line + 1 if title else doc.first_content_line()
            raise ReportImportError(line, "标题和正文开头都没有写明报告年度（如“2020年”）")
        year = int(period.group(1))
    return (title.agency if title else ""), year
