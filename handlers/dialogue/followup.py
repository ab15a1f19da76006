"""The applicant's own follow-up in the chat: a correction (补正) and a withdrawal (撤回), as forms.

"correct": opened by 「补正」 (the notice tells the applicant to send it) or 「补正 编号」; collects texts and
images until 「提交」, then records them as the correction received. 「补正 编号 内容」 records at once.
"withdraw": 「撤回 编号」 asks for a confirmation first; anything but 确定撤回 keeps the application.
"""

from disclosure.lifecycle import IllegalTransition
from disclosure.states import State
from disclosure.text import InvalidText
from handlers.applications import attachments, followup
from handlers.chat.inbox import agency_id
from handlers.chat.status import NOT_FOUND, zh_day

from . import store

CORRECT, WITHDRAW = "correct", "withdraw"
SUBMIT = {"提交", "完成", "好了", "发完了", "确认", "确定", "提交补正"}
CANCEL = {"取消", "退出", "算了", "不补正了"}
CONFIRM_WITHDRAW = {"确定撤回", "确认撤回", "确定", "确认", "是"}
MORE = "还有要补充的可以继续发送（文字或图片）；全部发完请回复“提交”，放弃请回复“取消”。"


def _not_found(number: str) -> str:
    return NOT_FOUND.format(number=number.strip()[:20])


def _items(items: list[str]) -> str:
    if not items:
        return "需补正的事项见本局的补正告知书；如有疑问可回复“人工”获取电话。"
    return "需要补正的事项：\n" + "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _told(view: dict) -> str:
    return "已通知工作人员。" if view.get("staff_told") else ""


def _recorded(view: dict) -> str:
    files = f"，附件{view['attachments']}份" if view.get("attachments") else ""
    return (f"已收到您对申请{view['number']}的补正{files}。答复期限从今天起重新计算，"
            f"现为{zh_day(view['due_on'])}前。{_told(view)}")


async def correct(turn, number: str | None, text: str) -> str:
    """「补正」, 「补正 编号」 or 「补正 编号 内容」 from an applicant."""
    c, code, openid = turn.container, turn.agency_code, turn.openid
    if number is None:
        waiting = await followup.awaiting_correction(c, code, openid)
        if len(waiting) != 1:
            return ("您没有需要补正的申请。想了解补正，可以问“什么是补正”。" if not waiting else
                    "您有多件申请需要补正，请回复“补正 编号”，编号为：" + "、".join(w["number"] for w in waiting))
        number = waiting[0]["number"]
    try:
        found = await followup.check_own(c, code, openid, number)
    except followup.NotOwn:
        return _not_found(number)
    if found["state"] != State.AWAITING_CORRECTION.value:
        return f"申请{found['number']}目前不需要补正。回复“查询 {found['number']}”可查看办理进度。"
    await turn.claim()
    if text:
        return await _record(turn, found["number"], text)
    await store.save(c, code, openid, store.Form(CORRECT, "collect", {"number": found["number"], "texts": []}))
    return (f"{_items(found['items'])}\n\n请发送补正内容（文字或图片，可分几条发送）。" + MORE.split("；", 1)[1])


async def _record(turn, number: str, note: str) -> str:
    try:
        view = await followup.receive_correction(turn.container, turn.agency_code, turn.openid, number, note)
    except followup.NotOwn:
        return _not_found(number)
    except (IllegalTransition, InvalidText) as err:
        return f"补正未提交：{err}"
    await store.drop(turn.container, turn.agency_code, turn.openid)
    return _recorded(view)


async def answer_correct(turn, form: store.Form) -> str:
    c, text = turn.container, turn.inbound.text.strip()
    if text in CANCEL:
        await store.abandon(c, turn.agency_code, turn.openid)
        return "已取消本次补正，发送的内容已删除。需要时可再回复“补正”。"
    if text in SUBMIT:
        files = await attachments.pending_count(c, await agency_id(c, turn.agency_code), turn.openid)
        if not form.data["texts"] and not files:
            return "还没有收到补正内容。请发送文字或图片，发完回复“提交”。"
        return await _record(turn, form.data["number"], "\n".join(form.data["texts"]))
    form.data["texts"].append(text)
    await store.save(c, turn.agency_code, turn.openid, form)
    return f"已记下。{MORE}"


async def withdraw(turn, number: str | None) -> str:
    c, code, openid = turn.container, turn.agency_code, turn.openid
    if number is None:
        return "请回复“撤回 受理编号”，例如“撤回 2600013”；编号可回复“我的申请”查看。"
    try:
        found = await followup.check_own(c, code, openid, number)
    except followup.NotOwn:
        return _not_found(number)
    if found["state"] in (State.CLOSED.value, State.WITHDRAWN.value):
        return f"申请{found['number']}已{State(found['state']).label}，不能再撤回。"
    await turn.claim()
    await store.save(c, code, openid, store.Form(WITHDRAW, "confirm", {"number": found["number"]}))
    return (f"确定要撤回申请{found['number']}吗？撤回后本局终止办理，之后仍需要的可以重新申请。\n"
            "确定请回复“确定撤回”；不撤回请回复“取消”。")


async def answer_withdraw(turn, form: store.Form) -> str:
    c, text = turn.container, turn.inbound.text.strip()
    await store.drop(c, turn.agency_code, turn.openid)
    number = form.data["number"]
    if text not in CONFIRM_WITHDRAW:
        return f"好的，申请{number}未撤回，继续办理。"
    try:
        view = await followup.withdraw(c, turn.agency_code, turn.openid, number)
    except followup.NotOwn:
        return _not_found(number)
    except IllegalTransition as err:
        return f"未撤回：{err}"
    return f"申请{view['number']}已撤回，本局终止办理。{_told(view)}"
