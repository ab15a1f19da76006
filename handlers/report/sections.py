"""Reading tables 二, 三 and 四 of a published report into the contract's dicts.

Rows are found in template order by a distinctive phrase of their label (searched without
whitespace, so labels broken across lines still match); a row's numbers are those between its
label and the next row's.
"""

import re

from disclosure.report.checks import section3_checks
from disclosure.report.templates import (
    APPLICANT_COLUMNS,
    DEFAULT_MONEY_UNIT,
    MONEY,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    Field,
    Template,
)
from handlers.report.document import Document
from handlers.report.rows import RowReading, read_row, resolve, total_is_sum

# Phrases of each label that survive publishers' wording, line breaks inside labels and characters
# lost in extraction; any one of them finds the row ("2.其他法律行政止公开" still has "其他法律行政").
ROW_PHRASES = {
    "regulations": ("规章",), "normative_documents": ("规范性文件",), "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项", "对外管理服务"), "penalty": ("行政处罚",),
    "coercion": ("行政强制",), "fees": ("行政事业性收费", "事业性收费"), "procurement": ("政府集中采购", "集中采购"),
    "new_received": ("本年新收", "新收政府信息"), "carried_over": ("上年结转",), "granted": ("予以公开",),
    "partially_granted": ("部分公开", "区分处理", "只计这一情形"), "withheld_state_secret": ("国家秘密",),
    "withheld_prohibited_by_law": ("禁止公开", "其他法律行政", "行政法规禁止"),
    "withheld_three_safeties": ("三安全一稳定", "三安全", "一稳定"),
    "withheld_third_party": ("第三方合法权益", "保护第三方"), "withheld_internal_affairs": ("内部事务",),
    "withheld_process_info": ("过程性信息", "四类过程"), "withheld_enforcement_file": ("执法案卷", "行政执法案"),
    "withheld_administrative_query": ("行政查询", "查询事项"),
    "unavailable_not_held": ("不掌握", "本机关不"), "unavailable_needs_creation": ("没有现成信息", "另行制作"),
    "unavailable_unclear": ("补正后申请", "仍不明确"), "rejected_petition": ("信访举报", "举报投诉"),
    "rejected_duplicate": ("重复申请",), "rejected_publication": ("公开出版物", "出版物"),
    "rejected_excessive": ("大量反复", "无正当理由大量"), "rejected_confirmation": ("要求行政机关确认", "重新出具"),
    "other": ("其他处理",), "other_no_correction": ("逾期不补正", "不补正"),
    "other_unpaid_fee": ("缴纳费用", "收费通知"), "other_other": ("其他",),
    "total_processed": ("总计",), "carried_forward": ("结转下年度", "结转下一年度", "继续办理"),
}
_BLOCK_TITLE = "第二十条"
_UNIT = re.compile(r"(亿元|万元|元)")
_ENUMERATED = "(?<![\\d.])(?:{n})[.、](?=\\s*[^\\d\\s])"  # "2." or "2、" opening a numbered label


def _find_row(doc: Document, key: str, number: int | None, start: int, end: int):
    """(label start, label end) of a row between text positions, by its phrases, else by its number."""
    found = [m for m in (doc.find(re.escape(p), start, end) for p in ROW_PHRASES[key]) if m]
    if not found and number:
        found = [m for m in [doc.find(_ENUMERATED.format(n=number), start, end)] if m]
    return doc.span(min(found, key=lambda m: m.start())) if found else None


def _number(label: str) -> int | None:
    match = re.match(r"(\d)\.", label)
    return int(match.group(1)) if match else None


