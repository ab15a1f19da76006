"""The `gongkai` command: staff and operators drive every use case from here."""

import argparse
import asyncio
import logging
import sys

from config.settings import ConfigError, load_settings
from disclosure.identity import InvalidIdentity
from disclosure.lifecycle import IllegalTransition
from disclosure.text import InvalidText
from storage.errors import Conflict, NotFound
from storage.migrate import NewerDatabase

from .commands import COMMANDS
from .logs import log_level, setup_logging

log = logging.getLogger("gongkai")
SERVICES = ("serve", "scheduler")  # log at INFO unless GONGKAI_LOG_LEVEL says otherwise; commands at WARNING

_ARGPARSE_ZH = {
    "the following arguments are required": "缺少参数",
    "invalid choice": "无效的选项",
    "unrecognized arguments": "无法识别的参数",
    "expected one argument": "缺少参数值",
    "argument": "参数",
    "choose from": "可选",
}


class ChineseArgumentParser(argparse.ArgumentParser):
    """One clear Chinese line on a usage error, not a usage dump."""

    def error(self, message: str):
        for en, zh in _ARGPARSE_ZH.items():
            message = message.replace(en, zh)
        self.exit(2, f"参数错误（{self.prog}）：{message}\n")


def build_parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="gongkai", description="政府信息公开工作系统")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseArgumentParser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        setup_logging(log_level(logging.INFO if args.command in SERVICES else logging.WARNING))
        settings = load_settings()
        return asyncio.run(args.run(args, settings)) or 0
    except ConfigError as err:
        print(str(err), file=sys.stderr)
        return 2
    except (NotFound, IllegalTransition, Conflict, InvalidIdentity, InvalidText, NewerDatabase) as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:  # a fault of ours or of the database: the traceback to the log, masked like any record
        log.exception("gongkai %s failed", args.command)
        print("错误：系统内部错误，详情已记入日志。", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
