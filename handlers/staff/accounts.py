"""Console accounts on the staff table: add, list, disable, change a password, sign in and out.

A password is kept only as an argon2id hash. Five wrong passwords for one name within 15 minutes lock
that name for 15 minutes (handlers.staff.throttle, the bind codes' throttle), counted in the audit log
so every instance sees the same count; while locked even the right password is refused. Signing out, a
new password or disabling raises the account's session epoch, which ends every session issued before.
"""

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from disclosure.lifecycle import IllegalTransition
from disclosure.text import clean_line
from handlers.staff import throttle
from handlers.staff.roles import Role
from storage.models import Agency, Staff

NAME_MAX = 50
PASSWORD_MIN = 10
LOCK_FAILURES = 5
LOCK_WINDOW = timedelta(minutes=15)
_LIMITS = throttle.Limits(LOCK_FAILURES, None, LOCK_WINDOW)  # per name, whichever agency it is in
SIGN_IN = "console.sign_in"
_HASHER = PasswordHasher()
# Verified when the name is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY = _HASHER.hash("gongkai-no-such-account")


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: Role
    agency_code: str
    agency_name: str
    epoch: int


@dataclass(frozen=True)
class SignIn:
    account: Account | None = None
    locked_until: datetime | None = None


def _checked_password(name: str, password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise IllegalTransition(f"密码至少{PASSWORD_MIN}个字符。")
    if name in password:
        raise IllegalTransition("密码不能包含用户名。")
    return password


async def _hash(password: str) -> str:
    return await asyncio.to_thread(_HASHER.hash, password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


async def _account_row(uow, name: str) -> Staff | None:
    """The console account called `name`: names are unique across agencies, being sign-in names."""
    return await uow.session.scalar(select(Staff).where(Staff.name == name, Staff.password_hash.is_not(None)))


async def _named(uow, name: str, agency_code: str | None) -> Staff:
    row = await _account_row(uow, name)
    if row is None or (agency_code and (await uow.agencies.by_id(row.agency_id)).code != agency_code):
        raise IllegalTransition(f"没有名为“{name}”的控制台账号，可用 gongkai user list 查看。")
    return row


async def add_user(container, name: str, role: Role, password: str, agency_code: str | None = None,
                   actor: str = "cli") -> dict:
    name = clean_line(name, "用户名", NAME_MAX)
    password = _checked_password(name, password)
    digest = await _hash(password)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        if await _account_row(uow, name) is not None:
            raise IllegalTransition(f"用户名“{name}”已被使用（用户名在各机关之间也不能重复），请换一个，如“{name}2”。")
        row = await uow.session.scalar(select(Staff).where(Staff.agency_id == agency.id, Staff.name == name))
        if row is None:  # else: the staff member already bound on WeChat gets a console account too
            row = Staff(agency_id=agency.id, name=name)
            uow.session.add(row)
        row.role, row.password_hash, row.disabled = role.value, digest, False
        uow.audit.add(container.now(), actor, "user.add", agency_id=agency.id, target=name, detail={"role": role.value})
        await uow.commit("用户名刚刚已被其他人使用，请换一个。")
        return _view(row, agency)


def _view(row: Staff, agency: Agency) -> dict:
    return {"name": row.name, "role": row.role, "role_label": Role(row.role).label, "agency": agency.code,
            "disabled": row.disabled, "wechat_bound": row.openid is not None}


async def list_users(container, agency_code: str | None = None) -> list[dict]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        rows = await uow.session.scalars(select(Staff).where(Staff.agency_id == agency.id, Staff.role.is_not(None))
                                         .order_by(Staff.name))
        return [_view(r, agency) for r in rows]


async def disable_user(container, name: str, agency_code: str | None = None, actor: str = "cli") -> dict:
    async with container.uow() as uow:
        row = await _named(uow, name.strip(), agency_code)
        row.disabled, row.session_epoch = True, row.session_epoch + 1
        uow.audit.add(container.now(), actor, "user.disable", agency_id=row.agency_id, target=row.name)
        await uow.commit()
        return _view(row, await uow.agencies.by_id(row.agency_id))


async def set_password(container, name: str, password: str, agency_code: str | None = None,
                       actor: str = "cli") -> None:
    password = _checked_password(name.strip(), password)
    digest = await _hash(password)
    async with container.uow() as uow:
        row = await _named(uow, name.strip(), agency_code)
        row.password_hash, row.session_epoch = digest, row.session_epoch + 1
        uow.audit.add(container.now(), actor, "user.passwd", agency_id=row.agency_id, target=row.name)
        await uow.commit()


async def sign_in(container, name: str, password: str) -> SignIn:
    """The account if `password` is right and the name not locked; every attempt goes to the audit log."""
    name = (name or "").strip()[:NAME_MAX]
    now = container.now()
    async with container.uow() as uow:
        locked = await _locked_until(uow, name, now)
        row = await _account_row(uow, name) if name else None
        if locked:
            outcome = throttle.LOCKED
        else:
            good = await asyncio.to_thread(_verify, row.password_hash if row else _DUMMY, password or "")
            outcome = "ok" if good and row is not None and not row.disabled else throttle.FAILED
        uow.audit.add(now, name or "（空）", SIGN_IN, agency_id=row.agency_id if row else None, outcome=outcome)
        if outcome == throttle.FAILED:
            locked = await _locked_until(uow, name, now)  # this refusal may be the one that locks
        await uow.commit()
        if outcome != "ok":
            return SignIn(locked_until=locked)
        return SignIn(_account(row, await uow.agencies.by_id(row.agency_id)))


async def _locked_until(uow, name: str, now: datetime) -> datetime | None:
    await uow.session.flush()  # the attempt just added counts
    lock = await throttle.lock(uow, SIGN_IN, now, None, name, _LIMITS)
    return lock.until if lock else None


def _account(row: Staff, agency: Agency) -> Account:
    return Account(row.id, row.name, Role(row.role), agency.code, agency.name, row.session_epoch)


async def current(container, staff_id: int, epoch: int) -> Account | None:
    """The signed-in account, or None if it was disabled or its sessions were ended since."""
    async with container.uow() as uow:
        row = await uow.session.get(Staff, staff_id)
        if row is None or row.disabled or row.role is None or row.session_epoch != epoch:
            return None
        return _account(row, await uow.agencies.by_id(row.agency_id))


async def sign_out(container, staff_id: int) -> None:
    async with container.uow() as uow:
        row = await uow.session.get(Staff, staff_id)
        if row is not None:
            row.session_epoch += 1
            uow.audit.add(container.now(), row.name, "console.sign_out", agency_id=row.agency_id)
            await uow.commit()
