"""`gongkai letter ...`: the written documents (文书) of every step: draft, issue, show, deliver; the
agency's document settings and templates."""

import sys
from pathlib import Path

from handlers.letters import delivery, service
from handlers.letters.views import WAYS

from . import letter_admin
from .common import (
    add_agency,
    add_format,
    container_for,
    file_error,
    iso_date,
    key_values,
    print_json,
    print_rows,
    write_output,
)

WAY_CHOICES = list(WAYS)


def register(sub) -> None:
    group = sub.add_parser("letter", help="文书：起草、出具、查看、送达").add_subparsers(dest="letter_command",
                                                                                required=True)
    p = group.add_parser("list", help="列出一件申请的文书和应出具的文书")
    p.add_argument("number")
    _common(p, _list)
    p = group.add_parser("draft", help="起草或修改文书（可填写的部分用 --set，补正事项用 --item）")
    p.add_argument("number")
    p.add_argument("kind", help="receipt、correction、extension、consultation、consultation-notice、"
                                "joint-consultation、third-party-notice、fee、abandoned、answer")
    p.add_argument("--set", action="append", default=[], metavar="KEY=TEXT", dest="changes")
    p.add_argument("--item", action="append", metavar="TEXT", dest="items", help="需要补正的事项，每项一次")
    _common(p, _draft, actor=True)
    p = group.add_parser("issue", help="出具文书：编号、定稿、记入申请，并通知微信申请人")
    p.add_argument("number")
    p.add_argument("kind")
    p.add_argument("-o", "--output", metavar="FILE.docx")
    _common(p, _issue, actor=True)
    p = group.add_parser("show", help="查看一份文书（文号，或文书种类表示最新一份）")
    p.add_argument("number")
    p.add_argument("serial")
    p.add_argument("-o", "--output", metavar="FILE.docx")
    _common(p, _show)
    p = group.add_parser("deliver", help="登记文书的送达")
    p.add_argument("number")
    p.add_argument("serial")
    p.add_argument("--way", required=True, choices=WAY_CHOICES)
    p.add_argument("--tracking", help="邮件号（邮寄时必填）")
    p.add_argument("--date", type=iso_date, help="送达日期（默认今天）")
    _common(p, _deliver, actor=True)
    letter_admin.register(group, _common)

def _common(p, run, actor: bool = False) -> None:
    add_agency(p)
    add_format(p)
    if actor:
        p.add_argument("--actor", default="staff", help="经办人")
    p.set_defaults(run=_guarded(run))


def _guarded(run):
    """Template and setting problems (ValueError) and files that cannot be written: one Chinese line."""
    async def guarded(args, settings) -> int:
        try:
            return await run(args, settings)
        except ValueError as err:
            print(f"错误：{err}", file=sys.stderr)
            return 1
        except OSError as err:
            print(f"错误：{file_error(err)}", file=sys.stderr)
            return 1
    return guarded


async def _list(args, settings) -> int:
    async with container_for(settings) as c:
        view = await service.list_letters(c, args.number, args.agency)
    if args.format == "json":
        print_json(view)
        return 0
    print_rows(args, view["letters"], f"申请{view['number']}还没有文书。", _letter_line)
    for due in view["due"]:
        if not due["issued"]:
            need = "应出具" if due["required"] else "可出具"
            print(f"{need}：{due['title']}（{due['why']}）  {due['command']}")
    return 0


def _letter_line(v: dict) -> str:
    ways = "；".join(f"{d['way_label']}{d['on']}" + (f"（{d['tracking']}）" if d["tracking"] else "")
                    for d in v["deliveries"]) or "未登记送达"
    return (f"{v['serial'] or '（草稿）'}\t{v['title']}\t第{v['version']}版\t{v['state_label']}\t"
            f"{v['letter_date'] or '-'}\t{ways}")


def _print_letter(args, view: dict) -> None:
    if args.format == "json":
        print_json(view)
        return
    print(view["text"])
    for part in view.get("parts", []):
        mark = "（必填，未填写）" if part["key"] in view["unfilled"] else ""
        print(f"  {part['key']}：{part['label']}{mark}")


async def _draft(args, settings) -> int:
    changes = key_values(args.changes)
    async with container_for(settings) as c:
        view = await service.draft(c, args.number, args.kind, changes, args.items, args.agency, args.actor)
    _print_letter(args, view)
    return 0


async def _issue(args, settings) -> int:
    if args.output and not Path(args.output).resolve().parent.is_dir():  # before anything is issued
        raise ValueError(f"无法写入文件 {args.output}：所在目录不存在。")
    async with container_for(settings) as c:
        view = await service.issue(c, args.number, args.kind, args.agency, args.actor)
        if args.output:
            _, data = await service.docx_of(c, args.number, view["serial"], args.agency)
    if args.format == "json":
        print_json(view)
    else:
        print(f"已出具：{view['serial']}（{view['title']}，SHA-256 {view['sha256'][:16]}…）")
        for d in view["deliveries"]:
            print(f"已通过{d['way_label']}通知申请人。")
    if args.output:
        try:
            print(write_output(args.output, data), file=sys.stderr)
        except OSError as err:
            raise ValueError(f"文书已出具（{view['serial']}），但{file_error(err)}可用 gongkai letter show "
                             f"{args.number} {view['serial']} -o 文件名 重新导出。") from None
    return 0


async def _show(args, settings) -> int:
    async with container_for(settings) as c:
        view, data = await service.docx_of(c, args.number, args.serial, args.agency)
    _print_letter(args, view)
    if args.output:
        print(write_output(args.output, data), file=sys.stderr)
    return 0


async def _deliver(args, settings) -> int:
    async with container_for(settings) as c:
        view = await delivery.deliver(c, args.number, args.serial, args.way, args.date, args.tracking, args.agency,
                                     args.actor)
    print_json(view) if args.format == "json" else print(_letter_line(view))
    return 0
