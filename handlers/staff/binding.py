"""Staff link their WeChat openid to their staff record with a one-time code an operator issues.

Only a keyed hash of the code is stored; a code works once and until it expires.
"""

import secrets
from datetime import timedelta

from sqlalchemy import select

from storage.models import Staff

CODE_DIGITS = 8


async def issue_code(container, agency_code: str, name: str) -> str:
    """A fresh code for staff member `name` of the agency (created if new); earlier codes stop working."""
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    hours = container.settings.get("security", "bind_code_hours")
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        staff = await uow.session.scalar(select(Staff).where(Staff.agency_id == agency.id, Staff.name == name))
        if staff is None:
            staff = Staff(agency_id=agency.id, name=name)
            uow.session.add(staff)
        staff.bind_code_hash = container.cipher.lookup_hash(code)
        staff.bind_code_expires = container.now() + timedelta(hours=hours)
        await uow.commit()
    return code


def _aware(moment, container):
    return moment if moment.tzinfo else moment.replace(tzinfo=container.now().tzinfo)


async def bind(container, agency_code: str, openid: str, code: str) -> str | None:
    """The name of the staff member now bound to `openid`, or None if the code is wrong, used or expired."""
    digest = container.cipher.lookup_hash(code.strip())
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        staff = await uow.session.scalar(
            select(Staff).where(Staff.agency_id == agency.id, Staff.bind_code_hash == digest))
        if staff is None or _aware(staff.bind_code_expires, container) < container.now():
            return None
        previous = await uow.session.scalar(select(Staff).where(Staff.openid == openid, Staff.id != staff.id))
        if previous is not None:  # one WeChat account speaks for one staff member
            previous.openid = None
            await uow.session.flush()
        staff.openid, staff.bind_code_hash, staff.bind_code_expires = openid, None, None
        name = staff.name
        await uow.commit()
        return name


async def bound(container, agency_code: str, openid: str) -> str | None:
    """The name of the agency's staff member bound to `openid`, if any."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        return await uow.session.scalar(
            select(Staff.name).where(Staff.agency_id == agency.id, Staff.openid == openid))