def _locate(doc: Document, keys: list[str], labels: dict[str, str], start: int, end: int):
    """(key, label start, label end) of each row found, in template order; the keys not found.

    A row is searched after the previous one found and before the next one found, so a damaged label
    that matches none of its phrases is placed by its number between its neighbours, or left out.
    """
    spans: dict[str, tuple[int, int] | None] = {}
    pos = start
    for key in keys:  # first pass: phrases, in order
        spans[key] = _find_row(doc, key, None, pos, end)
        pos = spans[key][1] if spans[key] else pos
    for i, key in enumerate(keys):  # second pass: a row still missing, by its number between neighbours
        if spans[key] is None:
            lo = max((spans[k][1] for k in keys[:i] if spans[k]), default=start)
            hi = min((spans[k][0] for k in keys[i + 1:] if spans[k]), default=end)
            spans[key] = _find_row(doc, key, _number(labels[key]), lo, hi)
    located = [(key, *spans[key]) for key in keys if spans[key]]
    return _with_numbers(doc, located, labels, start), [key for key in keys if not spans[key]]


def _with_numbers(doc: Document, located, labels, start: int):
    """Each label's start moved back to its own number ("4.保护 0 0 0 … 第三方合法权益": a PDF puts the
    numbers inside a label broken over lines, before the phrase that found it)."""
    moved, previous_end = [], start
    for key, label_start, label_end in located:
        number = _number(labels[key])
        if number:
            found = list(re.finditer(_ENUMERATED.format(n=number), doc.text[previous_end:label_start]))
            if found:
                label_start = previous_end + found[-1].start()
        moved.append((key, label_start, label_end))
        previous_end = label_end
    return moved


def _segments(doc: Document, located, end: int):
    """Each row's key with the text span from its label to the next label, and whether its
    label shares a table cell with the next one (a converter's merged rows: no wall between them)."""
    for i, (key, label_start, label_end) in enumerate(located):
        seg_end = located[i + 1][1] if i + 1 < len(located) else end
        line = doc.lines[doc.line_of(label_end) - 1]
        walled = "|" in line or "\t" in line
        between = doc.text[label_end:seg_end]
        shares = walled and i + 1 < len(located) and not any(w in between for w in "|\t\n")
        yield key, label_start, seg_end, shares


def _read_rows(doc: Document, located, end: int, section: str, columns_of, labels, row_ok=None):
    readings = []
    shared = False
    for key, seg_start, seg_end, shares in _segments(doc, located, end):
        columns = columns_of(key)
        reading = read_row(doc, seg_start, seg_end, section, key, labels[key], columns, row_ok)
        if shares or shared:  # which of the two labels the numbers belong to is unknown
            reading.unreadable, reading.candidates = True, [(None,) * len(columns)]
            reading.notes.append(f"第{reading.line}行：“{labels[key]}”与相邻一行的标题挤在同一格内，"
                                 "数字归属不明，整行留空待核")
        shared = shares
        readings.append(reading)
    return readings


def _missing(doc: Document, located, keys, labels, columns_of, section: str, start: int) -> list[RowReading]:
    """Rows not found: blank, listed with the line of the row found before them."""
    order = list(labels)
    rows = []
    for key in keys:
        before = [end for k, _, end in located if order.index(k) < order.index(key)]
        line = doc.line_of(max(before, default=start))
        columns = columns_of(key)
        rows.append(RowReading(section, key, labels[key], line, tuple(c.key for c in columns),
                               [(None,) * len(columns)], [f"第{line}行之后找不到表格行“{labels[key]}”，整行留空待核"],
                               unreadable=True))
    return rows


def read_section2(doc: Document, template: Template, start: int, end: int):
    title = doc.find(_BLOCK_TITLE, start, end)
    table_start = doc.span(title)[0] if title else start
    rows = {row.key: (row, block) for block in template.section2 for row in block.rows}
    labels = {key: row.label for key, (row, _) in rows.items()}
    located, missing = _locate(doc, list(rows), labels, table_start, end)
    columns_of = lambda key: rows[key][1].columns  # noqa: E731
    readings = _read_rows(doc, located, end, "section2", columns_of, labels)
    readings += _missing(doc, located, missing, labels, columns_of, "section2", table_start)
    units, previous_end = {}, table_start
    for key, seg_start, seg_end, _ in _segments(doc, located, end):
        if any(c.kind == MONEY for c in rows[key][1].columns):
            # The unit is in the block's header ("采购总金额（万元）") or after the number ("12.5万元").
            written = _UNIT.findall(doc.text[previous_end:seg_end])
            units[key] = written[-1] if written else DEFAULT_MONEY_UNIT
        previous_end = seg_start
    settled, uncertain = resolve(readings)
    section2 = {}
    for key, (_, block) in rows.items():
        cells = dict(zip((c.key for c in block.columns), settled[key], strict=True))
        for column in (c for c in block.columns if c.kind == MONEY):
            cells[column.key] = {"value": cells[column.key], "unit": units.get(key, DEFAULT_MONEY_UNIT)}
        section2[key] = cells
    return section2, uncertain, _notes(readings)


