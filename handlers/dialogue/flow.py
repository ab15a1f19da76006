"""The application intake dialogue: one answer per message, with 上一步, 修改 and 取消 at every step.

Step keys are stored in `dialogues.step`; besides the form's own steps there are two: "confirm" (the
summary awaits 确认) and "edit" (the follower picks which answer to change). A question, command or
tracking number sent mid-form is answered and the form waits (handlers.dialogue.asides); a question
sent where free text is asked may be the answer, so it is kept in "_pending" until the citizen says.
"""

from disclosure.categories import ApplicantCategory, Channel
from disclosure.delivery import DETAIL_KEYS
from disclosure.documents import DocumentType
from disclosure.identity import InvalidIdentity
from disclosure.lifecycle import IllegalTransition
from handlers.applications import service as applications
from handlers.chat.status import zh_day

from . import asides, store
from .steps import BY_KEY, STEPS, InvalidAnswer, applicable, unchanged

FLOW = "apply"
BACK, EDIT, CANCEL = {"上一步", "返回", "后退"}, {"修改", "更改"}, {"取消", "退出", "不申请了"}
CONFIRM = {"确认", "确定", "提交", "确认提交", "是", "1"}
YES = {"是", "是的", "对", "对的", "就是", "确认", "1"}
COMMANDS = "（可随时回复“上一步”“修改”或“取消”）"
EXPIRED = "您之前未完成的申请因长时间未操作已自动取消，填写的内容已删除。"
PENDING, EDITING = "_pending", "_editing"


def _step_after(data: dict, key: str | None) -> str:
    keys = [s.key for s in applicable(data)]
    later = keys[keys.index(key) + 1:] if key in keys else keys
    return next((k for k in later if k not in data), "confirm")


def prompt(form: store.Form, cipher) -> str:
    if form.step == "confirm":
        return summary(form.data, cipher)
    if form.step == "edit":
        answered = _answered(form.data)
        return "要修改哪一项？回复数字：\n" + "\n".join(f"{i}. {s.label}" for i, s in enumerate(answered, 1))
    return f"{BY_KEY[form.step].prompt(_plain(form.data, cipher))}\n{COMMANDS}"


def _answered(data: dict) -> list:
    # 证件号码 is changed through 证件类型, which asks it again
    return [s for s in applicable(data) if s.key in data and s.key != "id_number"]


def _plain(data: dict, cipher) -> dict:
    """The answers as given: secret ones decrypted (for the summary, checks and submission only)."""
    return {k: cipher.decrypt(v) if k in BY_KEY and BY_KEY[k].secret else v for k, v in data.items()}


def summary(data: dict, cipher) -> str:
    plain = _plain(data, cipher)
    lines = ["请核对您的申请："]
    lines += [f"{s.label}：{s.show(plain[s.key])}" for s in applicable(data) if s.key in data]
    return "\n".join(lines + ["", "无误请回复“确认”提交；需要改动请回复“修改”；放弃请回复“取消”。"])


async def start(turn) -> str:
    form = store.Form(FLOW, "category")
    await store.save(turn.container, turn.agency_code, turn.openid, form)
    intro = "好的，开始在线申请政府信息公开，约需3分钟。"
    return f"{intro}\n\n{prompt(form, turn.container.cipher)}"


async def answer(turn, form: store.Form) -> str:
    """Apply one message to the open form and say what comes next."""
    c, text = turn.container, turn.inbound.text.strip()
    if text in CANCEL:
        await store.abandon(c, turn.agency_code, turn.openid)
        return "已取消本次申请，您填写的内容已删除。需要时可随时回复“申请公开”重新开始。"
    if form.data.get(PENDING) and text in YES:  # the question sent before was the answer after all
        text = form.data.pop(PENDING)
    elif (aside := await asides.reply(turn, form, text)) is not None:
        await store.save(c, turn.agency_code, turn.openid, form)
        return aside
    form.data.pop(PENDING, None)
    if text in EDIT and not _answered(form.data):
        return f"还没有可修改的内容。\n\n{prompt(form, c.cipher)}"
    if text in EDIT:
        form.step = "edit"
    elif text in BACK:
        note = _back(form)
        if note:
            return f"{note}\n\n{prompt(form, c.cipher)}"
    elif form.step == "edit":
        return await _pick_edit(turn, form, text)
    elif form.step == "confirm":
        if text in CONFIRM:
            return await _submit(turn, form)
        return f"请回复“确认”提交，或“修改”“取消”。\n\n{prompt(form, c.cipher)}"
    else:
        problem = await _take(turn, form, text)
        if problem:
            return problem
    await store.save(c, turn.agency_code, turn.openid, form)
    return prompt(form, c.cipher)


