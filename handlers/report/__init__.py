"""The annual report's import (from published text or .docx) and its renderings.

    parse_report(text) -> ImportResult        # .report (contract dict), .warnings, .uncertain
    parse_report_docx(data: bytes) -> ImportResult
    render_text / render_markdown / render_json (str), render_docx / render_xlsx (bytes)
    overview_prefill(report) -> str           # a first sentence for part 一、总体情况
"""

from handlers.report.document import ReportImportError
from handlers.report.docx_input import docx_text, parse_report_docx
from handlers.report.importer import ImportResult, parse_report
from handlers.report.render_text import overview_prefill, render_json, render_markdown, render_text
from handlers.report.render_xlsx import render_xlsx


def render_docx(report: dict, *args, **kwargs) -> bytes:
    """The report as .docx; python-docx (and lxml, some 10 MB) is loaded only when one is asked for."""
    from handlers.report.docx_output import render_docx as render

    return render(report, *args, **kwargs)


__all__ = [
    "ImportResult",
    "ReportImportError",
    "docx_text",
    "overview_prefill",
    "parse_report",
    "parse_report_docx",
    "render_docx",
    "render_json",
    "render_markdown",
    "render_text",
    "render_xlsx",
]
