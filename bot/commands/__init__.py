"""Subcommands of `gongkai`; each module has register(subparsers)."""

from . import admin, app, chat, reminders, scheduler, serve, staff, wechat

COMMANDS = [app, admin, serve, scheduler, reminders, wechat, staff, chat]
