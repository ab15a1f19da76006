"""What applicants do about their own applications from the chat: correct one (art. 30), withdraw one.

Only the sender's own applications (made through this account, same openid) can be acted on; anyone
else's number reads exactly like a wrong one (handlers.chat.status). A correction is recorded as the
correction received, so the reply clock restarts, with the files sent with it, and every bound staff
member of the agency is told, in the same transaction.
"""

from disclosure.corrections import correction_items
from disclosure.events import Action
from disclosure.states import State
from disclosure.text import NOTE_MAX, clean_text
from disclosure.tracking import normalize_number
from handlers.applications import attachments
from handlers.applications.service import record
from handlers.reminders import notices
from storage.errors import NotFound
from storage.models import Applicant, Application

ACTOR = "申请人（微信）"


class NotOwn(NotFound):
    """No application of the sender's has that number."""


async def _own(uow, agency, openid: str, raw_number: str) -> Application:
    number = normalize_number(raw_number)
    if number is None:
        raise NotOwn(raw_number)
    try:
        app = await uow.applications.get(number, agency.id)
    except NotFound:
        raise NotOwn(raw_number) from None
    applicant = await uow.session.get(Applicant, app.applicant_id)
    if applicant is None or applicant.openid != openid:
        raise NotOwn(raw_number)
    return app


async def receive_correction(container, agency_code: str, openid: str, raw_number: str, note: str) -> dict:
    """Record the applicant's correction (text, and the files kept for it); IllegalTransition when the
    application awaits none, NotOwn when it is not theirs."""
    note = clean_text(note, "补正内容", NOTE_MAX) if note.strip() else ""
    return await _by_applicant(container, agency_code, openid, raw_number, Action.RECEIVE_CORRECTION,
                               {"note": note or None, "by": "applicant"}, ("申请人已提交补正", "回复“查看 编号”办理"))


async def withdraw(container, agency_code: str, openid: str, raw_number: str) -> dict:
    return await _by_applicant(container, agency_code, openid, raw_number, Action.WITHDRAW,
                               {"note": "申请人在公众号撤回"}, ("申请人已撤回申请", "无需再办理"))


async def _by_applicant(container, agency_code: str, openid: str, raw_number: str, action: Action, data: dict,
                        staff_note: tuple[str, str]) -> dict:
    """One action the applicant takes on their own application, with the files they sent for it and a
    note to the agency's bound staff, in one transaction."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        app = await _own(uow, agency, openid, raw_number)
        view = await record(container, uow, agency, app, action, None, data, ACTOR)
        view["attachments"] = await attachments.attach_pending(uow, agency.id, openid, app.id)
        view["staff_told"] = await notices.tell_staff(container, uow, app, *staff_note, view["events"][-1]["seq"])
        await uow.commit()
        return view


async def check_own(container, agency_code: str, openid: str, raw_number: str) -> dict:
    """The sender's application and its correction items (before a confirmation); NotOwn otherwise."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        app = await _own(uow, agency, openid, raw_number)
        return {"number": app.number, "state": app.state, "items": await _items(uow, app)}


async def _items(uow, app: Application) -> list[str]:
    rows = await uow.applications.events(app)
    asked = [r for r in rows if r.action == Action.REQUEST_CORRECTION.value]
    return correction_items((asked[-1].data or {}).get("note")) if asked else []


async def awaiting_correction(container, agency_code: str, openid: str) -> list[dict]:
    """The sender's applications that wait for their correction, with what to correct."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        apps = await uow.applications.list(agency.id, openid=openid, states=[State.AWAITING_CORRECTION.value])
        return [{"number": a.number, "items": await _items(uow, a)} for a in apps]
