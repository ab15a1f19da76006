"""Helpers every subcommand shares: date arguments, --agency/--format, output, the container."""

import argparse
import json
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from bot.bootstrap import bootstrap


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式不对，应为 YYYY-MM-DD，例如 2024-09-27") from None


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"“{text}”应为正整数")
    return int(text)


def choice(labels: dict, aliases: dict | None = None):
    """A choice (an enum member or a plain key) by its key, its Chinese label or an alias; the error lists
    each label with its key."""
    by_word = {str(label): member for member, label in labels.items()} | (aliases or {})

    def key(member) -> str:
        return str(getattr(member, "value", member))

    def parse(text: str):
        word = text.strip()
        found = by_word.get(word) or next((m for m in labels if key(m) == word), None)
        if found is None:
            listed = "、".join(f"{label}（{key(member)}）" for member, label in labels.items())
            raise argparse.ArgumentTypeError(f"“{text}”无效，可选：{listed}")
        return found
    return parse


def add_agency(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--agency", metavar="CODE", help="机关代码（默认为本部署的默认机关）")


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["text", "json"], default="text")


FILE_ERRORS = {FileNotFoundError: "文件或所在目录不存在", PermissionError: "没有读写权限",
               IsADirectoryError: "这是一个目录，不是文件", NotADirectoryError: "路径中有一段不是目录"}


def file_error(err: OSError) -> str:
    """An OSError as one Chinese line naming the file."""
    reason = next((text for kind, text in FILE_ERRORS.items() if isinstance(err, kind)), err.strerror or "无法访问")
    return f"无法读写文件 {err.filename}：{reason}。"


def write_output(path: str, data: bytes | str) -> str:
    """Write `data` to `path`; OSError for the caller to report with file_error()."""
    target = Path(path)
    target.write_bytes(data) if isinstance(data, bytes) else target.write_text(data, encoding="utf-8")
    return f"已写入 {target}"


def key_values(changes: list[str]) -> dict[str, str]:
    """Repeated KEY=TEXT arguments as a dict; ValueError (one Chinese line) for one without "="."""
    found = {}
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"“{change}”应写成 键=内容，例如 reasons=该信息属于内部事务信息")
        found[key.strip()] = value
    return found


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def print_rows(args, rows: list[dict], empty: str, line) -> int:
    """The rows as JSON with --format json, else `line(row)` for each, or `empty` when there are none."""
    if args.format == "json":
        print_json(rows)
        return 0
    if not rows:
        print(empty)
    for row in rows:
        print(line(row))
    return 0


@asynccontextmanager
async def container_for(settings):
    container = await bootstrap(settings)
    try:
        yield container
    finally:
        await container.close()
