"""The names a document template sees: the application, the step, the earlier notice it refers back
to, the fee, the clerk's parts, the articles and the remedies' basis."""

from disclosure.answers import FEE_MEASURES, REGULATION, answer_basis, cite
from disclosure.deadlines import compute_deadlines
from disclosure.events import Action
from disclosure.fees import Quote, Tier
from disclosure.fees import describe as describe_fee
from disclosure.letters import Due, Kind
from disclosure.outcomes import Outcome
from handlers.letters.case import Case, outcome_of
from handlers.letters.fields import ANSWER_FORMS

TRAILING = "。；;，,. \n"


class Blanks(dict):
    """The clerk's parts; one not written reads as empty (a template may test `f.where_public`)."""

    def __missing__(self, key):
        return ""


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
