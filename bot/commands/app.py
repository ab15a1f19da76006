"""`gongkai app ...`: register applications and record every step of the statutory process."""

import sys

from disclosure.categories import CATEGORY_LABELS, CHANNEL_LABELS, Channel
from disclosure.delivery import DELIVERIES, FORMS
from disclosure.documents import DOCUMENT_LABELS, DocumentType
from disclosure.events import Action
from disclosure.outcomes import parse_outcome
from disclosure.states import State
from handlers.applications import service as svc

from .common import add_agency, add_format, choice, container_for, iso_date, positive_int, print_json
from .render import print_application, print_list

CHANNEL_ALIASES = {"当面": Channel.IN_PERSON, "信函": Channel.POST, "微信": Channel.WECHAT}
DETAIL_OPTIONS = (("--address", "address", "邮寄地址（获取方式为邮寄时必填）"),
                  ("--recipient", "recipient", "收件人（与申请人不同时）"),
                  ("--email", "email", "电子邮箱（获取方式为电子邮件时必填）"),
                  ("--contact", "contact", "联系人（法人或其他组织）"), ("--legal-rep", "legal_rep", "法定代表人"))

# action -> extra arguments it takes beyond NUMBER and --date
ACTIONS = {
    Action.REQUEST_CORRECTION: [("--until", iso_date, "补正期限（日期）"), ("--days", positive_int, "补正期限（工作日数）"),
                                ("--note", str, "需补正的内容")],
    Action.RECEIVE_CORRECTION: [],
    Action.CONSULT: [("--party", str, "征求意见的第三方或机关")],
    Action.CONSULT_END: [],
    Action.FEE_NOTICE: [("--amount", positive_int, "收费金额（元）"), ("--until", iso_date, "缴费期限")],
    Action.FEE_PAID: [],
    Action.EXTEND: [("--approver", str, "批准人（信息公开工作机构负责人）"), ("--days", positive_int, "延长的工作日数，默认20"),
                    ("--reason", str, "延长理由")],
    Action.CLOSE: [("--outcome", str, "办理结果（年报表三的行键，如 granted）"), ("--note", str, "答复说明")],
    Action.WITHDRAW: [("--note", str, "撤回说明")],
}


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
    for action, extras in ACTIONS.items():
        p = app.add_parser(action.value, help=action.label)
        p.add_argument("number")
        p.add_argument("--date", type=iso_date, help="实际发生日期（默认今天）")
        p.add_argument("--actor", default="staff")
        for flag, typ, text in extras:
            p.add_argument(flag, type=typ, help=text, required=flag in ("--outcome", "--approver"))
        add_agency(p)
        add_format(p)
        p.set_defaults(run=_act, action=action)
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


def _action_data(args) -> dict:
    data = {flag[2:].replace("-", "_"): getattr(args, flag[2:].replace("-", "_")) for flag, _, _ in ACTIONS[args.action]}
    if args.action is Action.EXTEND and data.get("days") is None:
        data["days"] = 20
    if args.action is Action.CLOSE:
        data["outcome"] = parse_outcome(data["outcome"]).value
    return {k: v for k, v in data.items() if v is not None}


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
    try:
        data = _action_data(args)
    except ValueError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    async with container_for(settings) as c:
        view = await svc.perform(c, args.number.strip(), args.action, args.date, data, args.actor, args.agency)
    print_json(view) if args.format == "json" else print_application(view, brief=True)
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
