"""Subcommands of `gongkai`; each module has register(subparsers)."""

from . import (
    admin,
    app,
    chat,
    guide,
    letter,
    outbox,
    reminders,
    report,
    scheduler,
    serve,
    staff,
    user,
    wechat,
)

COMMANDS = [app, letter, admin, report, guide, serve, scheduler, reminders, outbox, wechat, staff, user, chat]
