"""`gongkai app ...`: register applications and record every step of the statutory process."""


from disclosure.categories import CATEGORY_LABELS, CHANNEL_LABELS, Channel
from disclosure.delivery import DELIVERIES, FORMS
from disclosure.documents import DOCUMENT_LABELS, DocumentType
from disclosure.states import State
from handlers.applications import actions
from handlers.applications import service as svc
from handlers.letters import fees as fee_service

from .common import add_agency, add_format, choice, container_for, iso_date, positive_int, print_json
from .render import print_application, print_list

CHANNEL_ALIASES = {"当面": Channel.IN_PERSON, "信函": Channel.POST, "微信": Channel.WECHAT}
DETAIL_OPTIONS = (("--address", "address", "邮寄地址（获取方式为邮寄时必填）"),
                  ("--recipient", "recipient", "收件人（与申请人不同时）"),
                  ("--email", "email", "电子邮箱（获取方式为电子邮件时必填）"),
                  ("--contact", "contact", "联系人（法人或其他组织）"), ("--legal-rep", "legal_rep", "法定代表人"))

# How each kind of action field reads from the command line; handlers.applications.actions checks the rest.
_FLAG_TYPES = {"date": iso_date, "int": positive_int, "text": str, "outcome": str, "party": str}


def register(sub) -> None:
    app = sub.add_parser("app", help="依申请公开：登记与办理").add_subparsers(dest="app_command", required=True)
    reg = app.add_parser("register", help="登记一件申请，输出编号")
    reg.add_argument("--channel", required=True, type=choice(CHANNEL_LABELS, CHANNEL_ALIASES))
    reg.add_argument("--received", required=True, type=iso_date)
    reg.add_argument("--category", required=True, type=choice(CATEGORY_LABELS))
    reg.add_argument("--name", required=True)
    reg.add_argument("--id-type", type=choice(DOCUMENT_LABELS), default=DocumentType.RESIDENT_ID,
                     help="证件类型：" + "、".join(f"{label}（{d.value}）" for d, label in DOCUMENT_LABELS.items()))
    reg.add_argument("--id-number", help="证件号码")
    reg.add_argument("--phone", help="手机号码，或带区号的固定电话")
    reg.add_argument("--credit-code")
    reg.add_argument("--request", required=True)
    reg.add_argument("--form", help="获取形式：" + "、".join(FORMS))
    reg.add_argument("--delivery", help="获取方式：" + "、".join(DELIVERIES))
    for flag, _, text in DETAIL_OPTIONS:
        reg.add_argument(flag, help=text)
    add_agency(reg)
    add_format(reg)
    reg.set_defaults(run=_register)
    for action, fields in actions.FIELDS.items():
        p = app.add_parser(action.value, help=action.label)
        p.add_argument("number")
        p.add_argument("--date", type=iso_date, help="实际发生日期（默认今天）")
        p.add_argument("--actor", default="staff")
        for f in fields:
            flag = "--" + f.name.replace("_", "-")
            if f.kind == "flag":
                p.add_argument(flag, dest=f.name, action="store_true", default=None, help=f.label)
            else:
                p.add_argument(flag, dest=f.name, type=_FLAG_TYPES[f.kind], help=f.label, required=f.required)
        add_agency(p)
        add_format(p)
        p.set_defaults(run=_act, action=action)
    p = app.add_parser("void", help="撤销误登记的办理环节（写明理由，期限重新计算）")
    p.add_argument("number")
    p.add_argument("event", type=positive_int, help="环节序号（gongkai app show 中的序号）")
    p.add_argument("--reason", required=True, help="撤销理由")
    p.add_argument("--actor", default="staff")
    add_agency(p)
    add_format(p)
    p.set_defaults(run=_void)
    p = app.add_parser("fee-quote", help="按国办函〔2020〕109号计算信息处理费（JSON）")
    p.add_argument("number")
    p.add_argument("--pages", type=positive_int, help="按量计收的页数（不填：按件计收）")
    add_agency(p)
    p.set_defaults(run=_fee_quote)
    for name, run in (("show", _show), ("explain", _explain)):
        p = app.add_parser(name)
        p.add_argument("number")
        add_agency(p)
        add_format(p)
        p.set_defaults(run=run)
    ls = app.add_parser("list")
    ls.add_argument("--state", type=choice({s: s.label for s in State}), action="append")
    ls.add_argument("--due-before", type=iso_date)
    add_agency(ls)
    add_format(ls)
    ls.set_defaults(run=_list)


async def _register(args, settings) -> int:
    reg = svc.Registration(channel=args.channel, received_on=args.received, category=args.category, name=args.name,
                           request_text=args.request, id_number=args.id_number, phone=args.phone,
                           credit_code=args.credit_code, form=args.form, delivery=args.delivery,
                           id_type=args.id_type, details={key: getattr(args, key) for _, key, _ in DETAIL_OPTIONS})
    async with container_for(settings) as c:
        view = await svc.register(c, reg, args.agency)
    if args.format == "json":
        print_json(view)
    else:
        print(view["number"])
        for w in view["warnings"]:
            print(f"注意：{w}")
    return 0


async def _act(args, settings) -> int:
    data = actions.parse(args.action, {f.name: getattr(args, f.name) for f in actions.FIELDS[args.action]})
    record = fee_service.record if args.action in fee_service.ACTIONS else svc.perform  # fees: by the standard
    async with container_for(settings) as c:
        view = await record(c, args.number.strip(), args.action, args.date, data, args.actor, args.agency)
    print_json(view) if args.format == "json" else print_application(view, brief=True)
    return 0


async def _void(args, settings) -> int:
    async with container_for(settings) as c:
        view = await svc.void(c, args.number.strip(), args.event, args.reason, args.actor, args.agency)
    print_json(view) if args.format == "json" else print_application(view, brief=True)
    return 0


async def _fee_quote(args, settings) -> int:
    async with container_for(settings) as c:
        print_json(await fee_service.quote(c, args.number, args.pages, args.agency))
    return 0


async def _show(args, settings) -> int:
    async with container_for(settings) as c:
        view = await svc.show(c, args.number.strip(), args.agency, with_applicant=True)
    print_json(view) if args.format == "json" else print_application(view)
    return 0


async def _explain(args, settings) -> int:
    async with container_for(settings) as c:
        lines = await svc.explain(c, args.number.strip(), args.agency)
    if args.format == "json":
        print_json({"number": args.number, "steps": lines})
    else:
        print("\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)))
    return 0


async def _list(args, settings) -> int:
    states = [s.value for s in args.state] if args.state else None
    async with container_for(settings) as c:
        views = await svc.list_applications(c, args.agency, states, args.due_before)
    print_json(views) if args.format == "json" else print_list(views)
    return 0
