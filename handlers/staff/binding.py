"""Staff link their WeChat openid to their staff record with a one-time code an operator issues.

Only a keyed hash of the code is stored; a code works once and until it expires (security.bind_code_hours).
Guesses are throttled (handlers.staff.throttle): an openid is locked for security.bind_lock_minutes after
security.bind_attempts failures within that time, and the whole agency after bind_agency_attempts.
The odds, with the defaults (12-digit codes, 30 failures per agency per 15 minutes, codes living 24 h):
at most 30 × 96 = 2,880 guesses reach an agency in a code's lifetime (2,910 counting the window's
edges), so one guess-stream finds a given live code with probability ≤ 2,910 / 10^12 ≈ 2.9 × 10^-9;
a year of it against a code kept always live, ≤ 1.1 × 10^-6.

Every attempt, code issued and unbinding goes to the audit log: never the code, and the openid only as
a keyed hash (`wechat_actor`), enough to count one sender's attempts.
"""

import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select

from disclosure.text import clean_line
from handlers.staff import throttle
from storage.errors import NotFound
from storage.models import Staff

CODE_DIGITS = 12
NAME_MAX = 50  # staff.name
BIND, ISSUE, UNBIND = "staff.bind", "staff.code_issued", "staff.unbind"


class BindOutcome(NamedTuple):
    name: str | None = None  # bound to this staff member
    lock: throttle.Lock | None = None  # refused unchecked, or this failure locked the sender
    failures_left: int = 0  # after a wrong code, before the sender is locked
    checked: bool = True  # False: refused because of a lock, the code not even looked at


def wechat_actor(container, openid: str) -> str:
    return "wechat:" + container.cipher.lookup_hash(openid)[:16]


def _limits(settings) -> throttle.Limits:
    return throttle.Limits(settings.get("security", "bind_attempts"), settings.get("security", "bind_agency_attempts"),
                           timedelta(minutes=settings.get("security", "bind_lock_minutes")))


def _digits(code: str) -> str:
    """What staff type, as issued: the spaces and dashes of a grouped code dropped."""
    return "".join(ch for ch in code if ch not in " -")


def staff_name(name: str) -> str:
    """A staff member's name as stored, or InvalidText saying what is wrong with it."""
    return clean_line(name, "工作人员姓名", NAME_MAX)


def grouped(code: str) -> str:
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


async def _staff(uow, agency_id: int, name: str) -> Staff | None:
    return await uow.session.scalar(select(Staff).where(Staff.agency_id == agency_id, Staff.name == name))


async def issue_code(container, agency_code: str, name: str, actor: str = "cli") -> str:
    """A fresh code for staff member `name` of the agency (created if new); earlier codes stop working."""
    name = staff_name(name)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    hours = container.settings.get("security", "bind_code_hours")
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        staff = await _staff(uow, agency.id, name)
        if staff is None:
            staff = Staff(agency_id=agency.id, name=name)
            uow.session.add(staff)
        staff.bind_code_hash = container.cipher.lookup_hash(code)
        staff.bind_code_expires = container.now() + timedelta(hours=hours)
        uow.audit.add(container.now(), actor, ISSUE, agency_id=agency.id, target=name)
        await uow.commit()
    return code


def _aware(moment: datetime, container) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=container.now().tzinfo)


async def bind(container, agency_code: str, openid: str, code: str) -> BindOutcome:
    """Bind `openid` to the staff member whose live code this is, unless the sender or agency is locked."""
    now, actor, limits = container.now(), wechat_actor(container, openid), _limits(container.settings)
    async with container.uow() as uow:
        agency = await throttle.serialized(uow, agency_code)
        attempt = uow.audit.add(now, actor, BIND, agency_id=agency.id, outcome=throttle.PENDING)
        await uow.session.flush()  # the first write: on SQLite, attempts are now taken one at a time
        lock = await throttle.lock(uow, BIND, now, agency.id, actor, limits)
        if lock is not None:
            attempt.outcome, attempt.detail = throttle.LOCKED, {"agency_wide": lock.agency_wide}
            await uow.commit()
            return BindOutcome(lock=lock, checked=False)
        staff = await uow.session.scalar(select(Staff).where(
            Staff.agency_id == agency.id, Staff.bind_code_hash == container.cipher.lookup_hash(_digits(code))))
        if staff is None or _aware(staff.bind_code_expires, container) < now:
            attempt.outcome, attempt.detail = throttle.FAILED, {"reason": "expired" if staff else "no such code"}
            await uow.session.flush()
            outcome = BindOutcome(lock=await throttle.lock(uow, BIND, now, agency.id, actor, limits),
                                  failures_left=await throttle.failures_left(uow, BIND, now, agency.id, actor, limits))
            await uow.commit()
            return outcome
        previous = await uow.session.scalar(select(Staff).where(Staff.openid == openid, Staff.id != staff.id))
        if previous is not None:  # one WeChat account speaks for one staff member
            previous.openid = None
            await uow.session.flush()
        staff.openid, staff.bind_code_hash, staff.bind_code_expires = openid, None, None
        attempt.outcome, attempt.target = "ok", staff.name
        name = staff.name
        await uow.commit()
        return BindOutcome(name=name)


class Member(NamedTuple):
    name: str
    role: str | None  # the console account's role; None: bound on WeChat only, as an administrator vouched


async def member(container, agency_code: str, openid: str) -> Member | None:
    """The agency's staff member bound to `openid`, if any."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        row = (await uow.session.execute(
            select(Staff.name, Staff.role).where(Staff.agency_id == agency.id, Staff.openid == openid))).first()
    return Member(*row) if row else None


async def bound(container, agency_code: str, openid: str) -> str | None:
    """The name of the agency's staff member bound to `openid`, if any."""
    found = await member(container, agency_code, openid)
    return found.name if found else None


async def members(container, agency_code: str) -> list[dict]:
    """The agency's staff: who is bound to a WeChat account, and until when an unused code works."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        staff = await uow.session.scalars(select(Staff).where(Staff.agency_id == agency.id).order_by(Staff.name))
        rows = []
        for member in staff:
            expires = member.bind_code_expires and _aware(member.bind_code_expires, container)
            live = expires is not None and expires >= container.now()
            rows.append({"name": member.name, "bound": member.openid is not None,
                         "code_expires": expires.isoformat(timespec="minutes") if live else None})
        return rows


async def unbind(container, agency_code: str, name: str, actor: str = "cli") -> bool:
    """Unlink staff member `name` from WeChat and void any unused code; False if nothing was linked."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        staff = await _staff(uow, agency.id, name.strip())
        if staff is None:
            raise NotFound(f"本机关没有名为“{name.strip()}”的工作人员，可用 gongkai staff list 查看。")
        linked = staff.openid is not None or staff.bind_code_hash is not None
        staff.openid, staff.bind_code_hash, staff.bind_code_expires = None, None, None
        uow.audit.add(container.now(), actor, UNBIND, agency_id=agency.id, target=staff.name,
                      outcome="ok" if linked else "unchanged")
        await uow.commit()
        return linked


async def unbind_self(container, agency_code: str, openid: str) -> str | None:
    """解绑 on WeChat: the name of the staff member this openid no longer speaks for, if it did."""
    name = await bound(container, agency_code, openid)
    if name is not None:
        await unbind(container, agency_code, name, actor=name)
    return name
