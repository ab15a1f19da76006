"""The six parts of a published report, found by their numbering wherever they stand.

A heading is its numeral (一…六, or 表二 in converted Markdown) followed by the part's name, searched
in the compact view in the template's order, so a report copied onto one line, or with "## 表二："
headings, or "二 、主动公开…" from a PDF, is read alike. The preamble's list of contents ("全文包括
总体情况、主动公开政府信息情况…") has no numerals and is never taken for a heading.
"""

from dataclasses import dataclass

from handlers.report.document import Document

_NUMERAL = r"(?:#+)?(?:表)?{n}[、.,:：]?"
PHRASES = {
    "一": "总体情况",
    "二": "主动公开政府信息(?:情况)?",
    "三": "收到和处理政府信息公开申请(?:情况)?",
    "四": "(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议(?:[、,和]?(?:提起)?行政诉讼)?(?:情况)?",
    "五": "(?:政府信息公开工作)?存在(?:的)?(?:主要)?问题(?:及(?:其)?改进(?:情况|措施)?)?",
    "六": "其他需要报告的事项",
}
PART_NAMES = {"二": "主动公开政府信息情况", "三": "收到和处理政府信息公开申请情况",
              "四": "政府信息公开行政复议、行政诉讼情况"}
PROSE_PARTS = {"一": "overview", "五": "problems", "六": "other"}


@dataclass(frozen=True)
class Heading:
    start: int  # text position where the heading starts
    end: int  # text position just after the heading's name


def find_headings(doc: Document) -> dict[str, Heading]:
    """Each part's heading, searched in order after the previous one; a part not found is absent."""
    found, pos = {}, 0
    for numeral, phrase in PHRASES.items():
        match = doc.find(_NUMERAL.format(n=numeral) + phrase, pos)
        if not match:
            continue
        start, end = doc.span(match)
        found[numeral] = Heading(start, end)
        pos = end
    return found


def part_spans(doc: Document, headings: dict[str, Heading]) -> dict[str, tuple[int, int]]:
    """Text span [start, end) of each found part's body: from its heading to the next one found."""
    order = sorted(headings.items(), key=lambda item: item[1].start)
    return {numeral: (h.end, order[i + 1][1].start if i + 1 < len(order) else len(doc.text))
            for i, (numeral, h) in enumerate(order)}


def prose_text(doc: Document, start: int, end: int) -> str:
    """A prose part as published: its lines stripped, blank lines and page furniture left out."""
    lines = (line.strip() for line in doc.written[start:end].split("\n"))
    return "\n".join(line for line in lines if line).strip()


def read_prose(doc: Document, spans: dict[str, tuple[int, int]]) -> dict[str, str]:
    """The report's own prose parts (一, 五, 六) that have any text."""
    texts = {key: prose_text(doc, *spans[numeral]) for numeral, key in PROSE_PARTS.items() if numeral in spans}
    return {key: text for key, text in texts.items() if text}
