"""Reading table rows, and settling run-together digits and lost blank cells with the tables' sums.

A row is read from the text between its label and the next one. Where the digits admit several
readings, the row's own sum decides first; for table 三 the column sums then decide between rows.
Numbers whose blank cells were lost are placed by where they stand when the text is laid out in
columns (handlers.report.positions); otherwise every placement in order is a reading, and table
三's sums, blank cells counted as none, may settle them (handlers.report.inference). Cells that
still differ between readings are left null and listed as uncertain, never guessed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product

from disclosure.report.templates import AMOUNT, MONEY, SIGNED, Field
from handlers.report.cells import (
    Token,
    gap_readings,
    readings,
    run_together,
    spare_cell_readings,
    tokens,
    values,
)
from handlers.report.document import Document
from handlers.report.walls import walled_cells

MAX_COMBINATIONS = 5000
GAPS_OPEN = "空白栏位置不明"  # the note's end for a row whose numbers lost their blank cells


@dataclass
class RowReading:
    section: str
    key: str  # row key; for table 四 the whole row is "section4"
    label: str
    line: int
    columns: tuple[str, ...]
    candidates: list[tuple]
    notes: list[str] = field(default_factory=list)
    unreadable: bool = False  # no reading fits: every cell left blank and listed
    placed: bool = False  # candidates are placements of numbers whose blank cells were lost
    empty: bool = False  # no number at all between its label and the next one
    by_position: bool = False  # placed by where its numbers stand under the column headings
    in_order: list[tuple] = field(default_factory=list)  # then: every placement of its numbers in order


def _fits_kinds(reading: tuple[Token, ...], kinds: tuple[str, ...]) -> bool:
    """Signs belong only in 本年增/减, decimals only in money columns."""
    return all(
        (not t.sign or kind == SIGNED) and ("." not in t.digits or kind in (MONEY, AMOUNT))
        for t, kind in zip(reading, kinds, strict=True)
    )


Placer = Callable[[int, list[Token]], list[tuple[Token, ...]] | None]


def _readings(segment: str, toks: list[Token], n: int, fitting, placed_at, checked: bool) -> tuple[list, str]:
    """The readings of a row's numbers that fit, and how they were got; `checked`: the row has a sum."""
    if placed_at is not None and len(toks) < n:
        found = placed_at()
        if found:
            return fitting(found, "position"), "position"
    found, how = readings(toks, n) if len(toks) >= n or run_together(segment, toks) else ([], "split")
    found = fitting(found, how)
    if not found and how == "split" and checked and run_together(segment, toks):
        found, how = fitting(spare_cell_readings(toks, n), "spare"), "spare"
    if not found and len(toks) < n:
        found, how = fitting(gap_readings(toks, n), "gaps"), "gaps"
    return found, how


