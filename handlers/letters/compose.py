"""A document from the record: the template's paragraphs inside the frame every document shares.

`content` (a plain dict) is what is frozen, hashed and rendered alike to DOCX, to WeChat text and to
the web page: agency, title, serial, addressee, paragraphs, signature, date, notes.
"""

from dataclasses import dataclass
from datetime import date

from disclosure.answers import FEE_MEASURES, REGULATION, answer_basis, cite, cited
from disclosure.calendar import WorkCalendar
from disclosure.deadlines import compute_deadlines
from disclosure.events import Action, Event
from disclosure.fees import Quote, Tier
from disclosure.fees import describe as describe_fee
from disclosure.letters import AGENCY, THIRD_PARTY, Due, Kind, recipient
from disclosure.outcomes import Outcome
from disclosure.remedies import remedies_for
from handlers.letters import templates
from handlers.letters.fields import ANSWER_FORMS, split_items
from handlers.letters.settings import AgencyLetters
from handlers.reminders.template_fields import zh_date

CLOSINGS = {Kind.ANSWER: "特此答复。", Kind.CONSULTATION: "特此征询。", Kind.JOINT_CONSULTATION: "特此函商。",
            Kind.RECEIPT: ""}
DOCUMENT_WORDS = {Kind.ANSWER: "本答复书", Kind.FEE: "本通知书"}
TRAILING = "。；;，,. \n"


class Blanks(dict):
    """The clerk's parts; one not written reads as empty (a template may test `f.where_public`)."""

    def __missing__(self, key):
        return ""


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


# The earlier notice an answer refers back to: the correction for "still unclear" or "not corrected in
# time", the fee notice for "not paid in time".
PRIOR_NOTICE = {Outcome.UNAVAILABLE_UNCLEAR: Action.REQUEST_CORRECTION, Outcome.OTHER_NO_CORRECTION: Action.REQUEST_CORRECTION,
                Outcome.OTHER_UNPAID_FEE: Action.FEE_NOTICE}


def _prior(case: Case, step: Due) -> dict:
    """The correction or fee notice that an abandonment or a still-unclear answer refers back to."""
    wanted = PRIOR_NOTICE.get(outcome_of(case, step))
    before = case.events[: step.seq - 1]
    for i in range(len(before) - 1, -1, -1):
        if before[i].action is wanted:
            d = compute_deadlines(before[: i + 1], case.calendar)
            corrected = next((e.on for e in before[i + 1:] if e.action is Action.RECEIVE_CORRECTION), None)
            return {"on": before[i].on, "until": d.correction_due_on or d.pause_ends_on,
                    "amount": before[i].get("amount"), "received_on": corrected}
    return {"on": None, "until": None, "amount": None, "received_on": None}


def _step(case: Case, step: Due) -> dict:
    event = case.events[step.seq - 1]
    d = compute_deadlines(case.events[: step.seq], case.calendar)
    return {**dict(event.data), "on": event.on, "due_on": d.due_on, "days": event.get("days"),
            "until": d.correction_due_on or d.pause_ends_on}


FEE_ARTICLES = {"count": "第三条、第四条", "pages": "第三条、第五条"}


def _fee(case: Case, step: Due) -> dict:
    """The fee the notice states: the quote it rests on, and any reduction with its reason."""
    event = case.events[step.seq - 1]
    if event.action is not Action.FEE_NOTICE:
        return {}
    basis, amount = event.get("basis"), event.get("amount")
    if basis:
        quote = Quote(basis, event.get("quoted", amount), tuple(Tier(**t) for t in event.get("tiers", ())),
                      event.get("place"), event.get("pages"))
        text = describe_fee(quote)
    else:  # recorded with an amount only (before quotes were kept with the notice)
        text = f"应缴纳{amount}元"
    quoted = event.get("quoted", amount)
    return {"basis": basis, "articles": FEE_ARTICLES.get(basis, ""), "text": text, "amount": amount,
            "reduced_from": quoted if quoted != amount else None, "reason": event.get("reason"),
            "until": _step(case, step)["until"]}


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


