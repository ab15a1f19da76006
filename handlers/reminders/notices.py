"""Template-message notices to applicants who applied through WeChat, queued with the action itself.

`enqueue` runs inside the unit of work that records the action, so the notice is queued if and only if
the action is saved; the outbox sender delivers it afterwards. Each notice says what happens next and
by when. Applicants without an openid (paper, post, website) are told by the agency's usual means.
"""

from datetime import date

from disclosure.calendar import WorkCalendar
from disclosure.corrections import correction_items
from disclosure.events import Action
from disclosure.outcomes import Outcome
from disclosure.periods import DEFAULT_CORRECTION_PERIOD, FEE_PAYMENT_PERIOD
from handlers.reminders.template_fields import payload, template_fields
from storage import outbox, schedule_queries
from storage.models import Application, ApplicationEvent


def _until(row: ApplicationEvent, cal: WorkCalendar, default_days: int) -> date:
    data = row.data or {}
    if data.get("until"):
        return date.fromisoformat(data["until"])
    return cal.add_workdays(row.occurred_on, int(data.get("days") or default_days))


def notice_fields(app: Application, row: ApplicationEvent, cal: WorkCalendar) -> dict | None:
    """The template fields telling the applicant about `row`, or None if this action is not notified."""
    action, data = Action(row.action), row.data or {}
    if action is Action.REGISTER:
        return template_fields(app.number, "已收到您的政府信息公开申请", app.due_on,
                               "最迟于此日前答复，如需补正另行告知")
    if action is Action.REQUEST_CORRECTION:
        # A template field holds 20 characters: the notice names the first item and how many; the chat
        # lists them all (回复“补正”), and so does the written notice.
        items = correction_items(data.get("note"))
        what = (f"需补正{len(items)}项：{items[0]}" if len(items) > 1 else f"请补正：{items[0]}") if items else "您的申请需要补正"
        return template_fields(app.number, what, _until(row, cal, DEFAULT_CORRECTION_PERIOD),
                               "请于此日前回复“补正”提交")
    if action is Action.EXTEND:
        return template_fields(app.number, f"答复期限延长{data.get('days')}个工作日", app.due_on,
                               "将于此日前答复您")
    if action is Action.FEE_NOTICE:
        amount = f"{data['amount']}元" if data.get("amount") else ""
        return template_fields(app.number, f"需缴纳信息处理费{amount}", _until(row, cal, FEE_PAYMENT_PERIOD),
                               "请于此日前缴费，逾期视为放弃申请")
    if action is Action.CLOSE:
        return template_fields(app.number, f"已答复：{Outcome(app.outcome).label}", app.closed_on,
                               "如有异议，可依法申请复议或诉讼")
    return None


async def enqueue(container, uow, app: Application, row: ApplicationEvent) -> bool:
    """Queue the notice for the action `row` records, in the caller's transaction; True if queued."""
    fields = notice_fields(app, row, container.calendar)
    if fields is None:
        return False
    # No autoflush: the action's own changes must reach the database at commit, where a lost race
    # becomes the unit of work's Conflict, not here.
    with uow.session.no_autoflush:
        openid = await schedule_queries.applicant_openid(uow.session, app.applicant_id)
        if not openid:
            return False
        key = f"notice:{app.number}:{row.seq}:{openid}"
        return await outbox.enqueue(uow.session, f"notice-{row.action}", key, openid,
                                    payload("notice", fields), container.now(), app.agency_id)


async def tell_staff(container, uow, app: Application, subject: str, next_step: str, seq: int) -> int:
    """Queue, in the caller's transaction, a note to every bound staff member of the agency about what
    the applicant did on `app` (event `seq`); the number queued."""
    with uow.session.no_autoflush:
        staff = await schedule_queries.bound_staff(uow.session)
    fields = payload("reminder", template_fields(app.number, subject, container.today(), next_step))
    queued = 0
    for member in staff.get(app.agency_id, []):
        key = f"staff:{app.number}:{seq}:{member.openid}"
        queued += await outbox.enqueue(uow.session, "staff-applicant", key, member.openid, fields, container.now(),
                                       app.agency_id)
    return queued
