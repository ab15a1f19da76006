"""The text the bot sends for a guide answer, phone-sized."""

from handlers.guide.index import GuideAnswer

REFUSAL = "抱歉，这个问题不在政府信息公开指南的范围内，我暂时回答不了。"
HINTS = "您可以换个说法再问，发送“帮助”查看我能回答的问题，或发送“联系方式”获取人工咨询电话。"


def format_reply(answer: GuideAnswer) -> str:
    """The entry's answer plus "你可能还想问", or an honest refusal with suggestions."""
    if answer.confident and answer.entry is not None:
        lines = [answer.entry.answer]
        if answer.related:
            lines += ["", "你可能还想问："] + [f"· {e.question}" for e in answer.related]
        return "\n".join(lines)
    lines = [REFUSAL]
    if answer.related:
        lines += ["", "您是不是想问："] + [f"· {e.question}" for e in answer.related]
    lines += ["", HINTS]
    return "\n".join(lines)
