"""Throttling guesses (bind codes, console sign-ins), counted from the audit log itself.

An actor whose latest `per_actor` failed attempts at an action fall within one `window` is locked for a
`window` from the last of them; so is everyone in the agency once the agency's failures reach
`per_agency` the same way. A lock thus lasts a full window whether the failures came at once or spread
out, and at most `per_agency` failures reach an agency in any window: the limit that makes guessing
hopeless whoever sends the guesses. Attempts refused because of a lock are recorded as "locked", not as
failures, so hammering a lock does not lengthen it.

Bind codes hold the agency's attempts in line (`serialized`) before counting, so two guesses arriving at
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
    per_agency: int | None  # None: no agency-wide limit (sign-in names are not an agency's)
    window: timedelta


async def serialized(uow, agency_code: str) -> Agency:
    """The agency, with its attempts taken one at a time until the transaction ends: on PostgreSQL by
    a row lock that still lets rows referring to the agency be written (FOR NO KEY UPDATE); on SQLite,
    where that clause does not exist, the caller's first write takes the database's one write lock."""
    agency = await uow.session.scalar(select(Agency).where(Agency.code == agency_code).with_for_update(key_share=True))
    return agency or await uow.agencies.get(agency_code)  # raises NotFound in Chinese


async def lock(uow, action: str, now: datetime, agency_id: int | None, actor: str, limits: Limits) -> Lock | None:
    """The lock on `actor`'s attempts at `action` now, if any (the later one when both limits hold).
    With `agency_id` None the actor's failures are counted in every agency, and only per actor."""
    found = []
    for who, limit in ((actor, limits.per_actor), (None, limits.per_agency if agency_id is not None else None)):
        if limit is None:
            continue
        # A lock still running started from a failure within the last window, its first within the one before.
        times = await uow.audit.times(action, now - 2 * limits.window, actor=who, outcome=FAILED,
                                      agency_id=agency_id, limit=limit)
        if len(times) >= limit and times[0] - times[-1] <= limits.window:  # newest first
            until = _aware(times[0], now) + limits.window
            if until > now:
                found.append(Lock(until, who is None))
    return max(found, default=None)


async def failures_left(uow, action: str, now: datetime, agency_id: int, actor: str, limits: Limits) -> int:
    """How many more failures `actor` may make before being locked."""
    times = await uow.audit.times(action, now - limits.window, actor=actor, outcome=FAILED, agency_id=agency_id,
                                  limit=limits.per_actor)
    return limits.per_actor - len(times)


def _aware(moment: datetime, now: datetime) -> datetime:
    """In `now`'s zone: SQLite hands back the stored local time without one, PostgreSQL the time in UTC."""
    return moment.astimezone(now.tzinfo) if moment.tzinfo else moment.replace(tzinfo=now.tzinfo)
