"""`gongkai app ...`: register applications and record every step of the statutory process."""

import argparse
import sys

from disclosure.categories import ApplicantCategory, Channel
from disclosure.events import Action
from disclosure.outcomes import parse_outcome
from disclosure.states import State
from handlers.applications import service as svc
from handlers.letters import fees as fee_service

from .common import add_agency, add_format, container_for, iso_date, positive_int, print_json
from .render import print_application, print_list

CHANNEL_ALIASES = {"当面": "in_person", "邮寄": "post", "信函": "post", "网站": "online", "微信": "wechat", "传真": "fax"}
CATEGORY_ALIASES = {c.label: c.value for c in ApplicantCategory}


def _party_kind(text: str) -> str:
    kinds = {"third-party": "third_party", "第三方": "third_party", "agency": "agency", "机关": "agency"}
    if text.strip() not in kinds:
        raise argparse.ArgumentTypeError(f"“{text}”无效，可选：third-party、agency")
    return kinds[text.strip()]


# action -> extra arguments it takes beyond NUMBER and --date (type bool: a flag)
ACTIONS = {
    Action.REQUEST_CORRECTION: [("--until", iso_date, "补正期限（日期）"), ("--days", positive_int, "补正期限（工作日数）"),
                                ("--note", str, "需补正的内容")],
    Action.RECEIVE_CORRECTION: [],
    Action.CONSULT: [("--party", str, "征求意见的第三方或机关"),
                     ("--party-kind", _party_kind, "third-party（第三方，第三十二条）或 agency（共同制作机关，第三十四条）")],
    Action.CONSULT_END: [("--objected", bool, "第三方不同意公开（第三十二条）")],
    Action.FEE_NOTICE: [("--pages", positive_int, "按量计收的页数（不填：按件计收）"),
                        ("--amount", positive_int, "收费金额（元，默认按标准计算；低于标准即减收）"),
                        ("--reason", str, "减收理由"), ("--until", iso_date, "缴费期限")],
    Action.FEE_PAID: [],
    Action.FEE_WAIVE: [("--pages", positive_int, "按量计收的页数（不填：按件计收）"), ("--reason", str, "免收理由")],
    Action.EXTEND: [("--approver", str, "批准人（信息公开工作机构负责人）"), ("--days", positive_int, "延长的工作日数，默认20"),
                    ("--reason", str, "延长理由")],
    Action.CLOSE: [("--outcome", str, "办理结果（年报表三的行键，如 granted）"), ("--note", str, "答复说明")],
    Action.WITHDRAW: [("--note", str, "撤回说明")],
}


def _choice(aliases: dict, enum):
    def parse(text: str):
        try:
            return enum(aliases.get(text.strip(), text.strip()))
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}”无效，可选：{'、'.join(e.value for e in enum)}") from None
    return parse


def register(sub) -> None:
    app = sub.add_parser("app", help="依申请公开：登记与办理").add_subparsers(dest="app_command", required=True)
    reg = app.add_parser("register", help="登记一件申请，输出编号")
    reg.add_argument("--channel", required=True, type=_choice(CHANNEL_ALIASES, Channel))
    reg.add_argument("--received", required=True, type=iso_date)
    reg.add_argument("--category", required=True, type=_choice(CATEGORY_ALIASES, ApplicantCategory))
    reg.add_argument("--name", required=True)
    reg.add_argument("--id-number")
    reg.add_argument("--phone")
    reg.add_argument("--credit-code")
    reg.add_argument("--request", required=True)
    reg.add_argument("--form")
    reg.add_argument("--delivery")
    add_agency(reg)
    add_format(reg)
    reg.set_defaults(run=_register)
    for action, extras in ACTIONS.items():
        p = app.add_parser(action.value, help=action.label)
        p.add_argument("number")
        p.add_argument("--date", type=iso_date, help="实际发生日期（默认今天）")
        p.add_argument("--actor", default="staff")
        for flag, typ, text in extras:
            if typ is bool:
                p.add_argument(flag, action="store_true", default=None, help=text)
            else:
                p.add_argument(flag, type=typ, help=text, required=flag in ("--outcome", "--approver"))
        add_agency(p)
        add_format(p)
        p.set_defaults(run=FEE_RUNS.get(action, _act), action=action)
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
    ls.add_argument("--state", type=_choice({s.label: s.value for s in State}, State), action="append")
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
                           credit_code=args.credit_code, form=args.form, delivery=args.delivery)
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


async def _fee_quote(args, settings) -> int:
    async with container_for(settings) as c:
        print_json(await fee_service.quote(c, args.number, args.pages, args.agency))
    return 0


async def _fee_notice(args, settings) -> int:
    async with container_for(settings) as c:
        view = await fee_service.notice(c, args.number, args.pages, args.amount, args.reason, args.until, args.date,
                                        args.actor, args.agency)
    print_json(view) if args.format == "json" else print_application(view, brief=True)
    return 0


async def _fee_waive(args, settings) -> int:
    async with container_for(settings) as c:
        view = await fee_service.waive(c, args.number, args.reason, args.pages, args.date, args.actor, args.agency)
    print_json(view) if args.format == "json" else print_application(view, brief=True)
    return 0


FEE_RUNS = {Action.FEE_NOTICE: _fee_notice, Action.FEE_WAIVE: _fee_waive}


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
