"""The corpus of published reports (tests/data/reports): each copy, its format, and cell-by-cell scoring.

A report NAME has NAME.expected.json (its tables typed in by hand from the published page; a cell
published blank is null), NAME.source.toml (where it was published, and how each copy was made), and
its copies NAME.<format>: web.txt / published-web.txt (browser copy), oneline.txt, pdf-layout.txt,
pdf-centred.txt, pdf-raw.txt, md, docx.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from handlers.report import parse_report, parse_report_docx

CORPUS = Path(__file__).parent / "data" / "reports"
FORMATS = {"web.txt": "web multi-line", "published-web.txt": "web multi-line", "oneline.txt": "web one-line",
           "pdf-layout.txt": "PDF text", "pdf-centred.txt": "PDF text", "pdf-raw.txt": "PDF text", "md": "Markdown",
           "docx": "Word"}


def copies() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name.partition(".")[2] in FORMATS)


def format_of(path: Path) -> str:
    return FORMATS[path.name.split(".", 1)[1]]


def expected(path: Path) -> dict:
    return json.loads((CORPUS / f"{path.name.split('.')[0]}.expected.json").read_text(encoding="utf-8"))


def read(path: Path):
    if path.suffix == ".docx":
        return parse_report_docx(path.read_bytes())
    return parse_report(path.read_text(encoding="utf-8"))


def cells(report: dict) -> dict[tuple, object]:
    """Every cell of tables 二 to 四 by (section, row, column); money as its value."""
    return {(section, row, column): value["value"] if isinstance(value, dict) else value
            for section in ("section2", "section3", "section4")
            for row, columns in report[section].items() for column, value in columns.items()}


@dataclass
class Score:
    right: int = 0
    blank: int = 0  # left null where a number was published
    wrong: list = field(default_factory=list)  # (cell, published, read)
    unlisted: list = field(default_factory=list)  # blank cells missing from the uncertain list

    @property
    def total(self) -> int:
        return self.right + self.blank + len(self.wrong)

    def add(self, other: "Score") -> "Score":
        return Score(self.right + other.right, self.blank + other.blank, self.wrong + other.wrong,
                     self.unlisted + other.unlisted)


def score(path: Path) -> Score:
    result = read(path)
    want, got = cells(expected(path)), cells(result.report)
    listed = {(u["section"], u["row"], u["column"]) for u in result.uncertain}
    found = Score()
    for cell, published in want.items():
        if got[cell] == published:
            found.right += 1
        elif got[cell] is None:
            found.blank += 1
            if cell not in listed:
                found.unlisted.append(cell)
        else:
            found.wrong.append((cell, published, got[cell]))
    return found


def by_format() -> dict[str, Score]:
    totals: dict[str, Score] = {}
    for path in copies():
        totals[format_of(path)] = totals.get(format_of(path), Score()).add(score(path))
    return totals
