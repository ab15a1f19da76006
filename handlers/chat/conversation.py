"""What the 公众号 says: every handler, registered on one router.

    reply = await respond(container, agency_code, inbound)   # str, or None for nothing to say
"""

from handlers import dialogue
from handlers.chat import inbox, status
from handlers.chat.router import Inbound, Router, Turn, no_claim, not_held
from handlers.dialogue import staff_confirm
from handlers.figures import service as report_figures
from handlers.guide import store as guide_store
from handlers.staff import binding as staff_binding
from handlers.staff import commands as staff
from handlers.staff.roles import Role, permission_for, require

router = Router()

WELCOME = ("感谢关注！这里是{name}政府信息公开服务号，可以：\n"
           "1. 解答政府信息公开问题，直接发文字提问，如“申请要多久答复”\n"
           "2. 在线申请政府信息公开：回复“申请公开”\n"
           "3. 查询办理进度：回复“查询 受理编号”或“我的申请”\n"
           "4. 补正或撤回自己的申请：回复“补正”或“撤回 受理编号”\n"
           "5. 查询年度报告数据，如“去年收到多少申请”\n"
           "需要人工咨询请回复“人工”。")
STAFF_ONLY = "该命令仅供已绑定的工作人员使用。"
UNBOUND = "已解除绑定，{name}。本微信号不能再使用工作人员命令；需要时请向系统管理员重新获取绑定码。"
NOT_BOUND = "本微信号没有绑定工作人员，无需解绑。"


async def _agency_name(turn: Turn) -> str:
    async with turn.container.uow() as uow:
        return (await uow.agencies.get(turn.agency_code)).name


@router.event("subscribe")
@router.event("subscribe_scan")
@router.intent("help")
async def welcome(turn: Turn) -> str:
    return WELCOME.format(name=await _agency_name(turn))


@router.first
async def open_form(turn: Turn) -> str | None:
    """While a form is open, every text answers it (取消, 上一步 and 修改 included)."""
    if turn.follower.form is None:
        return None
    await turn.claim()  # the answer advances the form, or its expiry drops it
    form, expired = await dialogue.settle(turn.container, turn.agency_code, turn.openid, turn.follower.form)
    if expired:
        turn.notes.append(dialogue.EXPIRED[turn.follower.form.flow])
    return await dialogue.answer(turn, form) if form else None


@router.first
async def staff_commands(turn: Turn) -> str | None:
    name = turn.intent.name
    if name == "bind":
        await turn.claim()
        outcome = await staff_binding.bind(turn.container, turn.agency_code, turn.openid, turn.intent.args[0])
        return staff.bind_reply(outcome, turn.container.now())
    if name == "unbind":
        await turn.claim()
        member = await staff_binding.unbind_self(turn.container, turn.agency_code, turn.openid)
        return UNBOUND.format(name=member) if member else NOT_BOUND
    if name not in ("staff_list", "staff_action", "help"):
        return None
    member = await staff_binding.member(turn.container, turn.agency_code, turn.openid)
    if name == "help":
        return staff.USAGE if member else None
    if member is None:
        return await citizen_command(turn) if turn.intent.args[0] in CITIZEN_VERBS else STAFF_ONLY
    c, code = turn.container, turn.agency_code
    try:
        if name == "staff_list":
            return await staff.due_list(c, code)
        verb, number, rest = turn.intent.args
        if verb == "查看":
            return await staff.show(c, code, number)
        if member.role:  # on WeChat as in the console: an extension or a fee notice is an approver's
            require(Role(member.role), permission_for(staff.VERBS[verb]))
        await turn.claim()
        if verb in staff_confirm.CONFIRMED:
            return await staff_confirm.ask(turn, member.name, verb, number, rest)
        return await staff.act(c, code, member.name, verb, number, rest)
    except staff.REFUSED as err:
        return f"未执行：{err}"


CITIZEN_VERBS = {"补正": "correct", "撤回": "withdraw"}


async def citizen_command(turn: Turn) -> str:
    """「补正 编号 …」 or 「撤回 编号」 from an applicant, about their own application."""
    verb, number, rest = turn.intent.args
    if CITIZEN_VERBS[verb] == "correct":
        return await dialogue.followup.correct(turn, number, rest)
    return await dialogue.followup.withdraw(turn, number)


@router.intent("correct")
async def correct(turn: Turn) -> str:
    return await dialogue.followup.correct(turn, None, "")


@router.intent("withdraw")
async def withdraw(turn: Turn) -> str:
    return await dialogue.followup.withdraw(turn, None)


@router.intent("contact")
async def contact(turn: Turn) -> str:
    return await guide_store.office_contact(turn.container, turn.agency_code)


@router.intent("apply")
@router.click("apply")
async def apply(turn: Turn) -> str:
    await turn.claim()  # starts a form, or drops an expired one
    form, _ = await dialogue.settle(turn.container, turn.agency_code, turn.openid, turn.follower.form)
    if form is not None:  # a menu click while a form is open: carry on where it stands
        return "您有一份正在填写的申请，请继续；放弃请回复“取消”。"
    return await dialogue.start(turn)


@router.intent("cancel")
async def cancel(turn: Turn) -> str:
    return "当前没有正在办理的事项。回复“帮助”查看可以做什么。"


@router.intent("status")
async def status_query(turn: Turn) -> str:
    return await status.query(turn.container, turn.agency_code, turn.openid, turn.intent.args[0])


@router.intent("my_apps")
@router.click("my_apps")
async def my_applications(turn: Turn) -> str:
    return await status.mine(turn.container, turn.agency_code, turn.openid)


@router.click("figures")
async def figures_menu(turn: Turn) -> str:
    return await report_figures.menu_text(turn.container, turn.agency_code)


@router.intent("question")
async def question(turn: Turn) -> str:
    text = turn.inbound.text
    figures = await report_figures.answer(turn.container, turn.agency_code, text)
    return figures or await guide_store.ask(turn.container, turn.agency_code, text)


# Menu buttons open guide entries by their stable ids (config/guide.toml).
MENU_ENTRIES = {"guide_apply": ("channels",), "guide_fees": ("fees",), "guide_remedies": ("review", "litigation")}


def _menu_guide(ids: tuple[str, ...]):
    async def handler(turn: Turn) -> str:
        return await guide_store.entry_text(turn.container, turn.agency_code, ids)
    return handler


for _key, _ids in MENU_ENTRIES.items():
    router.click(_key)(_menu_guide(_ids))


router.kind("image")(dialogue.media.receive)


@router.kind("*")
async def media(turn: Turn) -> str:
    return dialogue.media.MEDIA_HINT


async def respond(container, agency_code: str, inbound: Inbound, claim=no_claim, held=not_held) -> str | None:
    """The reply to one message, with late answers and notes (an expired form) put first.

    `claim` (see Turn) is awaited before anything changes. inbox.Duplicate is raised when another
    delivery of the same message holds it: its stored reply is the answer. `held` tells a lease this
    delivery holds itself (its time ran out, or it took a lapsed one over) from another's.
    """
    found = await inbox.follower(container, agency_code, inbound.openid, inbound.dedupe_key)
    if found.handled and not await held():
        raise inbox.Duplicate(inbound.dedupe_key)
    turn = Turn(container, agency_code, inbound, follower=found, claim=claim)
    reply = await router.dispatch(turn)
    if reply is None:  # nothing goes back (unsubscribe, unknown events): late answers keep waiting
        return None
    waiting = []
    if found.waiting:
        await turn.claim()  # taking them marks them sent
        waiting = await inbox.take_waiting(container, inbound.openid)
    return "\n\n".join([*waiting, *turn.notes, reply])
