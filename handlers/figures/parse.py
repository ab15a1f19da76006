"""Recognising a question about the annual report's figures: which year, which cells."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from disclosure.report.templates import AMOUNT, MONEY, TEMPLATES
from handlers.figures import vocabulary as v

_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "o": "0"}
_YEAR_FULL = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_CHINESE = re.compile(r"([〇零○一二三四五六七八九o]{2,4})年")
_YEAR_SHORT = re.compile(r"(?<!\d)(\d{2})年")
# Longest first: 大前年 contains 前年.
_RELATIVE = (("大前年", -3), ("前年", -2), ("去年", -1), ("今年", 0))


@dataclass(frozen=True)
class FiguresQuery:
    """A figures question: the report year, whether the citizen named it, and the cells asked about.

    `cells` are paths into the report JSON contract, e.g. "section2.licensing.decisions" or
    "section3.new_received.total"; several cells are summed in the answer (法人 = five columns).
    No cells: the question asks for a figure the tables do not hold, named by `unheld`.
    """

    year: int
    year_stated: bool
    cells: tuple[str, ...]
    unheld: str = ""

    @property
    def template(self) -> str:
        return "2019" if self.year <= 2020 else "2021"


def parse_figures_question(text: str, today: date) -> FiguresQuery | None:
    """The figures query in `text`, or None when it is not a question about the report's numbers.

    Without a year the question is about the latest report: the year before `today`.
    """
    text = unicodedata.normalize("NFKC", text).lower().replace(" ", "")
    year = parse_year(text, today)
    year_stated = year is not None
    if not year_stated:
        year = today.year - 1
    asks_number = any(cue.search(text) for cue in (v.COUNT_CUE, v.MONEY_CUE, v.SUPERLATIVE))
    unheld = _first(v.UNHELD, text)
    if unheld and asks_number and (year_stated or v.REPORT_WORDS.search(text)):
        return FiguresQuery(year, year_stated, (), unheld[0])  # "2020年平均多少天" too: not the guide's
    if not (year_stated or v.COUNT_CUE.search(text)) or v.NOT_A_COUNT.search(text):
        return None
    template = "2019" if year <= 2020 else "2021"
    cells = _section4(text) or _section2(text, template) or _section3(text, template, year_stated)
    if cells and v.MONEY_CUE.search(text) and not _money(cells[0], template):
        return FiguresQuery(year, year_stated, (), "这笔金额（表中这一项只有件数或项目数）")
    if cells:
        return FiguresQuery(year, year_stated, cells)
    # a year and a count, but nothing the tables hold: said so, never the nearest cell's number
    return FiguresQuery(year, True, (), "这项数字") if year_stated and asks_number else None


def _money(path: str, template: str) -> bool:
    section, row, *column = path.split(".")
    if section != "section2" or not column:
        return False
    block = next(b for b in TEMPLATES[template].section2 if any(r.key == row for r in b.rows))
    return any(c.key == column[0] and c.kind in (MONEY, AMOUNT) for c in block.columns)


def parse_year(text: str, today: date) -> int | None:
    """The year named in `text`: 2020, 2020年, 二〇二〇年, 二零二零年, 20年, 今年, 去年, 前年, 大前年."""
    text = unicodedata.normalize("NFKC", text).lower()
    if match := _YEAR_FULL.search(text):
        return int(match.group(1))
    if match := _YEAR_CHINESE.search(text):
        digits = "".join(_DIGITS[c] for c in match.group(1))
        return _widen(int(digits), len(digits), today)
    if match := _YEAR_SHORT.search(text):
        return _widen(int(match.group(1)), 2, today)
    for word, offset in _RELATIVE:
        if word in text:
            return today.year + offset
    return None


def _widen(number: int, digits: int, today: date) -> int:
    """A two-digit year in this century unless that would be in the future."""
    if digits == 4:
        return number
    return 2000 + number if 2000 + number <= today.year else 1900 + number


def _first(rules, text: str) -> tuple[str, ...]:
    return next((keys for pattern, keys in rules if pattern.search(text)), ())


def _section2(text: str, template: str) -> tuple[str, ...]:
    rows = _first(v.SECTION2_ROWS, text)
    if not rows:
        return ()
    row = rows[0]
    columns = v.SECTION2_COLUMNS[template].get(row)
    if columns is None:  # a row the year's template does not have; answer.py explains
        return (f"section2.{row}",)
    column = next(key for pattern, key in columns if not pattern or re.search(pattern, text))
    return (f"section2.{row}.{column}",)


def _section3(text: str, template: str, year_stated: bool) -> tuple[str, ...]:
    rows = _first(v.SECTION3_ROWS, text)
    if not rows and year_stated and "申请" in text:
        rows = ("new_received",)  # "2020年申请多少件"
    if rows == ("other",) or (template == "2019" and rows and set(rows) <= v.OTHER_2021_ROWS):
        rows = v.OTHER_ROWS[template]
    rows = tuple(r for r in rows if any(r == row.key for row in TEMPLATES[template].section3))
    if not rows:
        return ()
    columns = tuple(k for pattern, (k,) in v.SECTION3_COLUMNS if pattern.search(text))
    if not columns:
        columns = v.ORGANISATION_COLUMNS if v.ORGANISATIONS.search(text) else ("total",)
    return tuple(f"section3.{row}.{column}" for row in rows for column in columns)


def _section4(text: str) -> tuple[str, ...]:
    rows = _first(v.SECTION4_ROWS, text)
    column = _first(v.SECTION4_COLUMNS, text) or ("total",)
    return tuple(f"section4.{row}.{column[0]}" for row in rows)
