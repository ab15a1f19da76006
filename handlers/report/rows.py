"""Reading table rows, and settling run-together digits with the tables' sums.

A row is read from the text between its label and the next one. Where the digits admit several
readings, the row's own sum decides first; for table 三 the column sums then decide between rows.
Cells that still differ between readings are left null and listed as uncertain, never guessed.
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
    walled_cells,
)
from handlers.report.document import Document

MAX_COMBINATIONS = 5000


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


def _fits_kinds(reading: tuple[Token, ...], kinds: tuple[str, ...]) -> bool:
    """Signs belong only in 本年增/减, decimals only in money columns."""
    return all(
        (not t.sign or kind == SIGNED) and ("." not in t.digits or kind in (MONEY, AMOUNT))
        for t, kind in zip(reading, kinds, strict=True)
    )


def read_row(doc: Document, start: int, end: int, section: str, key: str, label: str,
             columns: tuple[Field, ...], row_ok: Callable[[tuple], bool] | None = None,
             labelled: bool = True) -> RowReading:
    """All readings of one row's cells from doc.text[start:end] that fit the row's sum."""
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
        reading.candidates, reading.unreadable = [(None,) * n], True
        reading.notes.append(f"第{line}行：“{label}”一行没有数字，按空白处理，待核")
        return reading
    shown = " ".join(t.sign + t.digits if not t.blank else "空" for t in toks)
    kinds = tuple(c.kind for c in columns)

    def fitting(found, how):
        found = [r for r in found if _fits_kinds(r, kinds)]
        return [r for r in found if row_ok(values(r))] if how != "direct" and row_ok else found

    try:
        found, how = readings(toks, n) if len(toks) >= n or run_together(segment, toks) else ([], "split")
        found = fitting(found, how)
        if not found and how == "split" and row_ok and run_together(segment, toks):
            found, how = fitting(spare_cell_readings(toks, n), "spare"), "spare"
        if not found and len(toks) < n:
            found, how = fitting(gap_readings(toks, n), "gaps"), "gaps"
            reading.placed = True
    except OverflowError:
        found, how = [], "overflow"
    reading.candidates = list(dict.fromkeys(values(r) for r in found))
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
    elif how == "gaps":
        reading.notes.append(f"第{line}行：“{label}”一行只读到{len(toks)}个数（“{shown}”），少于{n}栏，空白栏位置不明")
    return reading


def total_is_sum(row: tuple) -> bool:
    """The last cell is the sum of the others (blank cells cannot be checked, so they pass)."""
    return None in row or row[-1] == sum(row[:-1])


def resolve(rows: list[RowReading], failures: Callable[[dict], int] | None = None
            ) -> tuple[dict[str, tuple], list[dict]]:
    """One value tuple per row, with None in cells the text leaves open, and those cells listed.

    Rows with several readings are tried together; `failures` counts broken cross-checks of a
    complete assignment, and only the assignments with the fewest survive.
    """
    fixed = {r.key: r.candidates[0] for r in rows if len(r.candidates) == 1}
    open_rows = [r for r in rows if len(r.candidates) > 1]
    # Rows whose blanks were lost are never scored: a placement that blanks a cell escapes the checks
    # it would fail, and would win over the true one.
    scored = [r for r in open_rows if not r.placed]
    options = {r.key: r.candidates for r in scored}
    size = 1
    for r in scored:
        size *= len(r.candidates)
    if scored and failures and size <= MAX_COMBINATIONS:
        combos = [dict(zip(options, combo, strict=True)) for combo in product(*options.values())]
        scored = [(failures({**fixed, **combo}), combo) for combo in combos]
        best = min(score for score, _ in scored)
        survivors = [combo for score, combo in scored if score == best]
        options = {key: list(dict.fromkeys(c[key] for c in survivors)) for key in options}
    options.update({r.key: r.candidates for r in open_rows if r.placed})
    settled, uncertain = dict(fixed), []
    for row in (r for r in rows if r.unreadable):
        uncertain += [{"section": row.section, "row": row.key, "column": column, "line": row.line, "candidates": []}
                      for column in row.columns]
    for row in open_rows:
        cands = options[row.key]
        merged = []
        for column, cells in zip(row.columns, zip(*cands, strict=True), strict=True):
            choices = sorted(set(cells), key=lambda v: (v is None, v or 0))
            merged.append(choices[0] if len(choices) == 1 else None)
            if len(choices) > 1:
                uncertain.append({"section": row.section, "row": row.key, "column": column,
                                  "line": row.line, "candidates": choices})
        settled[row.key] = tuple(merged)
    return settled, uncertain
