"""`gongkai outbox list|retry`: messages that did not reach WeChat, and sending them again."""

from handlers.outbox import admin as outbox_admin

from .common import add_agency, add_format, choice, container_for, positive_int, print_rows

STATE_NAMES = {"failed": "发送失败", "pending": "待发送", "sending": "发送中", "sent": "已发送"}


def register(sub) -> None:
    group = sub.add_parser("outbox", help="待发消息（提醒、通知、迟到的答复）").add_subparsers(
        dest="outbox_command", required=True)
    p = group.add_parser("list", help="列出某一状态的消息（默认：发送失败）")
    p.add_argument("--state", type=choice(STATE_NAMES), default="failed",
                   help="状态：" + "、".join(f"{label}（{key}）" for key, label in STATE_NAMES.items()))
    p.add_argument("--limit", type=positive_int, default=50)
    add_agency(p)
    add_format(p)
    p.set_defaults(run=_list)
    p = group.add_parser("retry", help="把发送失败的消息重新排队（如补上模板ID之后）")
    p.add_argument("ids", nargs="+", type=positive_int, metavar="ID")
    add_agency(p)
    p.set_defaults(run=_retry)


async def _list(args, settings) -> int:
    async with container_for(settings) as c:
        rows = await outbox_admin.rows(c, args.agency, args.state, args.limit)
    return print_rows(args, rows, f"没有{STATE_NAMES[args.state]}的消息。", _line)


def _line(r: dict) -> str:
    error = f"  原因：{r['last_error']}" if r["last_error"] else ""
    return f"#{r['id']}  {r['kind']}  已尝试{r['attempts']}次  生成于{r['created_at']}  → {r['recipient']}{error}"


async def _retry(args, settings) -> int:
    async with container_for(settings) as c:
        queued = await outbox_admin.retry(c, args.agency, sorted(set(args.ids)))
    if queued:
        print(f"已重新排队 {len(queued)} 条：{'、'.join(f'#{i}' for i in queued)}，将在下一轮发送。")
    others = sorted(set(args.ids) - set(queued))
    if others:
        print(f"错误：{'、'.join(f'#{i}' for i in others)} 不是本机关发送失败的消息，未处理。")
    return 1 if others else 0
