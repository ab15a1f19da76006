"""What a clerk's day starts with: what is overdue or due soon, what waits for the applicant, what came in
on WeChat today, counts by state, and whether today's reminders went out."""

from datetime import datetime, time, timedelta

from disclosure.categories import Channel
from disclosure.states import State
from handlers.applications.views import application_view
from storage import register_queries as q

DUE_SOON_WORKDAYS = 5
LISTED = 8


async def dashboard(container, agency_code: str | None = None) -> dict:
    today = container.today()
    soon = container.calendar.add_workdays(today, DUE_SOON_WORKDAYS)
    midnight = datetime.combine(today, time(), container.now().tzinfo)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        s = uow.session
        by_state = await q.counts_by_state(s, agency.id, today.replace(month=1, day=1))
        lists = {"overdue": await q.open_due(s, agency.id, today, None, LISTED),
                 "due_soon": await q.open_due(s, agency.id, soon + timedelta(days=1), today, LISTED),
                 "new_wechat": await q.received_on(s, agency.id, Channel.WECHAT.value, today, LISTED)}
        sent, failed = await q.outbox_today(s, agency.id, midnight)
        shown = {key: {"count": count, "rows": [dict(application_view(a, agency), overdue=_late(a, today)) for a in apps]}
                 for key, (count, apps) in lists.items()}
    return {
        **shown, "today": today.isoformat(), "due_soon_until": soon.isoformat(), "due_soon_workdays": DUE_SOON_WORKDAYS,
        "states": [{"state": st.value, "label": st.label if st.is_open else f"本年{st.label}", "open": st.is_open,
                    "count": by_state.get(st.value, 0)} for st in State],
        "waiting": {st.value: by_state.get(st.value, 0) for st in (State.AWAITING_CORRECTION, State.CONSULTING,
                                                                    State.AWAITING_FEE)},
        "reminders_sent": sum(n for kind, n in sent.items() if not kind.startswith(("notice", "late"))),
        "notices_sent": sum(n for kind, n in sent.items() if kind.startswith("notice")),
        "failed_messages": failed,
    }


def _late(app, today) -> bool:
    return State(app.state).is_open and app.due_on is not None and app.due_on < today
