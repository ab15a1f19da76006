"""What a document may say about one application (Case), and a new draft's parts taken from it."""

from dataclasses import dataclass
from datetime import date

from disclosure.calendar import WorkCalendar
from disclosure.events import Action, Event
from disclosure.letters import Due, Kind
from disclosure.outcomes import Outcome
from handlers.letters.fields import split_items
from handlers.letters.settings import AgencyLetters


@dataclass(frozen=True)
class Case:
    """What a document may say about one application."""

    agency: AgencyLetters
    number: str
    received_on: date
    request: str
    applicant: str  # the addressee's name
    form: str | None
    delivery: str | None
    address: str | None  # the applicant's postal address or e-mail, where the record holds them
    email: str | None
    events: list[Event]
    calendar: WorkCalendar


def outcome_of(case: Case, step: Due) -> Outcome | None:
    event = case.events[step.seq - 1]
    return Outcome(event.get("outcome")) if event.action is Action.CLOSE else None


def provided_default(case: Case) -> str:
    how = f"以{case.form}形式" if case.form else ""
    way = f"通过{case.delivery}方式提供" if case.delivery else "按您申请时选择的方式提供"
    where = f"，邮寄地址：{case.address}" if case.address and case.delivery == "邮寄" else ""
    mail = f"，电子邮箱：{case.email}" if case.email and case.delivery == "电子邮件" else ""
    return f"{how}，{way}{where}{mail}".lstrip("，")


def defaults(kind: Kind, case: Case, step: Due) -> dict:
    """A new draft's parts, taken from the record."""
    event = case.events[step.seq - 1]
    consults = [e for e in case.events[: step.seq] if e.action is Action.CONSULT]
    party = consults[-1].get("party") if consults else None
    values = {
        Kind.CORRECTION: {"to_correct": split_items(event.get("note") or "")},
        Kind.EXTENSION: {"reason": event.get("reason")},
        Kind.CONSULTATION: {"party": party, "summary": case.request},
        Kind.JOINT_CONSULTATION: {"party": party, "summary": case.request},
        Kind.THIRD_PARTY_NOTICE: {"party": party, "content": case.request},
        Kind.FEE: {"how_to_pay": case.agency.get("fee_payment")},
        Kind.ANSWER: {"provided": provided_default(case), "reasons": event.get("note")},
    }.get(kind, {})
    if kind is Kind.ANSWER and outcome_of(case, step) not in (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED):
        del values["provided"]
    return {k: v for k, v in values.items() if v}
