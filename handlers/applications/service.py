"""Use cases for applications (依申请公开), called alike by the CLI, WeChat, the scheduler and the web."""

import json
from dataclasses import dataclass, field
from datetime import date

from disclosure import closing
from disclosure.categories import ApplicantCategory, Channel
from disclosure.delivery import checked_details
from disclosure.documents import DocumentType, normalize_document
from disclosure.events import Action, Event
from disclosure.identity import normalize_credit_code
from disclosure.lifecycle import IllegalTransition, check, offered, replay
from disclosure.phones import normalize_phone
from disclosure.text import NAME_MAX, NOTE_MAX, REQUEST_MAX, clean_line, clean_text
from disclosure.tracking import make_number
from handlers.applications import attachments
from handlers.applications.views import applicant_view, application_view
from handlers.letters.record import letters_missing, missing_warnings
from handlers.reminders import notices
from storage.models import Applicant, Application, ApplicationEvent

DATE_KEYS = ("until",)


@dataclass
class Registration:
    channel: Channel
    received_on: date
    category: ApplicantCategory
    name: str
    request_text: str
    id_number: str | None = None
    phone: str | None = None
    credit_code: str | None = None
    form: str | None = None
    delivery: str | None = None
    openid: str | None = None
    id_type: DocumentType = DocumentType.RESIDENT_ID
    details: dict = field(default_factory=dict)  # disclosure.delivery.DETAIL_KEYS: address, email, contact...


def to_domain(row: ApplicationEvent) -> Event:
    data = {k: date.fromisoformat(v) if k in DATE_KEYS and v else v for k, v in (row.data or {}).items()}
    return Event(Action(row.action), row.occurred_on, data)


def _stored(data: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items() if v is not None}


def _cleaned(data: dict) -> dict:
    """A clerk's words on an action (reasons, notes, names) pass the one text check of every channel."""
    return {k: clean_text(v, "说明", NOTE_MAX) if isinstance(v, str) else v for k, v in data.items()}


def _refresh(app: Application, events: list[Event], container) -> list[str]:
    status = replay(events, container.calendar)
    app.state, app.due_on = status.state.value, status.deadlines.due_on
    app.correction_notice_due = status.deadlines.correction_notice_due
    app.outcome = status.outcome.value if status.outcome else None
    app.closed_on = status.closed_on
    app.warnings = status.warnings
    return status.warnings


def _validated(reg: Registration, today: date) -> Registration:
    if reg.received_on > today:
        raise IllegalTransition(f"收到日期{reg.received_on}晚于今天（{today}）。")
    reg.name = clean_line(reg.name, "申请人姓名或名称", NAME_MAX)
    if not (reg.request_text or "").strip():
        raise IllegalTransition("请填写所需政府信息的名称、文号或便于查找的描述（第二十九条）。")
    reg.request_text = clean_text(reg.request_text, "所需信息的描述", REQUEST_MAX)
    reg.id_number = normalize_document(reg.id_type, reg.id_number) if reg.id_number else None
    reg.phone = normalize_phone(reg.phone) if reg.phone else None
    reg.credit_code = normalize_credit_code(reg.credit_code) if reg.credit_code else None
    reg.form, reg.delivery, reg.details = checked_details(reg.form, reg.delivery, reg.details)
    return reg


async def register(container, reg: Registration, agency_code: str | None = None, actor: str = "staff") -> dict:
    """Record a received application; returns its view with the tracking number and due date."""
    reg = _validated(reg, container.today())
    cipher = container.cipher
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        applicant = Applicant(
            agency_id=agency.id, category=reg.category.value, name=reg.name, credit_code=reg.credit_code,
            id_type=reg.id_type.value if reg.id_number else None,
            id_number_enc=cipher.encrypt(reg.id_number), id_number_hash=cipher.lookup_hash(reg.id_number),
            phone_enc=cipher.encrypt(reg.phone), openid=reg.openid,
            details_enc=cipher.encrypt(json.dumps(reg.details, ensure_ascii=False)) if reg.details else None,
        )
        seq = await uow.applications.next_sequence(reg.received_on.year)
        app = Application(
            agency_id=agency.id, number=make_number(reg.received_on.year, seq), category=reg.category.value,
            channel=reg.channel.value, request_text=reg.request_text, form=reg.form, delivery=reg.delivery,
            received_on=reg.received_on,
        )
        first = Event(Action.REGISTER, reg.received_on)
        _refresh(app, [first], container)
        await uow.applications.add(applicant, app)
        row = ApplicationEvent(application_id=app.id, seq=1, action=Action.REGISTER.value,
                               occurred_on=reg.received_on, actor=actor, data={"channel": reg.channel.value})
        uow.applications.add_event(row)
        await notices.enqueue(container, uow, app, row)
        files = await attachments.attach_pending(uow, agency.id, reg.openid, app.id) if reg.openid else 0
        uow.audit.add(container.now(), actor, "app.register", agency_id=agency.id, target=app.number)
        await uow.commit()
        return application_view(app, agency, [row]) | {"attachments": files}


