"""Staff actions on WeChat that cannot be undone wait for a confirmation, held as a form ("staff").

「办结 2600013 部分公开」 is checked at once (a malformed command or an action the law forbids now is
refused before anything is asked), then said back in full; only 「确认」 records it.
"""

from disclosure.events import Action
from handlers.staff import commands as staff

from . import store

FLOW = "staff"
# The action ends the case, or the statute allows it once (arts. 30, 33, 42): a slip cannot be taken back.
CONFIRMED = {"办结", "撤回", "延长", "补正", "收费"}
YES = {"确认", "确定", "是", "1"}


async def ask(turn, member: str, verb: str, number: str, rest: str) -> str:
    """Check the command and hold it for a confirmation; the question, or why it cannot be done."""
    c, code = turn.container, turn.agency_code
    preview = await staff.preview(c, code, verb, number, rest)
    if preview.refusal:
        return preview.refusal
    await store.save(c, code, turn.openid, store.Form(FLOW, "confirm", {
        "member": member, "verb": verb, "number": preview.number, "rest": rest}))
    told = "，并会通知申请人" if preview.notifies else ""
    return (f"请确认：对申请{preview.number}{preview.summary.rstrip()}\n此操作登记后不能撤销{told}。"
            "确认请回复“确认”，放弃请回复“取消”。")


async def answer(turn, form: store.Form) -> str:
    c, code, data = turn.container, turn.agency_code, form.data
    await store.drop(c, code, turn.openid)
    if turn.inbound.text.strip() not in YES:
        return f"已放弃，未对申请{data['number']}{Action(staff.VERBS[data['verb']]).label}。"
    try:  # the record may have moved on since the question (another clerk acted first)
        return await staff.act(c, code, data["member"], data["verb"], data["number"], data["rest"])
    except staff.REFUSED as err:
        return f"未执行：{err}"
