"""Reading tables 二, 三 and 四 of a published report into the contract's dicts.

Rows are found in template order (handlers.report.locate); a row's numbers are those between its
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
from handlers.report.inference import infer
from handlers.report.locate import locate
from handlers.report.positions import find_anchors, placements
from handlers.report.rows import Placer, RowReading, read_row, resolve, total_is_sum

_BLOCK_TITLE = "第二十条"
_UNIT = re.compile(r"(亿元|万元|元)")


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


def _placer(doc: Document, start: int, end: int, labels: list[str]) -> Placer | None:
    """Placement by position under the column headings found in [start, end), if there are any."""
    anchors = find_anchors(doc, start, end, labels)
    return (lambda seg_start, toks: placements(doc, seg_start, toks, anchors, len(labels))) if anchors else None


def _read_rows(doc: Document, located, end: int, section: str, columns_of, labels, row_ok=None, placer_of=None):
    readings = []
    shared = False
    for key, seg_start, seg_end, shares in _segments(doc, located, end):
        columns = columns_of(key)
        placer = placer_of(key) if placer_of else None
        reading = read_row(doc, seg_start, seg_end, section, key, labels[key], columns, row_ok, placer=placer)
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


def _block_placers(doc: Document, located, block_of: dict, start: int) -> dict[str, Placer | None]:
    """Each row's placement by position under its block's headings (between the block's first row
    and the row found before it)."""
    placers, placer, previous_end, block = {}, None, start, None
    for key, label_start, label_end in located:
        if block_of[key] is not block:
            block = block_of[key]
            placer = _placer(doc, previous_end, label_start, [c.label for c in block.columns])
        placers[key], previous_end = placer, label_end
    return placers


def read_section2(doc: Document, template: Template, start: int, end: int):
    title = doc.find(_BLOCK_TITLE, start, end)
    table_start = doc.span(title)[0] if title else start
    rows = {row.key: (row, block) for block in template.section2 for row in block.rows}
    labels = {key: row.label for key, (row, _) in rows.items()}
    located, missing = locate(doc, list(rows), labels, table_start, end)
    columns_of = lambda key: rows[key][1].columns  # noqa: E731
    placers = _block_placers(doc, located, {key: block for key, (_, block) in rows.items()}, table_start)
    readings = _read_rows(doc, located, end, "section2", columns_of, labels, placer_of=placers.get)
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
    located, missing = locate(doc, list(labels), labels, start, end)
    columns_of = lambda key: APPLICANT_COLUMNS  # noqa: E731
    headings_end = located[0][1] if located else end
    placer = _placer(doc, start, headings_end, [c.label for c in APPLICANT_COLUMNS])
    readings = _read_rows(doc, located, end, "section3", columns_of, labels, total_is_sum, lambda _: placer)
    readings += _missing(doc, located, missing, labels, columns_of, "section3", start)
    settled, uncertain = resolve(readings, _section3_failures(template.result_keys),
                                 lambda rows, options: infer(rows, options, template.result_keys))
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
    placer = _placer(doc, start, data_start, [c.label for _ in SECTION4_GROUPS for c in SECTION4_COLUMNS])
    reading = read_row(doc, data_start, end, "section4", "section4", "行政复议、行政诉讼情况表",
                       columns, _section4_row_ok, labelled=False, placer=placer)
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
