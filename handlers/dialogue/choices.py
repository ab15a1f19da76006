"""Numbered menus answered by number or by words: "2", "第二个", "电子", "快递" (a synonym), "邮箱".

An answer matches an option when it is the number, the label, a synonym, or an unambiguous prefix of,
phrase around or part of one ("电子" is 电子文档 where the menu is of forms and 电子邮件 where it is of ways to
get it; "我是个人" holds 个人). Two options matching alike are told back, with their numbers, never guessed.
"""

import re
import unicodedata
from dataclasses import dataclass


class NoChoice(ValueError):
    """The answer names no option, or several; the message says which, with their numbers."""


@dataclass(frozen=True)
class Option:
    value: str  # stored
    label: str  # shown in the menu and the summary
    words: tuple[str, ...] = ()  # synonyms citizens use


_CHINESE_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_FILLER = re.compile(r"^(我选|选择?|我要|要|就|是|第)|(个|项|种|号|吧|的|。|\.|、|,|，|!|！)$")


def numbered(options: list[Option] | tuple[Option, ...]) -> str:
    return "\n".join(f"{i}. {o.label}" for i, o in enumerate(options, 1))


def _number(text: str) -> int | None:
    core = text
    while (trimmed := _FILLER.sub("", core)) != core:
        core = trimmed
    if core.isdigit():
        return int(core)
    return _CHINESE_NUMBERS.get(core)


def _names(option: Option) -> tuple[str, ...]:
    return (option.label.lower(), *(w.lower() for w in option.words))


def pick(text: str, options: list[Option] | tuple[Option, ...], what: str) -> Option:
    value = unicodedata.normalize("NFKC", text).strip().lower()
    number = _number(value)
    if number is not None:
        if 1 <= number <= len(options):
            return options[number - 1]
        raise NoChoice(f"请回复{what}前面的数字（1至{len(options)}）。")
    tests = (lambda name: value == name, lambda name: name.startswith(value), lambda name: name in value,
             lambda name: value in name)
    for test in tests:
        found = [o for o in options if value and any(test(name) for name in _names(o))]
        if len(found) == 1:
            return found[0]
        if found:
            listed = "、".join(f"{options.index(o) + 1}. {o.label}" for o in found)
            raise NoChoice(f"“{text.strip()[:10]}”可以指{listed}，请回复数字。")
    raise NoChoice(f"请回复{what}前面的数字（1至{len(options)}），或直接回复选项的文字。")
