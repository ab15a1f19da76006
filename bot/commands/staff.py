"""`gongkai staff bind-code NAME`: a one-time code the staff member sends on WeChat as “绑定 CODE”."""

from handlers.staff import binding as staff_binding

from .common import add_agency, container_for


def register(sub) -> None:
    staff = sub.add_parser("staff", help="工作人员").add_subparsers(dest="staff_command", required=True)
    code = staff.add_parser("bind-code", help="生成微信绑定码（一次有效）")
    code.add_argument("name", help="工作人员姓名")
    add_agency(code)
    code.set_defaults(run=_bind_code)


async def _bind_code(args, settings) -> int:
    async with container_for(settings) as c:
        code = await staff_binding.issue_code(c, args.agency or c.default_agency, args.name.strip())
        hours = settings.get("security", "bind_code_hours")
    print(code)
    print(f"请{args.name.strip()}在{hours}小时内向公众号发送“绑定 {code}”。该码只能使用一次。")
    return 0
