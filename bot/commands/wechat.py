"""`gongkai wechat menu push`: replace the official account's custom menu with config/menu.json."""

import sys

from bot.wechat_menu import MenuError, load_menu
from wechat.errors import WeChatError
from wechat.setup import wechat_client

from .common import container_for


def register(sub) -> None:
    wechat = sub.add_parser("wechat", help="公众号接口").add_subparsers(dest="wechat_command", required=True)
    menu = wechat.add_parser("menu", help="自定义菜单").add_subparsers(dest="menu_command", required=True)
    menu.add_parser("push", help="把 config/menu.json 发布为公众号菜单").set_defaults(run=_push)


async def _push(args, settings) -> int:
    try:
        menu = load_menu()
    except MenuError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    async with container_for(settings) as c, wechat_client(c) as client:
        try:
            await client.create_menu(menu)
        except WeChatError as err:
            print(f"错误：发布菜单失败：{err}", file=sys.stderr)
            return 1
    print(f"已发布自定义菜单（{len(menu['button'])} 个一级菜单）。")
    return 0