async def perform(container, number: str, action: Action, on: date | None = None, data: dict | None = None,
                  actor: str = "staff", agency_code: str | None = None) -> dict:
    """Take one lifecycle action; refused with IllegalTransition, or Conflict if someone acted first."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number, agency.id)
        view = await record(container, uow, agency, app, action, on, data, actor)
        await uow.commit()
        return view


async def check_action(container, number: str, action: Action, data: dict, agency_code: str | None = None) -> list[str]:
    """Whether `perform` would take the action today, writing nothing (a confirmation asks first):
    IllegalTransition or NotFound as it would raise them, else its warnings."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number, agency.id)
        events = [to_domain(r) for r in await uow.applications.events(app)]
    return check(events, Event(action, container.today(), _cleaned(data)), container.calendar, container.today())


async def record(container, uow, agency, app: Application, action: Action, on: date | None, data: dict | None,
                 actor: str) -> dict:
    """Append `action` to `app`'s history in the caller's unit of work (checked, derived columns and the
    applicant's notice with it); the view after it, with the warnings."""
    rows = await uow.applications.events(app)
    events = [to_domain(r) for r in rows]
    new = Event(action, on or container.today(), _cleaned(data or {}))
    warnings = check(events, new, container.calendar, container.today())
    row = ApplicationEvent(application_id=app.id, seq=len(rows) + 1, action=action.value,
                           occurred_on=new.on, actor=actor, data=_stored(dict(new.data)))
    uow.applications.add_event(row)
    _refresh(app, events + [new], container)
    await notices.enqueue(container, uow, app, row)
    uow.audit.add(container.now(), actor, f"app.{action.value}", agency_id=agency.id, target=app.number,
                  detail={"seq": row.seq, "voids": new.get("voids")} if action is Action.VOID else {"seq": row.seq})
    view = application_view(app, agency, rows + [row])
    view["warnings"] = list(dict.fromkeys(warnings + view["warnings"]))
    return await _with_letters(uow, app, events + [new], view)


async def _with_letters(uow, app: Application, events: list[Event], view: dict) -> dict:
    """The view with the documents the law requires for the steps so far that are not issued yet.
    No autoflush: a lost race must surface at the unit of work's commit, as its Conflict, not here."""
    with uow.session.no_autoflush:
        view["letters_missing"] = await letters_missing(uow, app, events)
    view["warnings"] += missing_warnings(view["letters_missing"])
    return view


async def void(container, number: str, seq: int, reason: str, actor: str = "staff",
               agency_code: str | None = None) -> dict:
    """Strike out entry `seq`, recorded by mistake; kept in the history with the reason, deadlines recomputed."""
    reason = clean_text(reason, "撤销理由", NOTE_MAX, required=False)
    return await perform(container, number, Action.VOID, data={"voids": seq, "reason": reason}, actor=actor,
                         agency_code=agency_code)


async def show(container, number: str, agency_code: str | None = None, with_applicant: bool = False) -> dict:
    """The application with its history and what may be done next (`next`: actions and reply outcomes)."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number, agency.id)
        rows = await uow.applications.events(app)
        view = await _with_letters(uow, app, [to_domain(r) for r in rows], application_view(app, agency, rows))
        if with_applicant:
            view.update(applicant_view(await uow.applications.applicant(app), container.cipher))
            view["attachments"] = await attachments.listing(uow, app.id)
        events, today = [to_domain(r) for r in rows], container.today()
    view["next"] = {"actions": [a.value for a in offered(events, container.calendar, today)],
                    "outcomes": [o.value for o in closing.allowed(replay(events, container.calendar), today)]}
    return view


async def reveal(container, number: str, actor: str, agency_code: str | None = None) -> dict:
    """The applicant's full ID number and phone, for an approver; each reveal goes to the audit log."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number, agency.id)
        who = await uow.applications.applicant(app)
        c = container.cipher
        uow.audit.add(container.now(), actor, "app.reveal", agency_id=agency.id, target=number)
        await uow.commit()
        return {"name": who.name, "id_number": c.decrypt(who.id_number_enc), "phone": c.decrypt(who.phone_enc),
                "credit_code": who.credit_code}


async def explain(container, number: str, agency_code: str | None = None) -> list[str]:
    """The due-date derivation, step by step, in Chinese."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number, agency.id)
        events = [to_domain(r) for r in await uow.applications.events(app)]
    status = replay(events, container.calendar)
    lines = list(status.deadlines.steps)
    if not status.state.is_open:
        lines.append(f"{status.closed_on} {status.state.label}（{status.outcome.label}）。")
    return lines + [f"注意：{w}" for w in status.warnings]


async def list_applications(container, agency_code: str | None = None, states: list[str] | None = None,
                            due_before: date | None = None) -> list[dict]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        apps = await uow.applications.list(agency.id, states=states, due_before=due_before)
        return [application_view(a, agency) for a in apps]
