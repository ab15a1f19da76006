"""How an application is shown: one dict, used by the CLI (JSON and text), WeChat and the web."""

import json
from datetime import date

from disclosure.categories import ApplicantCategory, Channel
from disclosure.documents import DocumentType
from disclosure.events import Action
from disclosure.identity import mask
from disclosure.outcomes import Outcome
from disclosure.phones import mask_phone
from disclosure.states import State
from storage.models import Agency, Applicant, Application, ApplicationEvent


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def event_view(ev: ApplicationEvent) -> dict:
    return {
        "seq": ev.seq,
        "action": ev.action,
        "label": Action(ev.action).label + (f"：{ev.data['serial']}" if ev.action == Action.ISSUE_LETTER else ""),
        "on": ev.occurred_on.isoformat(),
        "actor": ev.actor,
        "recorded_at": ev.recorded_at.isoformat() if ev.recorded_at else None,
        "data": ev.data,
    }


def application_view(app: Application, agency: Agency, events: list[ApplicationEvent] | None = None) -> dict:
    view = {
        "number": app.number,
        "agency": agency.code,
        "agency_name": agency.name,
        "state": app.state,
        "state_label": State(app.state).label,
        "category": app.category,
        "category_label": ApplicantCategory(app.category).label,
        "channel": app.channel,
        "channel_label": Channel(app.channel).label,
        "request": app.request_text,
        "form": app.form,
        "delivery": app.delivery,
        "received_on": _iso(app.received_on),
        "due_on": _iso(app.due_on),
        "correction_notice_due": _iso(app.correction_notice_due),
        "outcome": app.outcome,
        "outcome_label": Outcome(app.outcome).label if app.outcome else None,
        "closed_on": _iso(app.closed_on),
        "warnings": list(app.warnings or []),
    }
    if events is not None:
        view["events"] = [event_view(e) for e in events]
        reasons = {e.data.get("voids"): e.data.get("reason") for e in events if e.action == Action.VOID.value}
        for ev in view["events"]:
            ev["voided_reason"] = reasons.get(ev["seq"])  # struck out as recorded by mistake, and why
    return view


def applicant_view(who: Applicant, cipher) -> dict:
    """The applicant for staff: ID and phone masked (the full values stay encrypted); the delivery
    address and e-mail in full, since the reply must reach them (art. 40)."""
    id_number, phone = cipher.decrypt(who.id_number_enc), cipher.decrypt(who.phone_enc)
    details = json.loads(cipher.decrypt(who.details_enc)) if who.details_enc else {}
    return {
        "applicant": {
            "name": who.name,
            "id_type": who.id_type,
            "id_type_label": DocumentType(who.id_type).label if who.id_type else None,
            "id_number": mask(id_number, 3, 4) if id_number else None,
            "phone": mask_phone(phone) if phone else None,
            "credit_code": who.credit_code,
            "contact": details.get("contact"),
            "legal_rep": details.get("legal_rep"),
        },
        "delivery_address": details.get("address"),
        "delivery_recipient": details.get("recipient"),
        "delivery_email": details.get("email"),
    }
