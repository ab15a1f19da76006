"""Figures of the report importer on the corpus of published reports, per format of copy.

    python3 bench/import_corpus.py

For each format (web multi-line, web one-line, PDF text, Markdown, Word): cells read right, left
blank (null, listed as uncertain) where a number was published, and wrong. Not a timing.
"""

import sys
from functools import reduce
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.report_corpus import Score, by_format, copies, format_of, score  # noqa: E402


def line(name: str, s: Score) -> str:
    return (f"{name:40} cells {s.total:5}  right {s.right:5} ({s.right / s.total:6.1%})  "
            f"blank {s.blank:4}  wrong {len(s.wrong)}")


def main() -> None:
    for path in copies():
        print(line(f"{path.name} [{format_of(path)}]", score(path)))
    print()
    totals = by_format()
    for name, s in sorted(totals.items()):
        print(line(name, s))
    print(line("all", reduce(Score.add, totals.values(), Score())))


if __name__ == "__main__":
    main()
