"""Subcommands of `gongkai`; each module has register(subparsers)."""

from . import admin, app, serve

COMMANDS = [app, admin, serve]
