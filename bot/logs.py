"""Logging that never carries personal data: ID numbers, phone numbers, and names and addresses where a
label gives them away ("姓名：张三", "我叫张三", "住址：…"), are masked in every record, its traceback
included.

Names elsewhere in free text cannot be told from other words, so they are kept out at the source: the
webhook logs message keys and exception types, never a message's text, and the database engine hides
SQL parameters (storage.db).
"""

import logging
import os
import re

from config.settings import ConfigError

LEVEL_VARIABLE = "GONGKAI_LOG_LEVEL"
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
# 18-character ID numbers, 11-digit mobiles and landlines with their area code, standing alone.
_NUMBER = re.compile(_EDGE_BEFORE + r"(\d{17}[\dXx]|1[3-9]\d{9}|0\d{2,3}-\d{7,8})" + _EDGE_AFTER)
_NAME = re.compile(r"(姓名|名字|申请人|联系人|我叫|我是|本人)([:：\s]*)([\u4e00-\u9fff·]{2,5})")
_ADDRESS = re.compile(r"(地址|住址|家住|住在)([:：\s]*)([^\s，。,;；、]{2,60})")


def redact(text: str) -> str:
    text = _NUMBER.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 3), text)
    text = _NAME.sub(lambda m: m.group(1) + m.group(2) + m.group(3)[0] + "*" * (len(m.group(3)) - 1), text)
    return _ADDRESS.sub(lambda m: m.group(1) + m.group(2) + "***", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        # A traceback ends with the exception's message, which may quote data; the formatter would add
        # it unmasked after this filter has run, so it is formatted, and masked, here.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def log_level(default: int) -> int:
    """GONGKAI_LOG_LEVEL (DEBUG, INFO, WARNING, ERROR) when set, else `default`."""
    name = os.environ.get(LEVEL_VARIABLE, "").strip().upper()
    if not name:
        return default
    if name not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"配置错误：{LEVEL_VARIABLE} 应为 DEBUG、INFO、WARNING 或 ERROR。")
    return logging.getLevelName(name)


def setup_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    if any(isinstance(f, RedactingFilter) for h in root.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
