"""Throttling guesses (bind codes; sign-ins may use it too), counted from the audit log itself.

An actor whose failed attempts at an action number `per_actor` within the last `window` is locked until
the oldest of them is `window` old; so is everyone in the agency once the agency's failures number
`per_agency`. The per-agency limit is what makes guessing hopeless whoever sends the guesses: at most
per_agency guesses every window. Attempts refused because of a lock are recorded as "locked", not as
failures, so hammering a lock does not lengthen it.

Callers hold the agency's attempts in line (`serialized`) before counting, so two guesses arriving at
once cannot both be counted below the limit.
"""

from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select

from storage.models import Agency

FAILED, LOCKED, PENDING = "refused", "locked", "pending"


class Lock(NamedTuple):
    until: datetime
    agency_wide: bool  # every actor of the agency is held, not only this one


class Limits(NamedTuple):
    per_actor: int
    per_agency: int
    window: timedelta


async def serialized(uow, agency_code: str) -> Agency:
    """The agency, with its attempts taken one at a time until the transaction ends: on PostgreSQL by
    a row lock that still lets rows referring to the agency be written (FOR NO KEY UPDATE); on SQLite,
    where that clause does not exist, the caller's first write takes the database's one write lock."""
    agency = await uow.session.scalar(select(Agency).where(Agency.code == agency_code).with_for_update(key_share=True))
    return agency or await uow.agencies.get(agency_code)  # raises NotFound in Chinese


async def lock(uow, action: str, now: datetime, agency_id: int, actor: str, limits: Limits) -> Lock | None:
    """The lock on `actor`'s attempts at `action` now, if any (the later one when both limits hold)."""
    since = now - limits.window
    found = []
    for who, limit in ((actor, limits.per_actor), (None, limits.per_agency)):
        times = await uow.audit.times(action, since, actor=who, outcome=FAILED, agency_id=agency_id, limit=limit)
        if len(times) >= limit:
            found.append(Lock(_aware(times[-1], now) + limits.window, who is None))
    return max(found, default=None)


async def failures_left(uow, action: str, now: datetime, agency_id: int, actor: str, limits: Limits) -> int:
    """How many more failures `actor` may make before being locked."""
    times = await uow.audit.times(action, now - limits.window, actor=actor, outcome=FAILED, agency_id=agency_id,
                                  limit=limits.per_actor)
    return limits.per_actor - len(times)


def _aware(moment: datetime, now: datetime) -> datetime:
    """In `now`'s zone: SQLite hands back the stored local time without one, PostgreSQL the time in UTC."""
    return moment.astimezone(now.tzinfo) if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)
