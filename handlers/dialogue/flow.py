"""The application intake dialogue: one answer per message, with 上一步, 修改 and 取消 at every step.

Step keys are stored in `dialogues.step`; besides the form's own steps there are two: "confirm" (the
summary awaits 确认) and "edit" (the follower picks which answer to change).
"""

from disclosure.categories import ApplicantCategory, Channel
from disclosure.identity import InvalidIdentity
from disclosure.lifecycle import IllegalTransition
from handlers.applications import service as applications

from . import store
from .steps import BY_KEY, InvalidAnswer, applicable

FLOW = "apply"
BACK, EDIT, CANCEL = {"上一步", "返回", "后退"}, {"修改", "更改"}, {"取消", "退出", "不申请了"}
CONFIRM = {"确认", "确定", "提交", "确认提交", "是", "1"}
COMMANDS = "（可随时回复“上一步”“修改”或“取消”）"
EXPIRED = "您之前未完成的申请因长时间未操作已自动取消，填写的内容已删除。"


def _step_after(data: dict, key: str | None) -> str:
    keys = [s.key for s in applicable(data)]
    later = keys[keys.index(key) + 1:] if key in keys else keys
    return next((k for k in later if k not in data), "confirm")


def _prompt(form: store.Form, cipher) -> str:
    if form.step == "confirm":
        return summary(form.data, cipher)
    if form.step == "edit":
        answered = [s for s in applicable(form.data) if s.key in form.data]
        return "要修改哪一项？回复数字：\n" + "\n".join(f"{i}. {s.label}" for i, s in enumerate(answered, 1))
    return f"{BY_KEY[form.step].prompt}\n{COMMANDS}"


def _value(step, data: dict, cipher) -> str:
    raw = data[step.key]
    return step.show(cipher.decrypt(raw) if step.secret else raw)


def summary(data: dict, cipher) -> str:
    lines = ["请核对您的申请："]
    lines += [f"{s.label}：{_value(s, data, cipher)}" for s in applicable(data) if s.key in data]
    return "\n".join(lines + ["", "无误请回复“确认”提交；需要改动请回复“修改”；放弃请回复“取消”。"])


async def start(turn) -> str:
    form = store.Form(FLOW, "category")
    await store.save(turn.container, turn.agency_code, turn.openid, form)
    intro = "好的，开始在线申请政府信息公开，共7步左右，约需3分钟。"
    return f"{intro}\n\n{_prompt(form, turn.container.cipher)}"


async def answer(turn, form: store.Form) -> str:
    """Apply one message to the open form and say what comes next."""
    c, text = turn.container, turn.inbound.text.strip()
    if text in CANCEL:
        await store.drop(c, turn.agency_code, turn.openid)
        return "已取消本次申请，您填写的内容已删除。需要时可随时回复“申请公开”重新开始。"
    if text in EDIT and not any(s.key in form.data for s in applicable(form.data)):
        return f"还没有可修改的内容。\n\n{_prompt(form, c.cipher)}"
    if text in EDIT:
        form.step = "edit"
    elif text in BACK:
        note = _back(form)
        if note:
            return f"{note}\n\n{_prompt(form, c.cipher)}"
    elif form.step == "edit":
        return await _pick_edit(turn, form, text)
    elif form.step == "confirm":
        if text in CONFIRM:
            return await _submit(turn, form)
        return f"请回复“确认”提交，或“修改”“取消”。\n\n{_prompt(form, c.cipher)}"
    else:
        step = BY_KEY[form.step]
        try:
            value = step.parse(text)
        except InvalidAnswer as err:
            return f"{err}\n\n{_prompt(form, c.cipher)}"
        _set(form, step, value, c.cipher)
        # after a change from the summary, go back to it (or to a step the change made necessary)
        form.step = _step_after(form.data, None if form.data.pop("_editing", False) else step.key)
    await store.save(c, turn.agency_code, turn.openid, form)
    return _prompt(form, c.cipher)


def _set(form: store.Form, step, value: str, cipher) -> None:
    form.data[step.key] = cipher.encrypt(value) if step.secret else value
    if step.key == "category":  # the other kind of applicant answers a different identity step
        for key in ("credit_code", "id_number"):
            if key in form.data and not BY_KEY[key].applies(form.data):
                del form.data[key]


def _back(form: store.Form) -> str | None:
    keys = [s.key for s in applicable(form.data)]
    if form.step in ("confirm", "edit"):
        form.step = [k for k in keys if k in form.data][-1]
    elif keys.index(form.step) == 0:
        return "已经是第一步了。"
    else:
        form.step = keys[keys.index(form.step) - 1]
    form.data.pop(form.step, None)
    form.data.pop("_editing", None)
    return None


async def _pick_edit(turn, form: store.Form, text: str) -> str:
    answered = [s for s in applicable(form.data) if s.key in form.data]
    if not (text.isdigit() and 1 <= int(text) <= len(answered)):
        return f"请回复要修改项目前面的数字（1至{len(answered)}）。\n\n{_prompt(form, turn.container.cipher)}"
    form.step = answered[int(text) - 1].key
    form.data["_editing"] = all(s.key in form.data for s in applicable(form.data))
    await store.save(turn.container, turn.agency_code, turn.openid, form)
    return _prompt(form, turn.container.cipher)


async def _submit(turn, form: store.Form) -> str:
    c, data = turn.container, form.data
    secret = {k: c.cipher.decrypt(data[k]) if k in data else None for k in ("id_number", "phone")}
    reg = applications.Registration(
        channel=Channel.WECHAT, received_on=c.today(), category=ApplicantCategory(data["category"]),
        name=data["name"], request_text=data["request"], credit_code=data.get("credit_code"),
        form=data["form"], delivery=data["delivery"], openid=turn.openid, **secret)
    try:
        view = await applications.register(c, reg, turn.agency_code, actor="wechat")
    except (InvalidIdentity, IllegalTransition) as err:
        return f"提交未成功：{err}\n请回复“修改”更正后再确认。"
    await store.drop(c, turn.agency_code, turn.openid)
    return receipt(view)


def _day(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def receipt(view: dict) -> str:
    return "\n".join([
        "申请已提交成功。",
        f"受理编号：{view['number']}",
        f"收到日期：{_day(view['received_on'])}",
        f"法定答复期限：{_day(view['due_on'])}前（收到之日起20个工作日，条例第三十三条）",
        f"请记下编号，回复“查询 {view['number']}”可随时查看办理进度。",
    ])
