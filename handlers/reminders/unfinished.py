"""Staff reminders about unfinished steps: a document the law makes part of a step and not issued yet
(disclosure.letters.missing), and a correction or payment period that has run out. Sent once each.

Applications closed within LOOKBACK_DAYS are looked at too: an answer recorded but never issued is the
one missing document that matters most.
"""

from datetime import date, timedelta

from disclosure.deadlines import compute_deadlines
from disclosure.letters import missing
from disclosure.reminders import unfinished
from handlers.applications.service import to_domain
from handlers.reminders.template_fields import payload, template_fields
from storage import schedule_queries
from storage.models import Application

LOOKBACK_DAYS = 60


async def plan(container, uow, day: date) -> list[tuple[Application, str, str, date, dict]]:
    """(application, kind, dedupe key without its recipient, due date, payload) of every reminder due by `day`."""
    cal = container.calendar
    histories = await schedule_queries.recent_histories(uow.session, day - timedelta(days=LOOKBACK_DAYS))
    issued = await uow.letters.issued_steps([app.id for app, _ in histories])
    found = []
    for app, rows in histories:
        events = [to_domain(r) for r in rows]
        if not events:
            continue
        d = compute_deadlines(events, cal)
        gaps = [(due.kind.value, due.kind.title, events[due.seq - 1].on) for due in missing(events, issued.get(app.id, []))]
        for item in unfinished(app.state, gaps, d.correction_due_on, d.pause_ends_on, cal, day):
            body = payload("reminder", template_fields(app.number, item.subject, item.due, item.next_step))
            found.append((app, item.kind, f"{item.kind}:{app.number}:{item.about}", item.due, body))
    return found
