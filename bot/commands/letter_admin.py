"""`gongkai letter settings|template`: an agency's document settings (abbreviation, review body, contact,
number series) and its own wording of the templates."""

from handlers.letters import settings as letter_settings
from handlers.letters import template_admin

from .common import container_for, key_values, print_json, print_rows


def register(group, common) -> None:
    p = group.add_parser("settings", help="本机关的文书设置：简称、复议机关、联系人、文号格式")
    p.add_argument("--set", action="append", default=[], metavar="KEY=TEXT", dest="changes")
    common(p, _settings, actor=True)
    p = group.add_parser("template", help="文书模板：list、show NAME、set NAME FILE、reset NAME")
    p.add_argument("action", choices=["list", "show", "set", "reset"])
    p.add_argument("name", nargs="?")
    p.add_argument("file", nargs="?")
    common(p, _template, actor=True)


async def _settings(args, settings) -> int:
    changes = key_values(args.changes)
    async with container_for(settings) as c:
        if changes:
            view = await letter_settings.update(c, changes, args.agency, args.actor)
        else:
            view = await letter_settings.show(c, args.agency)
    if args.format == "json":
        print_json(view)
        return 0
    print(f"{view['agency_name']}（{view['agency']}）的文书设置：")
    for item in view["settings"]:
        print(f"  {item['key']}\t{item['label']}\t{item['value'] or '（未设置）'}")
    if view["templates"]:
        print("本机关自定义的模板：" + "、".join(view["templates"]))
    return 0


async def _template(args, settings) -> int:
    async with container_for(settings) as c:
        if args.action == "list":
            rows = await template_admin.template_list(c, args.agency)
            return print_rows(args, rows, "", lambda r: f"{r['name']}\t{'本机关自定义' if r['own'] else '默认'}")
        if not args.name:
            raise ValueError("请写明模板名称，可用 gongkai letter template list 查看。")
        if args.action == "show":
            print(await template_admin.template_text(c, args.name, args.agency), end="")
        elif args.action == "set":
            if not args.file:
                raise ValueError("请写明模板文件：gongkai letter template set NAME FILE")
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
            await template_admin.template_set(c, args.name, text, args.agency, args.actor)
            print(f"已保存模板 {args.name}。")
        else:
            await template_admin.template_set(c, args.name, None, args.agency, args.actor)
            print(f"模板 {args.name} 已恢复为默认。")
    return 0
