"""Finding a table's rows in published text, in the template's order.

A row is found by a distinctive phrase of its label (searched without whitespace, so labels broken
across lines still match), else by its number between the rows found around it, else by a stretch
of text there whose characters are nearly the label's: a PDF-to-Markdown converter cuts a label
into cells line by line and writes them cell by cell ("二、上年<br>请数量|结转政府信|息公开申"),
so the label's characters are all there but out of order.
"""

import re
import unicodedata
from collections import Counter

from handlers.report.document import Document

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
ENUMERATED = "(?<![\\d.])(?:{n})[.、](?=\\s*[^\\d\\s])"  # "2." or "2、" opening a numbered label
_WORDS = re.compile(r"\D+")  # a stretch of the compact view between numbers
# A stretch is a row's label when it holds this share of the label's characters, and the label this
# share of the stretch's (which may carry the group's name: "年度办理结果（二）部…").
_COVERED, _OWN = 0.8, 0.6


def _find_row(doc: Document, key: str, number: int | None, start: int, end: int):
    """(label start, label end) of a row between text positions, by its phrases, else by its number."""
    found = [m for m in (doc.find(re.escape(p), start, end) for p in ROW_PHRASES[key]) if m]
    if found:
        return doc.span(min(found, key=lambda m: m.start()))
    if number:  # in the text, not the compact view, where the previous row's digits would run into it
        match = re.compile(ENUMERATED.format(n=number)).search(doc.text, start, end)
        return match.span() if match else None
    return None


def _similar_stretch(doc: Document, label: str, start: int, end: int):
    """(start, end) of the one stretch of words between text positions made of the label's characters."""
    want = Counter(re.sub(r"\s", "", unicodedata.normalize("NFKC", label)))
    lo, hi = doc.compact_pos(start), doc.compact_pos(end)
    scored = []
    for m in _WORDS.finditer(doc.compact, lo, hi):
        common = sum((want & Counter(m.group())).values())
        if common >= _COVERED * want.total() and common >= _OWN * len(m.group()):
            scored.append(m)
    return doc.span(scored[0]) if len(scored) == 1 else None


def number_of(label: str) -> int | None:
    match = re.match(r"(\d)\.", label)
    return int(match.group(1)) if match else None


def locate(doc: Document, keys: list[str], labels: dict[str, str], start: int, end: int):
    """(key, label start, label end) of each row found, in template order; the keys not found.

    A row is searched after the previous one found and before the next one found, so a damaged label
    that matches none of its phrases is placed by its number, or by its characters, between its
    neighbours, or left out.
    """
    spans: dict[str, tuple[int, int] | None] = {}
    pos = start
    for key in keys:  # first pass: phrases, in order
        spans[key] = _find_row(doc, key, None, pos, end)
        pos = spans[key][1] if spans[key] else pos
    for i, key in enumerate(keys):  # second pass: a row still missing, between its neighbours
        if spans[key] is None:
            lo = max((spans[k][1] for k in keys[:i] if spans[k]), default=start)
            hi = min((spans[k][0] for k in keys[i + 1:] if spans[k]), default=end)
            spans[key] = (_find_row(doc, key, number_of(labels[key]), lo, hi)
                          or _similar_stretch(doc, labels[key], lo, hi))
    located = [(key, *spans[key]) for key in keys if spans[key]]
    return _with_numbers(doc, located, labels, start), [key for key in keys if not spans[key]]


def _with_numbers(doc: Document, located, labels, start: int):
    """Each label's start moved back to its own number ("4.保护 0 0 0 … 第三方合法权益": a PDF puts the
    numbers inside a label broken over lines, before the phrase that found it)."""
    moved, previous_end = [], start
    for key, label_start, label_end in located:
        number = number_of(labels[key])
        if number:
            # Searched past the label's start so that the lookahead sees the label's first character.
            pattern = re.compile(ENUMERATED.format(n=number))
            found = [m.start() for m in pattern.finditer(doc.text, previous_end, label_start + 8)
                     if m.start() < label_start]
            if found:
                label_start = found[-1]
        moved.append((key, label_start, label_end))
        previous_end = label_end
    return moved