def _section3_failures(result_keys):
    def failures(rows: dict) -> int:
        return sum(e["ok"] is False for e in section3_checks(
            {k: dict(zip((c.key for c in APPLICANT_COLUMNS), v, strict=True)) for k, v in rows.items()},
            result_keys))
    return failures


def read_section3(doc: Document, template: Template, start: int, end: int):
    labels = {row.key: row.label for row in template.section3}
    located, missing = _locate(doc, list(labels), labels, start, end)
    columns_of = lambda key: APPLICANT_COLUMNS  # noqa: E731
    readings = _read_rows(doc, located, end, "section3", columns_of, labels, total_is_sum)
    readings += _missing(doc, located, missing, labels, columns_of, "section3", start)
    settled, uncertain = resolve(readings, _section3_failures(template.result_keys))
    columns = [c.key for c in APPLICANT_COLUMNS]
    section3 = {key: dict(zip(columns, settled[key], strict=True)) for key in labels}
    lines = {r.key: r.line for r in readings}
    for key, row in section3.items():  # a 总计 that lost its last digits ("85" for 859)
        uncertain += truncated(row, "total", [row[c] for c in columns[:-1]], "section3", key, lines[key])
    for column in columns:
        row = section3["total_processed"]
        uncertain += truncated(row, column, [section3[k][column] for k in template.result_keys],
                               "section3", "total_processed", lines["total_processed"])
    return section3, uncertain, _notes(readings)


def _section4_row_ok(row: tuple) -> bool:
    return all(total_is_sum(row[i:i + 5]) for i in range(0, 15, 5))


_TRAILING_NUMBERS = re.compile(r"[\d\s|/—\-+.,]*$")


def read_section4(doc: Document, start: int, end: int):
    """Table 四's one row: the numbers that close the part, after its column headings."""
    data_start = start + _TRAILING_NUMBERS.search(doc.text[start:end]).start()
    columns = tuple(Field(f"{g.key}.{c.key}", f"{g.label}{c.label}")
                    for g in SECTION4_GROUPS for c in SECTION4_COLUMNS)
    reading = read_row(doc, data_start, end, "section4", "section4", "行政复议、行政诉讼情况表",
                       columns, _section4_row_ok, labelled=False)
    settled, uncertain = resolve([reading])
    cells = dict(zip((c.key for c in columns), settled["section4"], strict=True))
    for entry in uncertain:
        entry["row"], entry["column"] = entry["column"].split(".")
    section4 = {g.key: {c.key: cells[f"{g.key}.{c.key}"] for c in SECTION4_COLUMNS} for g in SECTION4_GROUPS}
    for group, row in section4.items():
        uncertain += truncated(row, "total", [row[c.key] for c in SECTION4_COLUMNS[:-1]], "section4", group,
                               reading.line)
    return section4, uncertain, _notes([reading])


def truncated(row: dict, key: str, parts: list, section: str, row_key: str, line: int) -> list[dict]:
    """Blank `row[key]` and list it when it is the sum of `parts` with its last digits lost in copying.

    A PDF converter that clips a cell turns 859 into 85; the sum shows it. Any other mismatch is
    the publisher's and stays as published.
    """
    value = row[key]
    if value is None or None in parts or value == sum(parts) or not str(sum(parts)).startswith(str(value)):
        return []
    row[key] = None
    return [{"section": section, "row": row_key, "column": key, "line": line, "candidates": [value, sum(parts)]}]


def _notes(readings) -> list[str]:
    return [note for r in readings for note in r.notes]
