"""`gongkai staff bind-code NAME | list | unbind NAME`: staff members' WeChat bindings."""

from handlers.staff import binding as staff_binding

from .common import add_agency, add_format, container_for, print_rows


def register(sub) -> None:
    staff = sub.add_parser("staff", help="工作人员").add_subparsers(dest="staff_command", required=True)
    code = staff.add_parser("bind-code", help="生成微信绑定码（一次有效）")
    code.add_argument("name", help="工作人员姓名")
    add_agency(code)
    code.set_defaults(run=_bind_code)
    listing = staff.add_parser("list", help="列出工作人员及其微信绑定情况")
    add_agency(listing)
    add_format(listing)
    listing.set_defaults(run=_list)
    unbind = staff.add_parser("unbind", help="解除工作人员的微信绑定（并作废未使用的绑定码）")
    unbind.add_argument("name", help="工作人员姓名")
    add_agency(unbind)
    unbind.set_defaults(run=_unbind)


async def _bind_code(args, settings) -> int:
    async with container_for(settings) as c:
        code = await staff_binding.issue_code(c, args.agency or c.default_agency, args.name)
        hours = settings.get("security", "bind_code_hours")
    print(code)
    print(f"请{args.name.strip()}在{hours}小时内向公众号发送“绑定 {staff_binding.grouped(code)}”（空格可省略）。"
          "该码只能使用一次。")
    return 0


async def _list(args, settings) -> int:
    async with container_for(settings) as c:
        rows = await staff_binding.members(c, args.agency or c.default_agency)
    return print_rows(args, rows, "本机关还没有工作人员，可用 gongkai staff bind-code 姓名 添加。", _line)


def _line(row: dict) -> str:
    bound = "已绑定微信" if row["bound"] else "未绑定"
    waiting = f"，绑定码有效至{row['code_expires'][:16].replace('T', ' ')}" if row["code_expires"] else ""
    return f"{row['name']}  {bound}{waiting}"


async def _unbind(args, settings) -> int:
    async with container_for(settings) as c:
        linked = await staff_binding.unbind(c, args.agency or c.default_agency, args.name)
    name = args.name.strip()
    print(f"已解除{name}的微信绑定，未使用的绑定码已作废。" if linked else f"{name}没有绑定微信，也没有未使用的绑定码。")
    return 0
