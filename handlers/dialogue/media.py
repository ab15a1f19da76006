"""Images sent while an application or a correction is open are kept with it (handlers.applications.
attachments); at any other time they get a hint. Fetched from WeChat before anything is written."""

from handlers.applications import attachments
from handlers.chat import inbox

from . import flow, followup, store

MEDIA_HINT = ("图片只在填写申请或提交补正时接收（如身份证件照片）。其他问题请用文字描述，"
              "或回复“帮助”查看可以做什么。")
EXPIRED_NOTE = "您之前未完成的申请或补正因长时间未操作已自动取消，这张图片未保存。"
COLLECTS = {flow.FLOW: attachments.APPLICATION, followup.CORRECT: attachments.CORRECTION}


async def receive(turn) -> str:
    """An image sent while an application or a correction is open is kept with it; fetched from WeChat
    before anything is written (no network inside a write transaction)."""
    form = turn.follower.form
    if form is None or form.flow not in COLLECTS or not turn.inbound.media_id:
        return MEDIA_HINT
    c, code = turn.container, turn.agency_code
    try:
        data, kind = await attachments.fetch(c, turn.inbound.media_id)
    except attachments.Refused as err:
        return str(err)
    await turn.claim()
    settled, expired = await store.settle(c, code, turn.openid, form)
    if expired:
        return EXPIRED_NOTE
    try:
        count = await attachments.keep_pending(c, await inbox.agency_id(c, code), turn.openid, COLLECTS[form.flow],
                                               data, kind)
    except attachments.Refused as err:
        return str(err)
    if form.flow == followup.CORRECT:
        return f"已收到图片（共{count}份）。{followup.MORE}"
    return f"已收到图片（共{count}份），将随申请一并提交。\n（申请还在填写中，请继续）\n" + flow.prompt(settled, c.cipher)
