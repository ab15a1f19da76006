"""The annual report as plain text (the published layout), Markdown and JSON.

`drafts` holds the prose parts staff write: {"overview": 一, "problems": 五, "other": 六}. A part not
drafted is the report's own prose when it was imported (report["prose"], as published), else, for a
year tallied from records only, generated: 一 from overview_prefill(report), 五 and 六 a placeholder.
"""

import json

from disclosure.report.templates import APPLICANT_COLUMNS, SECTION4_COLUMNS, SECTION4_GROUPS, TEMPLATES
from handlers.report.layout import (
    Grid,
    cell_value,
    column_header,
    fmt,
    section2_grid,
    section3_grid,
    section4_grid,
)

PARTS = (
    ("一、总体情况", "overview"),
    ("二、主动公开政府信息情况", None),
    ("三、收到和处理政府信息公开申请情况", None),
    ("四、政府信息公开行政复议、行政诉讼情况", None),
    ("五、存在的主要问题及改进情况", "problems"),
    ("六、其他需要报告的事项", "other"),
)
PLACEHOLDERS = {
    "problems": "（待填写：本年度政府信息公开工作存在的主要问题，以及上年问题的改进情况。）",
    "other": "（待填写：其他需要报告的事项；收取信息处理费的，在此报告收费情况。没有的写“无”。）",
}


def overview_prefill(report: dict) -> str:
    """A first sentence for 一、总体情况, from table 三's 总计 column."""
    totals = {key: row["total"] for key, row in report["section3"].items()}
    shown = {key: "__" if value is None else value for key, value in totals.items()}
    carried = f"（另有上年结转{shown['carried_over']}件）" if totals["carried_over"] != 0 else ""
    return (f"全年共收到政府信息公开申请{shown['new_received']}件{carried}，"
            f"办结{shown['total_processed']}件，结转下年度{shown['carried_forward']}件。")


def title(report: dict) -> str:
    return f"{report['agency']['name']}{report['year']}年政府信息公开工作年度报告"


def preamble(report: dict) -> str:
    document = TEMPLATES[report["template"]].document
    return (f"本报告根据《中华人民共和国政府信息公开条例》和{document}的要求编制，"
            f"统计时间自{report['year']}年1月1日起至{report['year']}年12月31日。")


def prose(report: dict, drafts: dict | None, key: str) -> str:
    text = (drafts or {}).get(key, "").strip() or report.get("prose", {}).get(key, "").strip()
    if text or report.get("source") == "imported":  # a published report's words are never made up
        return text
    return overview_prefill(report) if key == "overview" else PLACEHOLDERS[key]


def _tabbed(grid: Grid) -> str:
    return "\n".join("\t".join(row) for row in grid.text_rows())


def render_text(report: dict, drafts: dict | None = None) -> str:
    tables = {"二": section2_grid, "三": section3_grid, "四": section4_grid}
    parts = [title(report), preamble(report)]
    for heading, key in PARTS:
        body = prose(report, drafts, key) if key else _tabbed(tables[heading[0]](report))
        parts += [heading, body]
    return "\n\n".join(parts) + "\n"


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _md_section2(report: dict) -> str:
    tables = []
    for block in TEMPLATES[report["template"]].section2:
        rows = [[row.label] + [fmt(cell_value(report["section2"][row.key][f.key], f), f) for f in block.columns]
                for row in block.rows]
        tables.append(f"**{block.title}**\n\n" + _md_table(["信息内容", *(column_header(c, report["section2"], [r.key for r in block.rows])
                                                             for c in block.columns)], rows))
    return "\n\n".join(tables)


def _md_section3(report: dict) -> str:
    rows = [[f"{row.group} {row.label}".strip()] + [fmt(report["section3"][row.key][c.key]) for c in APPLICANT_COLUMNS]
            for row in TEMPLATES[report["template"]].section3]
    return _md_table(["项目", *(c.label for c in APPLICANT_COLUMNS)], rows)


def _md_section4(report: dict) -> str:
    rows = [[g.label] + [fmt(report["section4"][g.key][c.key]) for c in SECTION4_COLUMNS] for g in SECTION4_GROUPS]
    return _md_table(["", *(c.label for c in SECTION4_COLUMNS)], rows)


def render_markdown(report: dict, drafts: dict | None = None) -> str:
    tables = {"二": _md_section2, "三": _md_section3, "四": _md_section4}
    parts = [f"# {title(report)}", preamble(report)]
    for heading, key in PARTS:
        parts += [f"## {heading}", prose(report, drafts, key) if key else tables[heading[0]](report)]
    return "\n\n".join(parts) + "\n"


def render_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)
