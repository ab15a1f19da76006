"""Published report text, normalised for reading, with a way back to the original line numbers.

Text copied from web pages, PDFs or Word differs in bracket widths, digit widths, spaces and line
breaks, even inside a label ("要求行政机关确认或重新出具已获取信\n息"), and a PDF-to-Markdown converter
may cut a label into cells ("| 一、本 | 年新收政 | 府信息…"). Labels are therefore searched in a
"compact" view without whitespace or cell walls, while numbers are read from the full text, whose
separators tell cells apart.
"""

import bisect
import re
import unicodedata

# Page furniture that PDF and Word copies leave between table rows: "— 3 —", "- 12 -", "第3页 共9页".
_PAGE_JUNK = re.compile(r"^\s*(?:[—\-–]+\s*\d+\s*[—\-–]+|第\s*\d+\s*页\s*[,/]?\s*(?:共\s*\d+\s*页)?)\s*$")


class ReportImportError(ValueError):
    """A text that cannot be read as an annual report; the message names the line."""

    def __init__(self, line: int, message: str):
        super().__init__(f"第{line}行：{message}")
        self.line = line


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # a line break inside a Markdown table cell


def normalise_line(line: str) -> str:
    """NFKC turns （一）into (一), full-width digits and commas into ASCII, 　 into a space."""
    line = _BREAK.sub(" ", unicodedata.normalize("NFKC", line).replace("\u2212", "-"))
    return "" if _PAGE_JUNK.match(line) else line


def _written(raw: str, line: str) -> str:
    raw = _BREAK.sub(" ", raw) if line else ""
    return raw if len(raw) == len(line) else line


# Line breaks as str.splitlines() knows them, but for the form feed: pdftotext writes one before each
# page's first line, which an editor shows on that line. It starts a page, not a line.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\x1c\x1d\x1e\x85\u2028\u2029]")


def _split_pages(text: str) -> tuple[list[str], list[int]]:
    """The text's lines without form feeds, and the page (from 0) each line is on."""
    lines, pages, page = [], [], 0
    parts = _LINE_BREAK.split(text)
    for line in parts[:-1] if parts[-1] == "" else parts:
        page += line.count("\f")
        lines.append(line.replace("\f", ""))
        pages.append(page)
    return lines, pages


def _skipped(ch: str) -> bool:
    """Left out of the compact view: whitespace, and the cell walls of Markdown tables."""
    return ch.isspace() or ch == "|"


class Document:
    def __init__(self, text: str):
        raw_lines, self.pages = _split_pages(text)
        self.lines = [normalise_line(line) for line in raw_lines]
        self.text = "\n".join(self.lines)
        # The text as written (full-width punctuation kept), where its positions match `text`: for prose.
        self.written = "\n".join(_written(raw, line) for raw, line in zip(raw_lines, self.lines, strict=True))
        # Lines whose columns are those of the copy: normalising changed no character count.
        self.aligned = [len(raw) == len(line) for raw, line in zip(raw_lines, self.lines, strict=True)]
        self._line_starts = [0]
        for line in self.lines[:-1]:
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)
        self._compact_pos = [i for i, ch in enumerate(self.text) if not _skipped(ch)]
        self.compact = "".join(self.text[i] for i in self._compact_pos)

    def line_of(self, pos: int) -> int:
        """1-based line number of a position in `text`."""
        return bisect.bisect_right(self._line_starts, pos)

    def line_start(self, line: int) -> int:
        """Position in `text` where 1-based `line` starts."""
        return self._line_starts[line - 1]

    def line_text(self, line: int) -> str:
        return self.lines[line - 1].strip()

    def find(self, pattern: str | re.Pattern, start: int = 0, end: int | None = None) -> re.Match | None:
        """Search `pattern` in the compact view between text positions; the match spans compact indices."""
        lo = bisect.bisect_left(self._compact_pos, start)
        hi = len(self.compact) if end is None else bisect.bisect_left(self._compact_pos, end)
        return re.compile(pattern).search(self.compact, lo, hi)

    def span(self, match: re.Match) -> tuple[int, int]:
        """Text positions [start, end) of a compact match."""
        return self._compact_pos[match.start()], self._compact_pos[match.end() - 1] + 1

    def compact_pos(self, pos: int) -> int:
        """Index in the compact view of the first kept character at or after text position `pos`."""
        return bisect.bisect_left(self._compact_pos, pos)

    def text_pos(self, compact_index: int) -> int:
        """Text position of a compact index (the text's end for an index past the last character)."""
        return self._compact_pos[compact_index] if compact_index < len(self._compact_pos) else len(self.text)

    def column(self, pos: int) -> tuple[int, int] | None:
        """(page, column) of a text position on a line whose columns are those of the copy, else None."""
        line = self.line_of(pos)
        return (self.pages[line - 1], pos - self.line_start(line)) if self.aligned[line - 1] else None

    def first_content_line(self) -> int:
        return next((i for i, line in enumerate(self.lines, 1) if line.strip()), 1)
