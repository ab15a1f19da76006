"""`gongkai agency|appeal|calendar|db`: agencies, appeals, the holiday calendar and the schema."""

from datetime import date

from bot.bootstrap import bootstrap, ensure_default_agency
from config.calendar_data import load_calendar
from handlers.admin.agencies import add_agency, list_agencies
from handlers.applications.appeals import (
    KIND_LABELS,
    RESULT_LABELS,
    AppealKind,
    AppealResult,
    add_appeal,
    decide_appeal,
    list_appeals,
)
from storage import migrate

from .common import add_agency as add_agency_arg
from .common import add_format, choice, container_for, iso_date, positive_int, print_json, print_rows


def register(sub) -> None:
    ag = sub.add_parser("agency", help="机关管理").add_subparsers(dest="agency_command", required=True)
    p = ag.add_parser("add")
    p.add_argument("code")
    p.add_argument("name")
    p.set_defaults(run=_agency_add)
    p = ag.add_parser("list")
    add_format(p)
    p.set_defaults(run=_agency_list)

    ap = sub.add_parser("appeal", help="行政复议、行政诉讼").add_subparsers(dest="appeal_command", required=True)
    p = ap.add_parser("add")
    p.add_argument("number")
    p.add_argument("--kind", required=True, type=choice({AppealKind(k): v for k, v in KIND_LABELS.items()}))
    p.add_argument("--filed", required=True, type=iso_date)
    add_agency_arg(p)
    add_format(p)
    p.set_defaults(run=_appeal_add)
    p = ap.add_parser("decide")
    p.add_argument("id", type=positive_int)
    p.add_argument("--result", required=True, type=choice({AppealResult(k): v for k, v in RESULT_LABELS.items() if k}))
    p.add_argument("--date", required=True, type=iso_date)
    add_agency_arg(p)
    add_format(p)
    p.set_defaults(run=_appeal_decide)
    p = ap.add_parser("list", help="列出复议、诉讼（新提起的在前）")
    p.add_argument("--pending", action="store_true", help="只列尚未审结的")
    add_agency_arg(p)
    add_format(p)
    p.set_defaults(run=_appeal_list)

    p = sub.add_parser("calendar", help="列出某年的节假日和调休上班日")
    p.add_argument("year", type=positive_int)
    add_format(p)
    p.set_defaults(run=_calendar)

    db = sub.add_parser("db", help="数据库").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="应用数据库迁移").set_defaults(run=_db_upgrade)


async def _agency_add(args, settings) -> int:
    async with container_for(settings) as c:
        view = await add_agency(c, args.code, args.name)
    print(f"已添加机关：{view['code']} {view['name']}")
    return 0


async def _agency_list(args, settings) -> int:
    async with container_for(settings) as c:
        views = await list_agencies(c)
        default = c.default_agency
    if args.format == "json":
        print_json(views)
    for v in views if args.format == "text" else []:
        print(f"{v['code']}\t{v['name']}" + ("\t（默认）" if v["code"] == default else ""))
    return 0


async def _appeal_add(args, settings) -> int:
    async with container_for(settings) as c:
        view = await add_appeal(c, args.number.strip(), args.kind, args.filed, args.agency)
    print_json(view) if args.format == "json" else print(view["id"])
    return 0


async def _appeal_decide(args, settings) -> int:
    async with container_for(settings) as c:
        view = await decide_appeal(c, args.id, args.result, args.date, args.agency)
    print_json(view) if args.format == "json" else print(f"{view['kind_label']} {view['id']}：{view['result_label']}（{view['decided_on']}）")
    return 0


async def _appeal_list(args, settings) -> int:
    async with container_for(settings) as c:
        rows = await list_appeals(c, args.agency, args.pending)
    return print_rows(args, rows, "没有复议或诉讼记录。", lambda v: (
        f"{v['id']}\t{v['kind_label']}\t申请{v['application'] or '-'}\t提起{v['filed_on']}\t{v['result_label']}"
        + (f"（{v['decided_on']}）" if v["decided_on"] else "")))


async def _calendar(args, settings) -> int:
    cal = load_calendar(settings.data_dir)
    off, on = cal.year_days(args.year)
    known = args.year in cal.known_years
    if args.format == "json":
        print_json({"year": args.year, "official": known, "holidays": off, "workdays": on})
        return 0
    if not known:
        print(f"警告：{args.year}年的国务院节假日安排尚未录入，该年只按周末计算工作日。公布后请在 holidays.toml 中补充。")
    print(f"{args.year}年法定节假日（放假日）：")
    for day in off:
        print(f"  {day} 星期{'一二三四五六日'[day.weekday()]}")
    print(f"{args.year}年调休上班日：")
    for day in on:
        print(f"  {day} 星期{'一二三四五六日'[day.weekday()]}")
    return 0


async def _db_upgrade(args, settings) -> int:
    container = await bootstrap(settings, migrate_embedded=False)
    try:
        await migrate.upgrade(container.engine)
        await ensure_default_agency(container)
    finally:
        await container.close()
    print(f"数据库已升级到最新版本（{date.today()}）。")
    return 0
