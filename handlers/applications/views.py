"""How an application is shown: one dict, used by the CLI (JSON and text), WeChat and the web."""

from datetime import date

from disclosure.categories import ApplicantCategory, Channel
from disclosure.events import Action
from disclosure.identity import mask
from disclosure.outcomes import Outcome
from disclosure.states import State
from storage.models import Agency, Application, ApplicationEvent


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
    return view


def applicant_view(name: str, id_number: str | None, phone: str | None, credit_code: str | None) -> dict:
    """Staff see personal data masked; the full values stay encrypted in the database."""
    return {
        "name": name,
        "id_number": mask(id_number, 3, 4) if id_number else None,
        "phone": mask(phone, 3, 4) if phone else None,
        "credit_code": credit_code,
    }
