"""Subcommands of `gongkai`; each module has register(subparsers)."""

from . import admin, app, chat, guide, reminders, report, scheduler, serve, staff, wechat

COMMANDS = [app, admin, report, guide, serve, scheduler, reminders, wechat, staff, chat]
