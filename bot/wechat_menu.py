"""The official account's custom menu (自定义菜单), shipped as config/menu.json.

WeChat rejects a whole menu for one bad button, and only at push time, so `load_menu()` checks the
documented limits first and names every offending button in Chinese for the staff who edit the file.
"""

import json
from importlib import resources

MAX_BUTTONS = 3
MAX_SUB_BUTTONS = 5
# Limits are in UTF-8 bytes, as WeChat counts them (a Chinese character is 3 bytes).
MAX_NAME_BYTES = 16
MAX_SUB_NAME_BYTES = 60
MAX_KEY_BYTES = 128
MAX_URL_BYTES = 1024
CLICK_LIKE_TYPES = {"click", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album",
                    "pic_weixin", "location_select"}


class MenuError(ValueError):
    """The menu breaks WeChat's rules; `problems` lists each one in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("自定义菜单不符合微信规则：" + "；".join(problems))
        self.problems = problems


def load_menu() -> dict:
    """The menu from config/menu.json, ready for `WeChatClient.create_menu`; raises MenuError if invalid."""
    menu = json.loads(resources.files("config").joinpath("menu.json").read_text(encoding="utf-8"))
    check_menu(menu)
    return menu


def check_menu(menu: dict) -> None:
    """Raise MenuError listing every rule the menu breaks."""
    buttons = menu.get("button")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= MAX_BUTTONS:
        raise MenuError([f"一级菜单须有 1 至 {MAX_BUTTONS} 个"])
    problems: list[str] = []
    for button in buttons:
        problems += _check_name(button, MAX_NAME_BYTES, "一级菜单")
        subs = button.get("sub_button")
        if subs is None:
            problems += _check_action(button)
            continue
        label = button.get("name", "?")
        if not 1 <= len(subs) <= MAX_SUB_BUTTONS:
            problems.append(f"一级菜单“{label}”的子菜单须有 1 至 {MAX_SUB_BUTTONS} 个")
        for sub in subs:
            problems += _check_name(sub, MAX_SUB_NAME_BYTES, f"“{label}”的子菜单")
            problems += _check_action(sub)
    if problems:
        raise MenuError(problems)


def _check_name(button: dict, limit: int, level: str) -> list[str]:
    name = button.get("name", "")
    if not name:
        return [f"{level}缺少名称"]
    if _nbytes(name) > limit:
        return [f"{level}“{name}”名称超过 {limit} 字节（每个汉字计 3 字节）"]
    return []


def _check_action(button: dict) -> list[str]:
    name, kind = button.get("name", "?"), button.get("type")
    if kind in CLICK_LIKE_TYPES:
        key = button.get("key", "")
        if not key or _nbytes(key) > MAX_KEY_BYTES:
            return [f"菜单“{name}”的 key 须为 1 至 {MAX_KEY_BYTES} 字节"]
        return []
    if kind == "view":
        url = button.get("url", "")
        if not url.startswith(("http://", "https://")) or _nbytes(url) > MAX_URL_BYTES:
            return [f"菜单“{name}”的链接须以 http(s):// 开头且不超过 {MAX_URL_BYTES} 字节"]
        return []
    return [f"菜单“{name}”的类型“{kind}”不受支持"]


def _nbytes(text: str) -> int:
    return len(text.encode("utf-8"))