async def _take(turn, form: store.Form, text: str) -> str | None:
    """Store the answer to the current step; the hint (with any aside) when it cannot be used."""
    c, step = turn.container, BY_KEY[form.step]
    try:
        value = step.parse(text, _plain(form.data, c.cipher))
    except InvalidAnswer as err:
        found = await asides.question(turn, text)  # not an answer: perhaps a question to answer
        hint = found or str(err)
        return f"{hint}\n\n{prompt(form, c.cipher)}"
    _set(form, value if isinstance(value, dict) else {step.key: value}, c.cipher)
    # after a change from the summary, go back to it (or to a step the change made necessary)
    form.step = _step_after(form.data, None if form.data.pop(EDITING, False) else step.key)
    return None


def _set(form: store.Form, values: dict, cipher) -> None:
    """Store answers, and forget those that no longer apply or were given for what has changed
    (a person's name once the applicant is a company; the postal address once delivery is by e-mail)."""
    before = _plain(form.data, cipher)
    for key, value in values.items():
        form.data[key] = cipher.encrypt(value) if BY_KEY[key].secret else value
    after = _plain(form.data, cipher)
    for step in STEPS:
        if step.key in form.data and step.key not in values and (
                not step.applies(after) or not unchanged(step, before, after)):
            del form.data[step.key]


def _back(form: store.Form) -> str | None:
    keys = [s.key for s in applicable(form.data)]
    if form.step in ("confirm", "edit"):
        form.step = [k for k in keys if k in form.data][-1]
    elif keys.index(form.step) == 0:
        return "已经是第一步了。"
    else:
        form.step = keys[keys.index(form.step) - 1]
    form.data.pop(form.step, None)
    form.data.pop(EDITING, None)
    return None


async def _pick_edit(turn, form: store.Form, text: str) -> str:
    answered = _answered(form.data)
    if not (text.isdigit() and 1 <= int(text) <= len(answered)):
        named = [s for s in answered if text and (s.label.startswith(text) or text in s.label)]
        if len(named) != 1:
            return f"请回复要修改项目前面的数字（1至{len(answered)}）。\n\n{prompt(form, turn.container.cipher)}"
        text = str(answered.index(named[0]) + 1)
    form.step = answered[int(text) - 1].key
    form.data[EDITING] = all(s.key in form.data for s in applicable(form.data))
    await store.save(turn.container, turn.agency_code, turn.openid, form)
    return prompt(form, turn.container.cipher)


async def _submit(turn, form: store.Form) -> str:
    c, data = turn.container, _plain(form.data, turn.container.cipher)
    details = {k: data[k] for k in DETAIL_KEYS if data.get(k)}
    reg = applications.Registration(
        channel=Channel.WECHAT, received_on=c.today(), category=ApplicantCategory(data["category"]),
        name=data["name"], request_text=data["request"], credit_code=data.get("credit_code"),
        form=data["form"], delivery=data["delivery"], openid=turn.openid, id_number=data.get("id_number"),
        phone=data["phone"], id_type=DocumentType(data.get("id_type") or DocumentType.RESIDENT_ID), details=details)
    try:
        view = await applications.register(c, reg, turn.agency_code, actor="wechat")
    except (InvalidIdentity, IllegalTransition) as err:
        return f"提交未成功：{err}\n请回复“修改”更正后再确认。"
    await store.drop(c, turn.agency_code, turn.openid)
    return receipt(view)


def receipt(view: dict) -> str:
    files = f"附件：{view['attachments']}份\n" if view.get("attachments") else ""
    return (f"申请已提交成功。\n受理编号：{view['number']}\n收到日期：{zh_day(view['received_on'])}\n{files}"
            f"法定答复期限：{zh_day(view['due_on'])}前（收到之日起20个工作日，条例第三十三条）\n"
            f"请记下编号，回复“查询 {view['number']}”可随时查看办理进度。")
