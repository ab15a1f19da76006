"""`gongkai reminders preview --as-of DATE`: the staff reminders a scan on that day would queue, queuing nothing."""

from handlers.reminders import scan as reminders

from .common import add_agency, add_format, container_for, iso_date, print_rows


def register(sub) -> None:
    group = sub.add_parser("reminders", help="期限提醒").add_subparsers(dest="reminders_command", required=True)
    p = group.add_parser("preview", help="列出某日扫描将发送的提醒（含补发；只列出，不发送）")
    p.add_argument("--as-of", required=True, type=iso_date, help="日期 YYYY-MM-DD")
    add_agency(p)
    add_format(p)
    p.set_defaults(run=_preview)


async def _preview(args, settings) -> int:
    async with container_for(settings) as c:
        lines = await reminders.preview(c, args.as_of, args.agency)
    return print_rows(args, lines, f"{args.as_of} 没有计划发送的提醒。", _line)


def _line(r: dict) -> str:
    who = r["recipient"] or "（无已绑定微信的工作人员，不会发送）"
    return f"{r['number']}  {r['kind']:<28} 期限 {r['due_on']}  {r['text']}  → {who}"
