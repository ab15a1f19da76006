"""Placing a row's numbers by where they stand, in text laid out in columns (pdftotext -layout).

pdftotext -layout writes each page on a character grid: a table's numbers stand under their column
headings and a blank cell is only a gap. The grid is the page's own (one column's numbers sit at
different character columns on different pages), so headings place numbers on their page only.

A heading is the column's label, whole or stacked over lines ("商业企" over "业"). A number under
one heading is in that column; one in the gap between two headings is in one of the columns
between them that have no heading on the page, or, if there are none, in either neighbour. Every
placement in order that the positions allow is a reading; outside the headings altogether (a row
shifted by a broken table) none is, and the row is read as if it had no positions.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import product

from handlers.report.cells import Token
from handlers.report.document import Document

MAX_PLACEMENTS = 500
_GAP = 2  # spaces between two words that show a line laid out in columns


@dataclass(frozen=True)
class Anchor:
    column: int
    start: int  # character columns of the heading on its page's lines
    end: int


@dataclass(frozen=True)
class _Word:
    line: int
    page: int
    start: int
    end: int
    text: str


def _words(doc: Document, start: int, end: int) -> dict[int, list[_Word]]:
    """The runs of non-space characters of each line in [start, end) whose columns are the copy's
    (not a line of table cells walled by tabs or "|")."""
    found = defaultdict(list)
    for line in range(doc.line_of(start), doc.line_of(end) + 1):
        if doc.aligned[line - 1] and not any(wall in doc.lines[line - 1] for wall in "\t|"):
            for m in re.finditer(r"\S+", doc.lines[line - 1]):
                found[line].append(_Word(line, doc.pages[line - 1], m.start(), m.end(), m.group()))
    return found


def _continues(text: str, label: str) -> bool:
    """`text` is the label begun, or the label with more after it (its unit: "采购总金额(万元)")."""
    return label.startswith(text) or text.startswith(label)


def _stack(word: _Word, label: str, words: dict[int, list[_Word]]) -> tuple[int, int] | None:
    """Columns of `label` written from `word` down the following lines, or None if it is not."""
    text, start, end, line = word.text, word.start, word.end, word.line
    while not text.startswith(label):
        below = [w for w in words.get(line + 1, []) if w.start < end and start < w.end
                 and _continues(text + w.text, label)]
        if len(below) != 1 or below[0].page != word.page:
            return None
        text, start, end, line = text + below[0].text, min(start, below[0].start), max(end, below[0].end), line + 1
    return start, end


def find_anchors(doc: Document, start: int, end: int, labels: list[str]) -> dict[int, list[Anchor]]:
    """Each page's column headings found between text positions, by page; `labels` in column order.

    A label that heads several columns (table 四's 总计) must be found as often as it heads, on its
    page. Headings out of the columns' order, or on lines whose words are never more than one space
    apart (text not laid out in columns, where a character's column says nothing), make the page's
    headings useless, and they are dropped.
    """
    words = _words(doc, start, end)
    labels = [re.sub(r"\s", "", unicodedata.normalize("NFKC", label)) for label in labels]  # as the text is
    spans = defaultdict(list)  # (page, label) -> [(start, end)]
    for word in (w for line in words.values() for w in line):
        for label in set(labels):
            if _continues(word.text, label) and (found := _stack(word, label, words)):
                spans[word.page, label].append(found)
    anchors = defaultdict(list)
    for (page, label), found in spans.items():
        columns = [i for i, c in enumerate(labels) if c == label]
        if len(found) == len(columns):
            anchors[page] += [Anchor(c, s, e) for c, (s, e) in zip(columns, sorted(found), strict=True)]
    ordered = {page: sorted(found, key=lambda a: a.column) for page, found in anchors.items()}
    laid_out = {w.page for line in words.values() for w, v in zip(line, line[1:], strict=False)
                if v.start - w.end >= _GAP}
    return {page: found for page, found in ordered.items()
            if page in laid_out and all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))}


def _columns(start: int, end: int, anchors: list[Anchor], n: int) -> list[int]:
    """The columns a number written at character columns [start, end) may be in."""
    under = [a.column for a in anchors if a.start < end and start < a.end]
    if under:
        return under
    left = max((a for a in anchors if a.end <= start), key=lambda a: a.column, default=None)
    right = min((a for a in anchors if a.start >= end), key=lambda a: a.column, default=None)
    lo, hi = (left.column if left else -1), (right.column if right else n)
    between = list(range(lo + 1, hi))
    if between:
        return between
    # Beside the first or last heading: in its column only if no farther than the heading is wide.
    near = [a for a in (left, right) if a and min(abs(start - a.end), abs(a.start - end)) <= a.end - a.start]
    return [a.column for a in near]


def placements(doc: Document, seg_start: int, toks: list[Token], anchors: dict[int, list[Anchor]],
               n: int) -> list[tuple[Token, ...]] | None:
    """The row's readings its numbers' positions allow; None when the positions say nothing."""
    spots = []
    for token in toks:
        where = doc.column(seg_start + token.span[0]) if token.span else None
        if where is None or not anchors.get(where[0]):
            return None
        width = token.span[1] - token.span[0]
        spots.append(_columns(where[1], where[1] + width, anchors[where[0]], n))
    blank = Token("", "", True, blank=True)
    found = []
    for columns in product(*spots):
        if all(a < b for a, b in zip(columns, columns[1:], strict=False)):
            cells = [blank] * n
            for column, token in zip(columns, toks, strict=True):
                cells[column] = token
            found.append(tuple(cells))
            if len(found) > MAX_PLACEMENTS:
                return None
    return found
