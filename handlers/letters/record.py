"""An application's documents as its record shows them: loading what a document may say, and which
documents the law requires that are not issued yet. Used by the letter use cases and by `app show`."""

from disclosure.letters import Due, missing
from handlers.letters.case import Case
from handlers.letters.settings import load
from storage.models import Agency, Application

PERSONAL_FIELDS = ("address", "email")


def _personal(rows, name: str, cipher) -> str | None:
    """An applicant's address or e-mail where the record holds one (clear or encrypted as `<name>_enc`)."""
    for row in rows:
        value = getattr(row, name, None) or cipher.decrypt(getattr(row, f"{name}_enc", None))
        if value:
            return value
    return None


async def load_case(container, uow, agency: Agency, app: Application, events) -> Case:
    applicant = await uow.applications.applicant(app)
    personal = {name: _personal((app, applicant), name, container.cipher) for name in PERSONAL_FIELDS}
    return Case(await load(container, uow, agency), app.number, app.received_on, app.request_text, applicant.name,
                app.form, app.delivery, personal["address"], personal["email"], events, container.calendar)


def due_view(due: Due, number: str) -> dict:
    return {"kind": due.kind.value, "title": due.kind.title, "step_seq": due.seq, "required": due.required,
            "why": due.why, "command": f"gongkai letter issue {number} {due.kind.value}"}


async def letters_missing(uow, app: Application, events) -> list[dict]:
    """The documents the law requires for the steps recorded so far that are not issued yet."""
    issued = (await uow.letters.issued_steps([app.id])).get(app.id, [])
    return [due_view(due, app.number) for due in missing(events, issued)]


def missing_warnings(missing_views: list[dict]) -> list[str]:
    return [f"尚未出具{m['title']}（{m['why']}）：{m['command']}" for m in missing_views]
