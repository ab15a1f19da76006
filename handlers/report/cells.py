"""Reading one table row's numbers out of the text between its label and the next label.

A row of n cells may come as n separated numbers, with blank cells (an empty tab or Markdown cell,
or a lone "—" or "/"), with blank cells lost (a PDF or a one-line copy: "258 12 1 1" for seven
cells), with digits run together ("1000001"), or with extra numbers (a copied table with a spare
column). Every reading of the text that yields exactly n cells is a candidate; the caller
keeps those that satisfy the table's sums and marks cells uncertain where several remain.
"""

import re
from dataclasses import dataclass
from itertools import combinations

# Enumerators of the next label ("5. 要求…", run together: "00000005.要求…"): digits then a dot or 、
# then text. Only the last digit is the enumerator; any before it belong to this row.
_ENUMERATOR = re.compile(r"(\d+)\s*[.、](?=\s*(?:[^\d\s]|$))")
_GROUP_MARK = re.compile(r"\([一二三四五六七八九十\d]+\)")
_TOKEN = re.compile(
    r"(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?)"
    r"|(?P<blank>(?<!\S)[—/-]+(?!\S))"
)
MAX_CELL_DIGITS = 9
MAX_READINGS = 20000


@dataclass(frozen=True)
class Token:
    sign: str
    digits: str
    atomic: bool  # written with a thousands separator or decimals, so never split
    blank: bool = False

    @property
    def max_parts(self) -> int:
        return 1 if self.atomic or self.blank else len(self.digits)


def _drop_enumerators(segment: str) -> str:
    return _ENUMERATOR.sub(lambda m: m.group(1)[:-1] + " ", _GROUP_MARK.sub(" ", segment))


def tokens(segment: str) -> list[Token]:
    found = []
    for m in _TOKEN.finditer(_drop_enumerators(segment)):
        if m.group("blank"):
            found.append(Token("", "", True, blank=True))
            continue
        raw = m.group("num")
        sign = raw[0] if raw[0] in "+-" else ""
        body = raw.lstrip("+-")
        found.append(Token(sign, body.replace(",", ""), atomic="," in body or "." in body))
    return found


def number(sign: str, digits: str) -> int | float:
    value = float(digits) if "." in digits else int(digits)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return -value if sign == "-" else value


_CJK = re.compile(r"[\u3400-\u9fff]")
_RUN_TOGETHER = re.compile(r"\d[+-]\d")


def _cell_token(cell: str) -> Token | None:
    """The one number (or blank mark) a table cell holds; None if it holds more, or words."""
    found = tokens(cell)
    if not found:
        return Token("", "", True, blank=True) if not _CJK.search(cell) else None
    return found[0] if len(found) == 1 else None


def walled_cells(segment: str, n: int, labelled: bool = True) -> list[Token] | None:
    """Cells of a row written with walls (tabs from a web page or Word, "|" from Markdown).

    `labelled`: the segment starts inside the row's label, whose rest is the first cell, and Markdown
    may have cut the label into more cells. On a copy that lost its line breaks the last cell runs
    into the next row's label ("0 （四）无法提供"); its leading number, if any, is the cell. None when the
    cells do not come to exactly n: their places are then unknown.
    """
    line = segment.lstrip("\n ").split("\n")[0] if not labelled else segment.split("\n")[0]
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
    if wall == "|" and parts and not parts[-1].strip():
        parts.pop()  # after the row's closing wall
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


def run_together(segment: str, toks: list[Token]) -> bool:
    """Digits of several cells written without separators ("1000001", "23+17410")."""
    return len(toks) == 1 or bool(_RUN_TOGETHER.search(segment))


def gap_readings(toks: list[Token], n: int) -> list[tuple[Token, ...]]:
    """Readings of k < n separated numbers as n cells whose blanks were lost: every placement in order."""
    blank = Token("", "", True, blank=True)
    found = []
    for places in combinations(range(n), len(toks)):
        cells = [blank] * n
        for place, token in zip(places, toks, strict=True):
            cells[place] = token
        found.append(tuple(cells))
    return found


def _cuts(digits: str, k: int):
    """Ways to cut a digit string into k numbers without leading zeros."""
    if k == 1:
        if len(digits) <= MAX_CELL_DIGITS and (digits == "0" or not digits.startswith("0")):
            yield (digits,)
        return
    for i in range(1, min(len(digits) - k + 1, MAX_CELL_DIGITS) + 1):
        head = digits[:i]
        if head.startswith("0") and head != "0":
            break
        for rest in _cuts(digits[i:], k - 1):
            yield (head, *rest)


def _token_cuts(token: Token, k: int):
    if k == 1:
        yield (token,)
        return
    for parts in _cuts(token.digits, k):
        yield tuple(Token(token.sign if i == 0 else "", part, False) for i, part in enumerate(parts))


def _splits(toks: list[Token], n: int):
    """Readings of run-together tokens as exactly n cells, each token giving one or more cells."""
    if not toks:
        if n == 0:
            yield ()
        return
    first, rest = toks[0], toks[1:]
    room = sum(t.max_parts for t in rest)
    for k in range(1, first.max_parts + 1):
        if len(rest) <= n - k <= room:
            for cut in _token_cuts(first, k):
                for tail in _splits(rest, n - k):
                    yield cut + tail


def readings(toks: list[Token], n: int) -> tuple[list[tuple[Token, ...]], str]:
    """All readings of `toks` as n cells, and how they were got: "direct", "split" or "dropped"."""
    if len(toks) == n:
        return [tuple(toks)], "direct"
    found = []
    if len(toks) < n:
        how, source = "split", _splits(toks, n)
    else:
        how = "dropped"
        source = (tuple(t for i, t in enumerate(toks) if i not in set(drop))
                  for drop in combinations(range(len(toks)), len(toks) - n))
    for reading in source:
        found.append(reading)
        if len(found) > MAX_READINGS:
            raise OverflowError
    return found, how


def values(reading: tuple[Token, ...]) -> tuple:
    return tuple(None if t.blank else number(t.sign, t.digits) for t in reading)


def spare_cell_readings(toks: list[Token], n: int) -> list[tuple[Token, ...]]:
    """Run-together digits of a row copied with one spare cell (a hidden column): n + 1 cells, less one."""
    found: dict[tuple, None] = {}
    for reading in _splits(toks, n + 1):
        for i in range(n + 1):
            found[reading[:i] + reading[i + 1:]] = None
        if len(found) > MAX_READINGS:
            raise OverflowError
    return list(found)
