"""Status queries by followers: only their own applications; anyone else's looks exactly like a wrong number."""

from disclosure.corrections import correction_items
from disclosure.events import Action
from disclosure.states import State
from disclosure.tracking import normalize_number
from handlers.applications.views import application_view
from storage.errors import NotFound
from storage.models import Applicant

NOT_FOUND = ("没有找到编号为“{number}”、由您本人通过本公众号提交的申请。请核对编号；"
             "通过其他渠道提交的申请，请回复“联系方式”获取咨询电话。")
NONE_YET = ("您还没有通过本公众号提交过申请。回复“申请公开”可在线提交；通过其他渠道提交的，"
            "请回复“人工”获取咨询电话。")


def zh_day(iso: str | None) -> str:
    if not iso:
        return "—"
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def describe(view: dict) -> str:
    lines = [f"编号：{view['number']}", f"状态：{view['state_label']}", f"收到日期：{zh_day(view['received_on'])}"]
    if view["closed_on"]:
        lines.append(f"答复日期：{zh_day(view['closed_on'])}")
        lines.append(f"办理结果：{view['outcome_label']}")
    elif view["due_on"]:
        lines.append(f"答复期限：{zh_day(view['due_on'])}前")
    else:
        lines.append("答复期限：暂停计算（待补正、征求意见或缴费期间不计入）")
    return "\n".join(lines)


async def own_application(container, agency_code: str, openid: str, raw_number: str) -> dict | None:
    number = normalize_number(raw_number)
    if number is None:
        return None
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        try:
            app = await uow.applications.get(number, agency.id)
        except NotFound:
            return None
        applicant = await uow.session.get(Applicant, app.applicant_id)
        if applicant is None or applicant.openid != openid:
            return None
        return application_view(app, agency, await uow.applications.events(app))


def last_note(view: dict, action: Action) -> str | None:
    """The note of the latest `action` in the view's events (a correction asked for, or received)."""
    found = [e for e in view.get("events", []) if e["action"] == action.value]
    return (found[-1]["data"] or {}).get("note") if found else None


def asked_items(view: dict) -> list[str]:
    """While the application waits for its correction: what the notice asked for, numbered."""
    if view["state"] != State.AWAITING_CORRECTION.value:
        return []
    items = correction_items(last_note(view, Action.REQUEST_CORRECTION))
    return ["需要补正的事项：", *(f"{i}. {item}" for i, item in enumerate(items, 1))]


def _correction(view: dict) -> list[str]:
    lines = asked_items(view)
    return [*lines, f"请回复“补正 {view['number']}”，按提示发送补正内容（可附图片）。"] if lines else []


async def query(container, agency_code: str, openid: str, raw_number: str) -> str:
    view = await own_application(container, agency_code, openid, raw_number)
    if view is None:
        return NOT_FOUND.format(number=raw_number.strip()[:20])
    return "\n".join([describe(view), *_correction(view)])


async def mine(container, agency_code: str, openid: str) -> str:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        apps = await uow.applications.list(agency.id, openid=openid, limit=10)
        views = [application_view(a, agency) for a in apps]
    if not views:
        return NONE_YET
    views.sort(key=lambda v: v["received_on"], reverse=True)
    parts = [describe(v) + (f"\n请回复“补正 {v['number']}”查看补正事项" if v["state"] == State.AWAITING_CORRECTION.value
                            else "") for v in views[:5]]
    more = "\n\n（仅显示最近5件）" if len(views) > 5 else ""
    return "您的申请：\n\n" + "\n\n".join(parts) + more
