"""`gongkai user add|list|disable|passwd`: console accounts (clerk, approver, admin)."""

import argparse
import getpass
import sys

from handlers.staff import accounts
from handlers.staff.roles import parse_role

from .common import add_agency, add_format, container_for, print_rows


def register(sub) -> None:
    user = sub.add_parser("user", help="控制台账号").add_subparsers(dest="user_command", required=True)
    p = user.add_parser("add", help="新增账号（不带 --password-stdin 时提示输入密码）")
    p.add_argument("name", help="用户名（登录名，一般用姓名）")
    p.add_argument("--role", required=True, type=_role, help="clerk（经办人）、approver（审批人）、admin（管理员）")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（第一行）")
    add_agency(p)
    p.set_defaults(run=_add)
    p = user.add_parser("list", help="列出本机关的账号")
    add_agency(p)
    add_format(p)
    p.set_defaults(run=_list)
    p = user.add_parser("disable", help="停用账号（立即退出其所有登录）")
    p.add_argument("name")
    add_agency(p)
    p.set_defaults(run=_disable)
    p = user.add_parser("passwd", help="重设密码（立即退出其所有登录）")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    add_agency(p)
    p.set_defaults(run=_passwd)


def _role(text: str):
    try:
        return parse_role(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"为 {args.name} 设置密码（至少{accounts.PASSWORD_MIN}个字符）：")
    if getpass.getpass("再输入一次：") != first:
        raise accounts.IllegalTransition("两次输入的密码不一致，未保存。")
    return first


async def _add(args, settings) -> int:
    password = _password(args)
    async with container_for(settings) as c:
        view = await accounts.add_user(c, args.name, args.role, password, args.agency)
    print(f"已添加账号：{view['name']}（{view['role_label']}，{view['agency']}）。")
    return 0


async def _list(args, settings) -> int:
    async with container_for(settings) as c:
        rows = await accounts.list_users(c, args.agency)
    return print_rows(args, rows, "本机关还没有控制台账号，可用 gongkai user add 添加。", _line)


def _line(r: dict) -> str:
    flags = ("　已停用" if r["disabled"] else "") + ("　已绑定微信" if r["wechat_bound"] else "")
    return f"{r['name']}\t{r['role']}（{r['role_label']}）{flags}"


async def _disable(args, settings) -> int:
    async with container_for(settings) as c:
        view = await accounts.disable_user(c, args.name, args.agency)
    print(f"已停用账号：{view['name']}。")
    return 0


async def _passwd(args, settings) -> int:
    password = _password(args)
    async with container_for(settings) as c:
        await accounts.set_password(c, args.name, password, args.agency)
    print(f"已重设 {args.name.strip()} 的密码，其原有登录均已退出。")
    return 0
