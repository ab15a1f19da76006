"""The annual report: the tables as published, every cross-check, charts, the prose and section 二 to edit,
and the downloads (/console/reports/<year>.<fmt>)."""

from aiohttp import web

from disclosure.categories import Channel
from disclosure.report.checks import describe, place
from disclosure.report.figures import MONEY_UNITS, figure_fields
from disclosure.report.templates import APPLICANT_COLUMNS, MONEY, SECTION_TITLES, TEMPLATES, template_for_year
from handlers.report import service as reports
from handlers.report.layout import Grid, section2_grid, section3_grid, section4_grid

from . import charts
from .auth import ACCOUNT, actor, needs
from .web import container, done, render

DOWNLOADS = {"docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
             "json": ("json", "application/json; charset=utf-8"), "txt": ("text", "text/plain; charset=utf-8")}


def html_rows(grid: Grid) -> list[list]:
    """The grid's spans by row, in column order, for <td rowspan colspan>; covered cells omitted."""
    rows = [[] for _ in range(grid.height)]
    for span in sorted(grid.spans, key=lambda s: (s.row, s.col)):
        rows[span.row].append(span)
    return rows


def _year(request: web.Request) -> int:
    today = container(request).today()
    raw = request.match_info.get("year") or request.query.get("year", "")
    return int(raw) if raw.isdigit() else today.year - 1 if today.month <= 3 else today.year


def _charts(report: dict, monthly: dict) -> list:
    s3 = report["section3"]
    rows = TEMPLATES[report["template"]].section3
    outcomes = [(f"{r.group}：{r.label}" if r.group else r.label, s3[r.key]["total"])
                for r in rows if r.is_result and r.key != "total_processed"]
    categories = [(c.label, s3["new_received"][c.key]) for c in APPLICANT_COLUMNS if c.key != "total"]
    return [charts.monthly(monthly, [(c.value, c.label) for c in Channel], "各月收到的申请（按渠道）"),
            charts.bars(outcomes, "办理结果"), charts.bars(categories, "本年新收申请的申请人类型")]


async def page(request: web.Request) -> web.Response:
    c, code, year = container(request), request[ACCOUNT].agency_code, _year(request)
    template = request.query.get("template") or None
    report = await reports.report_for(c, year, code, template)
    drafts = await reports.get_drafts(c, year, code)
    figures = {f["key"]: f["value"] for f in await reports.list_figures(c, year, code)}
    fields = figure_fields(template_for_year(year))
    return await render(request, "report.html", {
        "title": f"{year}年度报告", "year": year, "report": report, "template": report["template"],
        "templates": TEMPLATES, "years": list(range(c.today().year, 2018, -1)),
        "grids": [(SECTION_TITLES[key], html_rows(grid(report)))
                  for key, grid in (("section2", section2_grid), ("section3", section3_grid), ("section4", section4_grid))],
        "charts": _charts(report, await reports.monthly_channels(c, year, code)),
        "failing": [describe(x, report["template"]) for x in report["checks"] if not x["ok"]],
        "checks": [(place(x, report["template"]), x) for x in report["checks"]], "parts": reports.PARTS, "drafts": drafts,
        "fields": fields, "figures": figures, "money": MONEY, "units": MONEY_UNITS,
        "may": request[ACCOUNT].role.may, "downloads": DOWNLOADS})


async def download(request: web.Request) -> web.Response:
    fmt = request.match_info["fmt"]
    if fmt not in DOWNLOADS:
        raise reports.ReportError(f"不支持的格式“{fmt}”，可选：{'、'.join(DOWNLOADS)}")
    year, (kind, mime) = _year(request), DOWNLOADS[fmt]
    body = await reports.render(container(request), year, kind, request[ACCOUNT].agency_code,
                                request.query.get("template") or None)
    return web.Response(body=body.encode() if isinstance(body, str) else body, headers={
        "Content-Type": mime, "Content-Disposition": f'attachment; filename="report-{year}.{fmt}"'})


@needs("work")
async def draft(request: web.Request) -> web.Response:
    form, year = await request.post(), _year(request)
    view = await reports.set_draft(container(request), year, str(form.get("part", "")), str(form.get("text", "")),
                                   request[ACCOUNT].agency_code, actor(request))
    return await done(request, f"已保存“{view['title']}”（{view['chars']}字）。", f"/console/reports?year={year}#prose")


@needs("manage")
async def figure(request: web.Request) -> web.Response:
    """Every filled field of the form is stored (set_figure checks it against the year's template)."""
    form, year, code = await request.post(), _year(request), request[ACCOUNT].agency_code
    saved = 0
    for key, (_, column) in figure_fields(template_for_year(year)).items():
        text = str(form.get(key, "")).strip()
        if text:
            unit = str(form.get(f"{key}.unit", "")) or None if column.kind == MONEY else None
            await reports.set_figure(container(request), year, key, text, unit, code, actor(request))
            saved += 1
    return await done(request, f"已保存表二数据{saved}项。", f"/console/reports?year={year}#section2")
