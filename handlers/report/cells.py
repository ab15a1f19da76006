"""Reading one table row's numbers out of the text between its label and the next label.

A row of n cells may come as n separated numbers, with blank cells (an empty tab or Markdown cell,
or a lone "—" or "/"), with blank cells lost (a PDF or a one-line copy: "258 12 1 1" for seven
cells), with digits run together ("1000001"), or with extra numbers (a copied table with a spare
column). Every reading of the text that yields exactly n cells is a candidate; the caller
keeps those that satisfy the table's sums and marks cells uncertain where several remain.
"""

import re
from dataclasses import dataclass, field
from itertools import combinations

# Enumerators of the next label ("5. 要求…", run together: "00000005.要求…"): digits then a dot or 、
# then text. Only the last digit is the enumerator; any before it belong to this row.
_ENUMERATOR = re.compile(r"(\d+)\s*[.、](?=\s*(?:[^\d\s]|$))")
_GROUP_MARK = re.compile(r"\([一二三四五六七八九十\d]+\)")
_TOKEN = re.compile(
    r"(?P<num>[+\-增减]?(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?)"
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
    span: tuple[int, int] | None = field(default=None, compare=False)  # where in the segment it was written

    @property
    def max_parts(self) -> int:
        return 1 if self.atomic or self.blank else len(self.digits)


def _drop_enumerators(segment: str) -> str:
    """The segment with enumerators and group marks blanked out, every other character where it was."""
    segment = _GROUP_MARK.sub(lambda m: " " * len(m.group()), segment)
    return _ENUMERATOR.sub(lambda m: m.group(1)[:-1] + " " * (len(m.group()) - len(m.group(1)) + 1), segment)


def tokens(segment: str) -> list[Token]:
    found = []
    for m in _TOKEN.finditer(_drop_enumerators(segment)):
        if m.group("blank"):
            found.append(Token("", "", True, blank=True, span=m.span()))
            continue
        raw = m.group("num")
        sign = {"增": "+", "减": "-"}.get(raw[0], raw[0]) if raw[0] in "+-增减" else ""  # "减4": 本年增/减 in words
        body = raw.lstrip("+-增减")
        found.append(Token(sign, body.replace(",", ""), atomic="," in body or "." in body, span=m.span()))
    return found


def number(sign: str, digits: str) -> int | float:
    value = float(digits) if "." in digits else int(digits)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return -value if sign == "-" else value


_RUN_TOGETHER = re.compile(r"\d[+-]\d")


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
