"""`gongkai report|import-report|figures|draft`: the annual report (政府信息公开工作年度报告)."""

import sys
from pathlib import Path

from disclosure.report.checks import describe
from disclosure.report.templates import TEMPLATES
from handlers.report.service import (
    FORMATS,
    PARTS,
    get_drafts,
    import_report,
    list_figures,
    render_as,
    report_for,
    set_draft,
    set_figure,
)

from .common import add_agency, add_format, container_for, file_error, positive_int, print_json, write_output

# ReportError, ReportImportError (names the line), InvalidFigure and the pre-2019 refusal are ValueErrors.
ERRORS = (ValueError,)


def register(sub) -> None:
    p = sub.add_parser("report", help="生成政府信息公开工作年度报告")
    p.add_argument("year", type=positive_int)
    add_agency(p)
    p.add_argument("--template", choices=list(TEMPLATES), help="模板（默认按年度：2019–2020年用2019，2021年起用2021）")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="写入文件（docx、xlsx 输出到终端时必须指定）")
    p.add_argument("--empty", action="store_true", help="本年度确无任何数据时也生成全零报告（默认报错，退出码1）")
    p.set_defaults(run=_report)

    p = sub.add_parser("import-report", help="导入已发布的年度报告（文本或 .docx）")
    p.add_argument("file")
    add_agency(p)
    add_format(p)
    p.set_defaults(run=_import)

    fig = sub.add_parser("figures", help="年度报告表二（主动公开）数据").add_subparsers(dest="figures_command",
                                                                              required=True)
    p = fig.add_parser("set")
    p.add_argument("year", type=positive_int)
    p.add_argument("key", help="如 licensing.decisions、procurement.amount")
    p.add_argument("value")
    p.add_argument("--unit", help="金额单位：元、万元、亿元")
    add_agency(p)
    p.set_defaults(run=_figure_set)
    p = fig.add_parser("list")
    p.add_argument("year", type=positive_int)
    add_agency(p)
    add_format(p)
    p.set_defaults(run=_figure_list)

    dr = sub.add_parser("draft", help="年度报告文字部分（一、五、六）").add_subparsers(dest="draft_command", required=True)
    p = dr.add_parser("set")
    p.add_argument("year", type=positive_int)
    p.add_argument("part", choices=list(PARTS), help="overview=一、总体情况；problems=五；other=六")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("text", nargs="?")
    source.add_argument("--file", metavar="F")
    add_agency(p)
    p.set_defaults(run=_draft_set)
    p = dr.add_parser("show")
    p.add_argument("year", type=positive_int)
    add_agency(p)
    p.set_defaults(run=_draft_show)


def _failed(err: Exception) -> int:
    print(f"错误：{err}", file=sys.stderr)
    return 1


async def _report(args, settings) -> int:
    binary = args.format in ("docx", "xlsx")
    if binary and not args.output and sys.stdout.isatty():
        return _failed(f"{args.format} 是二进制文件，请用 -o 文件名 指定输出文件（或重定向到文件）。")
    try:
        async with container_for(settings) as c:
            report = await report_for(c, args.year, args.agency, args.template, args.empty)
            output = render_as(report, await get_drafts(c, args.year, args.agency), args.format)
    except ERRORS as err:
        return _failed(err)
    if "draft_as_of" in report:
        print(f"注意：{args.year}年尚未结束，本报告为截至{report['draft_as_of']}的草稿。", file=sys.stderr)
    if args.output:
        try:
            print(write_output(args.output, output), file=sys.stderr)
        except OSError as err:
            return _failed(file_error(err))
    elif binary:
        sys.stdout.buffer.write(output)
    else:
        print(output, end="" if output.endswith("\n") else "\n")
    return 0


async def _import(args, settings) -> int:
    try:
        async with container_for(settings) as c:
            outcome = await import_report(c, args.file, args.agency)
    except ERRORS as err:
        return _failed(err)
    report = outcome.report
    if args.format == "json":
        print_json({"report": report, "replaced": outcome.replaced, "warnings": outcome.warnings,
                    "uncertain": outcome.uncertain, "failing_checks": outcome.failing})
        return 0
    print(f"已导入：{report['agency']['name']}（{report['agency']['code']}）{report['year']}年度报告，"
          f"{TEMPLATES[report['template']].document}模板")
    kept = "、".join(PARTS[k] for k in PARTS if k in report.get("prose", {}))
    print(f"保留原报告文字：{kept}" if kept else "原报告没有可保留的文字部分（一、五、六）。")
    for warning in outcome.warnings:
        print(f"注意：{warning}")
    for check in outcome.failing:
        print(f"勾稽关系不符：{describe(check, report['template'])}")
    unchecked = len(report.get("checks_not_evaluated", []))
    print(f"勾稽关系：检查{len(report['checks'])}项，不符{len(outcome.failing)}项"
          + (f"，因空白单元格未检查{unchecked}项" if unchecked else "") + "。")
    return 0


async def _figure_set(args, settings) -> int:
    try:
        async with container_for(settings) as c:
            view = await set_figure(c, args.year, args.key, args.value, args.unit, args.agency)
    except ERRORS as err:
        return _failed(err)
    was = f"（原为{_shown(view['previous'])}）" if view["previous"] is not None else ""
    print(f"{args.year}年 {view['label']}：{_shown(view['value'])}{was}")
    return 0


def _shown(value) -> str:
    return f"{value['value']}{value['unit']}" if isinstance(value, dict) else str(value)


async def _figure_list(args, settings) -> int:
    try:
        async with container_for(settings) as c:
            views = await list_figures(c, args.year, args.agency)
    except ERRORS as err:
        return _failed(err)
    if args.format == "json":
        print_json(views)
    elif not views:
        print(f"{args.year}年尚未录入表二数据。")
    for view in views if args.format == "text" else ():
        print(f"{view['key']}\t{view['label']}\t{_shown(view['value'])}")
    return 0


async def _draft_set(args, settings) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8") if args.file else args.text
        async with container_for(settings) as c:
            view = await set_draft(c, args.year, args.part, text, args.agency)
    except OSError as err:
        return _failed(f"无法读取文件{args.file}：{err.strerror}")
    except ERRORS as err:
        return _failed(err)
    print(f"已{'更新' if view['replaced'] else '保存'}{args.year}年度报告“{view['title']}”（{view['chars']}字）。")
    return 0


async def _draft_show(args, settings) -> int:
    async with container_for(settings) as c:
        drafts = await get_drafts(c, args.year, args.agency)
    for part, title in PARTS.items():
        print(f"{title}\n{drafts.get(part, '（未填写）')}\n")
    return 0