def _basis(kind: Kind, case: Case, step: Due, f: dict) -> tuple[list[str], list[str]]:
    """(the articles the document rests on, those of a partial answer's withheld part)."""
    outcome = outcome_of(case, step)
    if outcome is None or kind not in (Kind.ANSWER, Kind.ABANDONED):
        return [], []
    consulted = any(e.action is Action.CONSULT for e in case.events)
    ground = Outcome(f["ground"]) if f.get("ground") else None
    found = answer_basis(outcome, already_public=bool(f.get("where_public")), provided=bool(f.get("provided")),
                         holder_known=bool(f.get("holder")), consulted=consulted, ground=ground)
    return found, answer_basis(ground, consulted=consulted) if ground else []


def _trimmed(value):
    """A clause without its closing punctuation: the template decides how a sentence ends."""
    if isinstance(value, list):
        return [_trimmed(v) for v in value]
    return value.rstrip(TRAILING) if isinstance(value, str) else value


def context(kind: Kind, case: Case, step: Due, values: dict) -> dict:
    f = Blanks({k: _trimmed(v) for k, v in values.items()})
    outcome = outcome_of(case, step)
    basis, ground = _basis(kind, case, step, f)
    return {
        "agency": {"name": case.agency.name, **case.agency.values},
        "app": {"number": case.number, "received_on": case.received_on, "request": case.request.rstrip(TRAILING),
                "form": case.form, "delivery": case.delivery, "address": case.address, "email": case.email},
        "step": _step(case, step), "prior": _prior(case, step), "fee": _fee(case, step), "f": f,
        "outcome": {"key": outcome.value, "label": outcome.label, "form": ANSWER_FORMS.get(outcome)} if outcome else {},
        "basis": basis, "cite": cite(basis), "ground_cite": cite(ground),
        "objected": any(e.action is Action.CONSULT_END and e.get("objected") for e in case.events),
        "regulation": REGULATION, "fee_measures": FEE_MEASURES,
    }


def _addressee(kind: Kind, case: Case, values: dict) -> str:
    if recipient(kind) in (THIRD_PARTY, AGENCY):
        return f"{values.get('party') or '____'}："
    return f"{case.applicant}："


def _notes(kind: Kind, case: Case) -> list[str]:
    agency = case.agency
    notes = [f"（联系人：{agency.get('contact')}，联系电话：{agency.get('phone')}"
             + (f"，通讯地址：{agency.get('address')}" if agency.get("address") else "") + "）"]
    if kind is Kind.ANSWER and case.delivery:
        where = case.address if case.delivery == "邮寄" else case.email if case.delivery == "电子邮件" else None
        notes.append(f"（送达方式：{case.delivery}" + (f"，{where}" if where else "") + "）")
    return notes


def compose(kind: Kind, case: Case, step: Due, values: dict, serial: str | None, on: date) -> dict:
    """The document's content, ready to freeze and render."""
    ctx = context(kind, case, step, values)
    name = kind.value
    paragraphs = templates.render(name, ctx, case.agency.templates)
    missing = [a for a in ctx["basis"] if not cited(a, "".join(paragraphs))]
    if missing:
        raise templates.TemplateProblem(f"文书模板 {name} 未写明法律依据{'、'.join(missing)}，请修改模板。")
    remedies = remedies_for(kind, outcome_of(case, step), case.agency.get("review_body"))
    clause = remedies.text(DOCUMENT_WORDS.get(kind, "本告知书")) if remedies else None
    closing = CLOSINGS.get(kind, "特此告知。")
    return {
        "kind": kind.value, "number": case.number, "agency": case.agency.name, "title": kind.title,
        "serial": serial, "addressee": _addressee(kind, case, values),
        "paragraphs": paragraphs + [p for p in (clause, closing) if p],
        "signature": case.agency.name, "date": zh_date(on), "notes": _notes(kind, case),
        "basis": ctx["basis"], "remedies": clause,
    }
