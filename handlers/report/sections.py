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
from handlers.report.document import Document, ReportImportError
from handlers.report.rows import read_row, resolve, total_is_sum

# A phrase of each label that stays put across publishers' wording and layout.
ROW_PHRASES = {
    "regulations": "规章", "normative_documents": "规范性文件", "licensing": "行政许可",
    "other_services": "其他对外管理服务事项", "penalty": "行政处罚", "coercion": "行政强制",
    "fees": "行政事业性收费", "procurement": "政府集中采购",
    "new_received": "本年新收", "carried_over": "上年结转", "granted": "予以公开",
    "partially_granted": "部分公开", "withheld_state_secret": "国家秘密",
    "withheld_prohibited_by_law": "禁止公开", "withheld_three_safeties": "三安全一稳定",
    "withheld_third_party": "第三方合法权益", "withheld_internal_affairs": "内部事务",
    "withheld_process_info": "过程性信息", "withheld_enforcement_file": "执法案卷",
    "withheld_administrative_query": "行政查询", "unavailable_not_held": "不掌握",
    "unavailable_needs_creation": "另行制作", "unavailable_unclear": "仍不明确",
    "rejected_petition": "信访举报投诉", "rejected_duplicate": "重复申请",
    "rejected_publication": "公开出版物", "rejected_excessive": "大量反复",
    "rejected_confirmation": "要求行政机关确认", "other": "其他处理",
    "other_no_correction": "逾期不补正", "other_unpaid_fee": "缴纳费用", "other_other": "其他",
    "total_processed": "总计", "carried_forward": "结转下年度",
}
_BLOCK_TITLE = "第二十条"
_UNIT = re.compile(r"(亿元|万元|元)")


def _locate(doc: Document, keys: list[str], labels: dict[str, str], start: int, end: int
            ) -> list[tuple[str, int, int]]:
    """(key, label start, label end) of each row, in order; a missing row is an error naming the line."""
    found, pos = [], start
    for key in keys:
        match = doc.find(re.escape(ROW_PHRASES[key]), pos, end)
        if not match:
            raise ReportImportError(doc.line_of(pos), f"此行之后找不到表格行“{labels[key]}”")
        label_start, pos = doc.span(match)
        found.append((key, label_start, pos))
    return found


def _segments(located, end: int):
    """Each row's key with the text span from its label's end to the next label."""
    for i, (key, _, label_end) in enumerate(located):
        yield key, label_end, located[i + 1][1] if i + 1 < len(located) else end


def read_section2(doc: Document, template: Template, start: int, end: int):
    title = doc.find(_BLOCK_TITLE, start, end)
    table_start = doc.span(title)[0] if title else start
    rows = {row.key: (row, block) for block in template.section2 for row in block.rows}
    labels = {key: row.label for key, (row, _) in rows.items()}
    located = _locate(doc, list(rows), labels, table_start, end)
    readings, units, previous_end = [], {}, table_start
    for key, seg_start, seg_end in _segments(located, end):
        row, block = rows[key]
        readings.append(read_row(doc, seg_start, seg_end, "section2", key, row.label, block.columns))
        if any(c.kind == MONEY for c in block.columns):
            # The unit is in the block's header ("采购总金额（万元）") or after the number ("12.5万元").
            written = _UNIT.findall(doc.text[previous_end:seg_end])
            units[key] = written[-1] if written else DEFAULT_MONEY_UNIT
        previous_end = seg_start
    settled, uncertain = resolve(readings)
    section2 = {}
    for key, (_, block) in rows.items():
        cells = dict(zip((c.key for c in block.columns), settled[key], strict=True))
        for column in (c for c in block.columns if c.kind == MONEY):
            cells[column.key] = {"value": cells[column.key], "unit": units[key]}
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
    located = _locate(doc, list(labels), labels, start, end)
    readings = [read_row(doc, s, e, "section3", key, labels[key], APPLICANT_COLUMNS, total_is_sum)
                for key, s, e in _segments(located, end)]
    settled, uncertain = resolve(readings, _section3_failures(template.result_keys))
    columns = [c.key for c in APPLICANT_COLUMNS]
    section3 = {key: dict(zip(columns, settled[key], strict=True)) for key in labels}
    return section3, uncertain, _notes(readings)


def _section4_row_ok(row: tuple) -> bool:
    return all(total_is_sum(row[i:i + 5]) for i in range(0, 15, 5))


def read_section4(doc: Document, start: int, end: int):
    header_end = doc.text.find("\n", start)
    columns = tuple(Field(f"{g.key}.{c.key}", f"{g.label}{c.label}")
                    for g in SECTION4_GROUPS for c in SECTION4_COLUMNS)
    reading = read_row(doc, header_end, end, "section4", "section4", "行政复议、行政诉讼情况表",
                       columns, _section4_row_ok)
    settled, uncertain = resolve([reading])
    cells = dict(zip((c.key for c in columns), settled["section4"], strict=True))
    for entry in uncertain:
        entry["row"], entry["column"] = entry["column"].split(".")
    section4 = {g.key: {c.key: cells[f"{g.key}.{c.key}"] for c in SECTION4_COLUMNS} for g in SECTION4_GROUPS}
    return section4, uncertain, _notes([reading])


def _notes(readings) -> list[str]:
    return [note for r in readings for note in r.notes]
