"""Answers from the 政府信息公开指南: load the packaged guide, index it, ask it.

index = GuideIndex(load_guide())
reply = index.answer("申请要多久答复")
reply.confident, reply.entry.answer, reply.related
text = format_reply(reply)
"""

from handlers.guide.content import GuideEntry, GuideError, load_guide
from handlers.guide.index import GuideAnswer, GuideIndex
from handlers.guide.reply import format_reply

__all__ = ["GuideAnswer", "GuideEntry", "GuideError", "GuideIndex", "format_reply", "load_guide"]
