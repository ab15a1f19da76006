"""A table row written with walls between its cells: tabs from a web page or Word, "|" from Markdown.

Walls keep a blank cell in its place, so such a row is read cell by cell, not by its numbers.
"""

import re

from handlers.report.cells import Token, tokens

_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d")


def _cell_token(cell: str) -> Token | None:
    """The one number (or blank mark) a table cell holds; None if it holds more, or words."""
    found = tokens(cell)
    if not found:
        return Token("", "", True, blank=True) if not _CJK.search(cell) else None
    return found[0] if len(found) == 1 else None


def walled_cells(segment: str, n: int, labelled: bool = True) -> list[Token] | None:
    """Cells of a row written with walls (tabs from a web page or Word, "|" from Markdown).

    `labelled`: the segment starts inside the row's label, whose rest is the first cell, and Markdown
    may have cut the label into more cells; else the row is the segment's first line with a digit.
    On a copy that lost its line breaks the last cell runs into the next row's label ("0 （四）无法提供");
    its leading number, if any, is the cell. None when the cells do not come to exactly n: their
    places are then unknown.
    """
    lines = segment.split("\n")
    line = lines[0] if labelled else next((text for text in lines if _DIGIT.search(text)), "")
    wall = "|" if "|" in line else "\t" if "\t" in line else None
    if wall is None:
        return None
    parts = line.split(wall)
    if labelled:
        if tokens(parts[0]):
            return None  # a number inside the label's cell ("行政事业性收费<br>0"): places unknown
        parts = parts[1:]
        while parts and _CJK.search(parts[0]):  # a label cut into cells by a converter
            parts.pop(0)
    elif wall == "|" and line.lstrip().startswith("|"):
        parts = parts[1:]  # before the row's opening wall
    if wall == "|" and parts and not parts[-1].strip():
        parts.pop()  # after the row's closing wall
    filled = len(parts) - next((i for i, p in enumerate(reversed(parts)) if p.strip()), 0)
    if filled and _CJK.search(parts[filled - 1]):
        parts = parts[:filled]  # walls after the next row's label, run into this row on a one-line copy
    merged = None
    while parts and _CJK.search(parts[-1]):
        merged = parts.pop()
    if merged is not None:
        parts.append(merged[:_CJK.search(merged).start()])
    parts = [p.strip() for p in parts]
    surplus = len(parts) - n
    lead = next((i for i, p in enumerate(parts) if p), len(parts))
    trail = next((i for i, p in enumerate(reversed(parts)) if p), len(parts))
    if surplus < 0 or lead + trail < surplus:
        return None  # cells missing, or numbers beyond n (a spare column): placed by the sums instead
    if surplus and lead + trail != surplus and min(lead, trail) > 0:
        return None  # empty cells beyond n at both ends: which are the row's own is unknown
    if surplus:
        parts = parts[lead:len(parts) - trail] if lead + trail == surplus else (
            parts[surplus:] if trail == 0 else parts[:n])
    cells = [_cell_token(p) for p in parts]
    return None if None in cells else cells
