"""Messages sent while a form is open that are not its answer: a question, a command, a tracking number.

Each is answered and the form waits at its step, its question asked again below the answer. Where the
step asks for free text (所需信息, 邮寄地址) a question may be the answer itself ("2023年哪些线路调整了？"),
so the citizen is asked, and the text kept until they say 是. A bare number is the answer at steps that
ask for one (证件号码, 电话), and a tracking number everywhere else.
"""

import re

from handlers.chat import status
from handlers.figures import service as report_figures
from handlers.guide import store as guide_store

from . import flow

QUESTION = re.compile(r"[?？]|吗|呢$|多久|多长|多少|几天|几个|怎么|怎样|如何|什么|为什么|哪里|哪儿|在哪|能不能|可不可以|"
                      r"是否|有没有|啥|咋")
BUSY = "您正在填写一份申请。要办理其他事项，请先完成本申请，或回复“取消”放弃。"
HELP = "您正在填写政府信息公开申请，可随时回复“上一步”“修改”或“取消”；有问题也可以直接问，答完会回到这一步。"
WAITING = "（申请还在填写中，请继续）"


async def question(turn, text: str) -> str | None:
    """A confident answer from the report's figures or the guide, else None."""
    if not QUESTION.search(text):
        return None
    c, code = turn.container, turn.agency_code
    figures = await report_figures.answer(c, code, text)
    if figures:
        return figures
    found = (await guide_store.index(c, code)).answer(text)
    return found.entry.answer if found.confident else None  # no "你可能还想问": the form comes next


async def _command(turn, form, name: str) -> str | None:
    c, code, openid = turn.container, turn.agency_code, turn.openid
    if name == "help":
        return HELP
    if name == "status":
        step = flow.BY_KEY.get(form.step)
        if step is not None and step.numeric and not turn.inbound.text.strip().startswith(("查", "进度")):
            return None  # a bare number where a number is asked: the answer
        return await status.query(c, code, openid, turn.intent.args[0])
    if name == "my_apps":
        return await status.mine(c, code, openid)
    if name == "contact":
        return await guide_store.office_contact(c, code)
    if name in ("apply", "bind", "staff_list", "staff_action", "withdraw", "correct"):
        return BUSY
    return None


async def reply(turn, form, text: str) -> str | None:
    """The answer to a message that is not the form's, with the form's question again; None otherwise."""
    said = await _command(turn, form, turn.intent.name)
    step = flow.BY_KEY.get(form.step)
    if said is None and turn.intent.name == "question" and QUESTION.search(text):
        found = await question(turn, text)
        if step is not None and step.free:  # short: the step's question is not repeated
            form.data[flow.PENDING] = text
            ask = f"“{text[:15]}”如果就是您要填写的{step.label}，请回复“是”；不是请重新输入{step.label}。"
            return f"{found}\n\n{WAITING}\n{ask}" if found else f"{WAITING}\n{ask}"
        else:
            said = found or "这个问题我暂时答不上来，可回复“人工”获取咨询电话。"
    if said is None:
        return None
    return f"{said}\n\n{WAITING}\n{flow.prompt(form, turn.container.cipher)}"