def read_row(doc: Document, start: int, end: int, section: str, key: str, label: str,
             columns: tuple[Field, ...], row_ok: Callable[[tuple], bool] | None = None,
             labelled: bool = True, placer: Placer | None = None) -> RowReading:
    """All readings of one row's cells from doc.text[start:end] that fit the row's sum.

    `placer` places numbers whose blank cells were lost by where they stand (handlers.report.positions).
    """
    segment = doc.text[start:end]
    line = doc.line_of(start if labelled else start + len(segment) - len(segment.lstrip()))
    n = len(columns)
    reading = RowReading(section, key, label, line, tuple(c.key for c in columns), [])
    walled = walled_cells(segment, n, labelled)
    if walled is not None:
        reading.candidates = [values(walled)]
        return reading
    toks = tokens(segment)
    if not toks:  # published blank, or its numbers went to a neighbour's label in the copy: listed
        reading.candidates, reading.unreadable, reading.empty = [(None,) * n], True, True
        reading.notes.append(f"第{line}行：“{label}”一行没有数字，按空白处理，待核")
        return reading
    shown = " ".join(t.sign + t.digits if not t.blank else "空" for t in toks)
    kinds = tuple(c.kind for c in columns)

    def fitting(found, how):
        found = [r for r in found if _fits_kinds(r, kinds)]
        return [r for r in found if row_ok(values(r))] if how != "direct" and row_ok else found

    try:
        found, how = _readings(segment, toks, n, fitting, placer and (lambda: placer(start, toks)), bool(row_ok))
        if how == "position":
            reading.in_order = list(dict.fromkeys(values(r) for r in fitting(gap_readings(toks, n), "gaps")))
    except OverflowError:
        found, how = [], "overflow"
    reading.candidates = list(dict.fromkeys(values(r) for r in found))
    reading.by_position = how == "position"
    reading.placed = how == "gaps" or (reading.by_position and len(reading.candidates) > 1)
    if not reading.candidates:
        reading.unreadable = True
        reading.candidates = [(None,) * n]
        reading.notes.append(f"第{line}行：“{label}”一行应有{n}个数，读到“{shown}”，无法对应到各栏，整行留空待核")
    elif how == "split":
        reading.notes.append(f"第{line}行：“{label}”一行数字连写（“{shown}”），已拆分为{n}栏")
    elif how == "spare":
        reading.notes.append(f"第{line}行：“{label}”一行数字连写且多出一栏（“{shown}”），已按勾稽关系拆分")
    elif how == "dropped":
        reading.notes.append(f"第{line}行：“{label}”一行读到{len(toks)}个数，多于{n}栏，已去掉多余的数")
    elif how == "position":
        still = f"，{GAPS_OPEN}" if reading.placed else ""
        reading.notes.append(f"第{line}行：“{label}”一行只读到{len(toks)}个数（“{shown}”），按各数在版面上所处的栏放置{still}")
    elif how == "gaps":
        reading.notes.append(f"第{line}行：“{label}”一行只读到{len(toks)}个数（“{shown}”），少于{n}栏，{GAPS_OPEN}")
    return reading


def total_is_sum(row: tuple) -> bool:
    """The last cell is the sum of the others (blank cells cannot be checked, so they pass)."""
    return None in row or row[-1] == sum(row[:-1])


def resolve(rows: list[RowReading], failures: Callable[[dict], int] | None = None,
            infer: Callable[[list[RowReading], dict], dict] | None = None) -> tuple[dict[str, tuple], list[dict]]:
    """One value tuple per row, with None in cells the text leaves open, and those cells listed.

    Rows with several readings are tried together; `failures` counts broken cross-checks of a
    complete assignment, and only the assignments with the fewest survive. `infer` may then narrow
    every row's readings further (handlers.report.inference).
    """
    options = {r.key: r.candidates for r in rows}
    # Rows whose blanks were lost are never scored: a placement that blanks a cell escapes the checks
    # it would fail, and would win over the true one.
    scored = {r.key: r.candidates for r in rows if len(r.candidates) > 1 and not r.placed}
    size = 1
    for cands in scored.values():
        size *= len(cands)
    if scored and failures and size <= MAX_COMBINATIONS:
        fixed = {key: cands[0] for key, cands in options.items() if len(cands) == 1}
        combos = [dict(zip(scored, combo, strict=True)) for combo in product(*scored.values())]
        tried = [(failures({**fixed, **combo}), combo) for combo in combos]
        best = min(score for score, _ in tried)
        survivors = [combo for score, combo in tried if score == best]
        options.update({key: list(dict.fromkeys(c[key] for c in survivors)) for key in scored})
    if infer:
        options = infer(rows, options)
    return _settle(rows, options)


def _settle(rows: list[RowReading], options: dict[str, list[tuple]]) -> tuple[dict[str, tuple], list[dict]]:
    settled, uncertain = {}, []
    for row in (r for r in rows if r.unreadable):
        uncertain += [{"section": row.section, "row": row.key, "column": column, "line": row.line, "candidates": []}
                      for column in row.columns]
    for row in rows:
        merged = []
        for column, cells in zip(row.columns, zip(*options[row.key], strict=True), strict=True):
            choices = sorted(set(cells), key=lambda v: (v is None, v or 0))
            merged.append(choices[0] if len(choices) == 1 else None)
            if len(choices) > 1:
                uncertain.append({"section": row.section, "row": row.key, "column": column,
                                  "line": row.line, "candidates": choices})
        settled[row.key] = tuple(merged)
    return settled, uncertain
