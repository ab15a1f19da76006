"""Step-by-step forms over chat, one open per follower: the application (申请公开), the applicant's
correction and withdrawal, and a staff member's confirmation of an action that cannot be undone."""

from . import flow, followup, media, staff_confirm
from .flow import start
from .store import drop, load, settle

EXPIRED = {
    flow.FLOW: flow.EXPIRED,
    followup.CORRECT: "您之前未提交的补正因长时间未操作已自动取消，发送的内容已删除，需要时请重新回复“补正”。",
    followup.WITHDRAW: "您之前的撤回操作因长时间未确认已取消，申请继续办理。",
    staff_confirm.FLOW: "上一条待确认的命令因长时间未确认已取消，未登记。",
}
_ANSWER = {flow.FLOW: flow.answer, followup.CORRECT: followup.answer_correct,
           followup.WITHDRAW: followup.answer_withdraw, staff_confirm.FLOW: staff_confirm.answer}


async def answer(turn, form) -> str:
    """One message to the open form, whichever it is."""
    return await _ANSWER[form.flow](turn, form)


__all__ = ["EXPIRED", "answer", "drop", "load", "media", "settle", "start"]
