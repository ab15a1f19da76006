"""Reads the scheduler needs: open applications with their correction and consultation history, staff
who have bound a WeChat account, applicants' openids, published reports."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from disclosure.events import Action
from disclosure.states import OPEN_STATES

from .models import Agency, Applicant, Application, ApplicationEvent, Staff, StoredReport


@dataclass(frozen=True)
class BoundStaff:
    id: int
    agency_id: int
    name: str
    openid: str


@dataclass(frozen=True)
class OpenApplication:
    app: Application
    correction_requested: bool
    consult_started: date | None


async def open_applications(session: AsyncSession, agency_id: int | None = None) -> list[OpenApplication]:
    query = select(Application).where(Application.state.in_([s.value for s in OPEN_STATES]))
    if agency_id is not None:
        query = query.where(Application.agency_id == agency_id)
    apps = list(await session.scalars(query.order_by(Application.number)))
    ids = [a.id for a in apps]
    rows = (await session.execute(
        select(ApplicationEvent.application_id, ApplicationEvent.seq, ApplicationEvent.action,
               ApplicationEvent.occurred_on, ApplicationEvent.data)
        .where(ApplicationEvent.application_id.in_(ids),
               ApplicationEvent.action.in_([Action.REQUEST_CORRECTION.value, Action.CONSULT.value, Action.VOID.value])))
    ).all()
    voided = {(r.application_id, (r.data or {}).get("voids")) for r in rows if r.action == Action.VOID.value}
    corrected, consults = set(), {}
    for r in rows:
        if (r.application_id, r.seq) in voided or r.action == Action.VOID.value:
            continue  # struck out as recorded by mistake (disclosure.events.effective)
        if r.action == Action.REQUEST_CORRECTION.value:
            corrected.add(r.application_id)
        else:
            consults[r.application_id] = max(r.occurred_on, consults.get(r.application_id, r.occurred_on))
    return [OpenApplication(a, a.id in corrected, consults.get(a.id)) for a in apps]


async def recent_histories(session: AsyncSession, closed_since: date, agency_id: int | None = None
                           ) -> list[tuple[Application, list[ApplicationEvent]]]:
    """Open applications and those closed since `closed_since`, each with its event log in order."""
    open_values = [s.value for s in OPEN_STATES]
    query = select(Application).where(Application.state.in_(open_values) | (Application.closed_on >= closed_since))
    if agency_id is not None:
        query = query.where(Application.agency_id == agency_id)
    return await _with_events(session, list(await session.scalars(query.order_by(Application.number))))


async def histories(session: AsyncSession, app_ids: list[int]) -> list[tuple[Application, list[ApplicationEvent]]]:
    """The applications `app_ids`, in that order, each with its event log in order."""
    apps = {a.id: a for a in await session.scalars(select(Application).where(Application.id.in_(app_ids)))}
    return await _with_events(session, [apps[i] for i in app_ids if i in apps])


async def _with_events(session: AsyncSession, apps: list[Application]) -> list[tuple[Application, list[ApplicationEvent]]]:
    rows = await session.scalars(select(ApplicationEvent).where(ApplicationEvent.application_id.in_([a.id for a in apps]))
                                 .order_by(ApplicationEvent.application_id, ApplicationEvent.seq))
    by_app: dict[int, list[ApplicationEvent]] = {}
    for row in rows:
        by_app.setdefault(row.application_id, []).append(row)
    return [(a, by_app.get(a.id, [])) for a in apps]


async def bound_staff(session: AsyncSession) -> dict[int, list[BoundStaff]]:
    """Staff with a WeChat openid, by agency, in a stable order."""
    rows = await session.execute(select(Staff.id, Staff.agency_id, Staff.name, Staff.openid)
                                 .where(Staff.openid.is_not(None)).order_by(Staff.id))
    by_agency: dict[int, list[BoundStaff]] = {}
    for row in rows:
        by_agency.setdefault(row.agency_id, []).append(BoundStaff(*row))
    return by_agency


async def applicant_openid(session: AsyncSession, applicant_id: int) -> str | None:
    return await session.scalar(select(Applicant.openid).where(Applicant.id == applicant_id))


async def agencies(session: AsyncSession) -> list[Agency]:
    return list(await session.scalars(select(Agency).order_by(Agency.code)))


async def report_published(session: AsyncSession, agency_id: int, year: int) -> bool:
    found = await session.scalar(select(StoredReport.id).where(StoredReport.agency_id == agency_id,
                                                                StoredReport.year == year))
    return found is not None
