"""A document from the record: the template's paragraphs inside the frame every document shares.

`content` (a plain dict) is what is frozen, hashed and rendered alike to DOCX, to WeChat text and to
the web page: agency, title, serial, addressee, paragraphs, signature, date, notes.
"""

from datetime import date

from disclosure.answers import cited
from disclosure.letters import AGENCY, THIRD_PARTY, Due, Kind, recipient
from disclosure.remedies import remedies_for
from handlers.letters import templates
from handlers.letters.case import Case, outcome_of
from handlers.letters.context import context
from handlers.reminders.template_fields import zh_date

CLOSINGS = {Kind.ANSWER: "特此答复。", Kind.CONSULTATION: "特此征询。", Kind.JOINT_CONSULTATION: "特此函商。",
            Kind.RECEIPT: ""}
DOCUMENT_WORDS = {Kind.ANSWER: "本答复书", Kind.FEE: "本通知书"}


def _addressee(kind: Kind, case: Case, values: dict) -> str:
    if recipient(kind) in (THIRD_PARTY, AGENCY):
        return f"{values.get('party') or '____'}："
    return f"{case.applicant}："


def _notes(kind: Kind, case: Case) -> list[str]:
    agency = case.agency
    notes = [f"（联系人：{agency.get('contact')}，联系电话：{agency.get('phone')}"
             + (f"，通讯地址：{agency.get('address')}" if agency.get("address") else "") + "）"]
    if kind is Kind.ANSWER and case.delivery:
        where = {"邮寄": ("邮寄地址", case.address), "电子邮件": ("电子邮箱", case.email)}.get(case.delivery, (None, None))
        notes.append(f"（送达方式：{case.delivery}" + (f"，{where[0]}：{where[1]}" if where[1] else "") + "）")
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
