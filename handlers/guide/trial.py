"""What the bot would do with a question, for staff editing the guide: the intent, the guide's best entry
with its score, and the reply a follower would get (a figures answer takes precedence, as in the chat)."""

from handlers.chat.intents import classify
from handlers.figures import service as figures
from handlers.guide import store

INTENT_LABELS = {
    "apply": "开始填写申请表（申请公开）", "status": "查询申请进度", "my_apps": "列出“我的申请”", "help": "发送帮助菜单",
    "cancel": "取消正在填写的申请", "bind": "工作人员绑定微信", "staff_list": "工作人员：列出待办",
    "staff_action": "工作人员：办理命令", "question": "回答问题（年报数字或指南）",
}


async def trial(container, agency_code: str, question: str) -> dict:
    intent = classify(question)
    result = {"intent": intent.name, "does": INTENT_LABELS[intent.name], "entry": None, "score": None,
              "confident": None, "related": [], "reply": None, "source": None}
    if intent.name != "question":
        return result
    figures_reply = await figures.answer(container, agency_code, question)
    found = (await store.index(container, agency_code)).answer(question)
    result.update(
        entry={"key": found.entry.id, "question": found.entry.question} if found.entry else None,
        score=round(found.score, 3), confident=found.confident,
        related=[{"key": e.id, "question": e.question} for e in found.related],
        reply=figures_reply or await store.ask(container, agency_code, question),
        source="年度报告数字" if figures_reply else ("指南条目" if found.confident else "无把握：建议与联系方式"))
    return result
