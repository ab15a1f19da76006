"""The importer on corpus copies mutated the ways copies and publishers err: no number may come out wrong.

    python3 bench/import_mutations.py

- shifted: in each laid-out PDF copy (pdftotext -layout), every number of tables 三 and 四 moved 1 to 3
  columns left or right (without crossing another): a PDF's own jitter.
- typo: in each copy of Shanghai's whose blank cells are lost or far apart (PDF, Markdown), every number
  of table 三 made one more or one less: a published table that no longer adds up.

For each: mutations tried, those with any wrong number (a typo's own number excepted), blank cells
per import on average. Not a timing (it takes a few minutes).
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handlers.report import parse_report  # noqa: E402
from tests.report_corpus import CORPUS, cells, expected  # noqa: E402

NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.])")


def shifted(text: str):
    """(mutated text, None) for every number of tables 三 and 四 moved 1–3 columns along its line."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if "三、收到和处理" in line)
    last = next(i for i, line in enumerate(lines) if line.startswith("五、"))
    for i in range(first, last):
        for m in NUMBER.finditer(lines[i]):
            for shift in (-3, -2, -1, 1, 2, 3):
                rest = (lines[i][:m.start()] + " " * len(m.group()) + lines[i][m.end():]).ljust(m.end() + 4)
                at = m.start() + shift
                if at < 1 or rest[at - 1] != " " or rest[at:at + len(m.group()) + 1].strip():
                    continue
                moved = (rest[:at] + m.group() + rest[at + len(m.group()):]).rstrip()
                if moved.split() == lines[i].split():
                    yield "\n".join(lines[:i] + [moved] + lines[i + 1:]), None


def typos(text: str):
    """(mutated text, the new number) for every number of table 三 made one more or one less."""
    start = text.index("三、收到和处理")
    end = text.index("政府信息公开行政复议", start)
    for m in NUMBER.finditer(text, start, end):
        if text[m.start() - 1] in " |\t\n":
            for value in (int(m.group()) - 1, int(m.group()) + 1):
                if value >= 0:
                    yield text[:m.start()] + str(value) + text[m.end():], value


def run(kind: str, name: str, mutations) -> None:
    want = cells(expected(CORPUS / name))
    tried = bad = blank = 0
    for text, typo in mutations((CORPUS / name).read_text(encoding="utf-8")):
        got = cells(parse_report(text).report)
        tried += 1
        bad += any(got[c] is not None and got[c] != want[c] and got[c] != typo for c in want)
        blank += sum(got[c] is None and want[c] is not None for c in want)
    print(f"{kind:8} {name:38} mutations {tried:5}  with a wrong number {bad:3}  "
          f"blank cells per import {blank / max(tried, 1):5.1f}")


def main() -> None:
    for path in sorted(CORPUS.glob("*.pdf-layout.txt")) + sorted(CORPUS.glob("*.pdf-centred.txt")):
        run("shifted", path.name, shifted)
    for name in ("shanghai-bgt-2019.pdf-raw.txt", "shanghai-bgt-2019.pdf-layout.txt", "shanghai-bgt-2019.md"):
        run("typo", name, typos)


if __name__ == "__main__":
    main()
