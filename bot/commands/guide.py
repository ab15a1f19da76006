"""`gongkai guide list|show|set`: staff edit their agency's disclosure guide without touching files."""

import sys

from handlers.guide import GuideEntry, GuideError
from handlers.guide import store as guide_store

from .common import add_agency, add_format, container_for, print_json


def register(sub) -> None:
    guide = sub.add_parser("guide", help="政府信息公开指南问答").add_subparsers(dest="guide_command", required=True)
    p = guide.add_parser("list", help="列出本机关的指南条目")
    add_agency(p)
    add_format(p)
    p.set_defaults(run=_list)
    p = guide.add_parser("set", help="新增或修改一个条目（公众号立即按新内容回答）")
    p.add_argument("key", help="条目编号，如 fees；已有编号则修改")
    p.add_argument("--question", required=True)
    p.add_argument("--answer", required=True)
    p.add_argument("--topic", default="")
    p.add_argument("--phrasing", action="append", default=[], help="市民的其他问法，可重复")
    add_agency(p)
    p.set_defaults(run=_set)


async def _list(args, settings) -> int:
    async with container_for(settings) as c:
        items = await guide_store.entries(c, args.agency or c.default_agency)
    if args.format == "json":
        print_json([{"key": e.id, "topic": e.topic, "question": e.question, "answer": e.answer,
                     "phrasings": list(e.alternatives)} for e in items])
    else:
        for e in items:
            print(f"{e.id}\t{e.question}")
    return 0


async def _set(args, settings) -> int:
    async with container_for(settings) as c:
        code = args.agency or c.default_agency
        old = next((e for e in await guide_store.entries(c, code) if e.id == args.key), None)
        entry = GuideEntry(id=args.key.strip(), topic=args.topic or (old.topic if old else ""),
                           question=args.question.strip(), answer=args.answer.strip(),
                           alternatives=tuple(args.phrasing), keywords=old.keywords if old else ())
        try:
            await guide_store.save_entry(c, code, entry)
        except GuideError as err:
            print(f"错误：{err}", file=sys.stderr)
            return 1
    print(f"已{'修改' if old else '新增'}指南条目 {entry.id}。")
    return 0
