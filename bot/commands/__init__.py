"""Subcommands of `gongkai`; each module has register(subparsers)."""

from . import admin, app, chat, reminders, report, scheduler, serve, staff, wechat

COMMANDS = [app, admin, report, serve, scheduler, reminders, wechat, staff, chat]
