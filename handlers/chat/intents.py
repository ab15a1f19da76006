"""What a citizen's (or a staff member's) text asks for: apply, status, my applications, figures, help...

Commands are matched whole, so "怎么申请公开" stays a guide question while "申请公开" starts the form.
"""

import re
import unicodedata
from typing import NamedTuple

from disclosure.tracking import normalize_number

APPLY = {"申请", "申请公开", "我要申请", "在线申请", "提交申请", "申请信息公开", "我要申请公开", "申请政府信息公开"}
MY_APPS = {"我的申请", "我的", "申请记录", "我的申请记录", "查询我的申请", "查询", "查进度", "查询进度", "进度",
           "我的申请进度", "申请进度", "我的进度", "办理进度", "进度查询"}
CONTACT = {"人工", "人工服务", "转人工", "人工客服", "客服", "找人工", "真人", "找工作人员", "人工咨询"}
CITIZEN = {"补正": "correct", "撤回": "withdraw", "撤回申请": "withdraw", "我要补正": "correct", "提交补正": "correct"}
HELP = {"帮助", "help", "?", "？", "菜单", "你好", "您好", "hi", "hello", "开始"}
CANCEL = {"取消", "退出", "算了", "不申请了"}
STAFF_LISTS = {"待办": "due", "到期": "due", "待办事项": "due", "即将到期": "due"}

_STATUS = re.compile(r"^(?:查询|查|进度|查进度|查询进度)\s*[:：#＃]?\s*(\d[\d\s\-]*)$")
_BIND = re.compile(r"^绑定\s*[:：]?\s*(\d[\d\s\-]*)$")  # a code as issued, grouped or not
UNBIND = {"解绑", "解除绑定", "取消绑定"}
_STAFF_ACTION = re.compile(r"^(查看|延长|办结|补正|收到补正|征求意见|征求结束|收费|已缴费|撤回)\s+(\d[\d\-]*)\s*(.*)$")


class Intent(NamedTuple):
    # apply, status, my_apps, help, contact, cancel, bind, unbind, staff_list, staff_action (also 补正/撤回 with a
    # number, which a citizen may send about their own application), correct, withdraw, question
    name: str
    args: tuple = ()


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().strip("。！!.,，").strip()


def classify(text: str) -> Intent:
    raw = _clean(text)
    low = raw.lower()
    if low in CANCEL:
        return Intent("cancel")
    if low in APPLY:
        return Intent("apply")
    if low in MY_APPS:
        return Intent("my_apps")
    if low in HELP:
        return Intent("help")
    if raw in CONTACT:
        return Intent("contact")
    if raw in CITIZEN:
        return Intent(CITIZEN[raw])
    if raw in STAFF_LISTS:
        return Intent("staff_list", (STAFF_LISTS[raw],))
    if raw in UNBIND:
        return Intent("unbind")
    if m := _BIND.match(raw):
        return Intent("bind", (m.group(1),))
    if m := _STAFF_ACTION.match(raw):
        return Intent("staff_action", (m.group(1), m.group(2), m.group(3).strip()))
    if m := _STATUS.match(raw):
        return Intent("status", (m.group(1),))
    if normalize_number(raw):
        return Intent("status", (raw,))
    return Intent("question", (raw,))  # a figures question or a guide question
