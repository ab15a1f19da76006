"""Dialogue state in the `dialogues` table: one open form per follower and agency, survives restarts."""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select

from handlers.applications import attachments
from handlers.chat.inbox import FORM_COLUMNS, agency_id
from storage.models_chat import Dialogue


@dataclass
class Form:
    """An open form: its flow, current step, answers (personal data encrypted) and where to go after."""

    flow: str
    step: str
    data: dict = field(default_factory=dict)


async def load(container, agency_code: str, openid: str) -> tuple[Form | None, bool]:
    """The open form, and whether an abandoned one was just dropped (expired)."""
    the_agency = await agency_id(container, agency_code)
    async with container.engine.connect() as conn:
        row = (await conn.execute(select(*FORM_COLUMNS).where(
            Dialogue.agency_id == the_agency, Dialogue.openid == openid))).first()
    return await settle(container, agency_code, openid, row)


async def settle(container, agency_code: str, openid: str, row) -> tuple[Form | None, bool]:
    """The form in `row` (flow, step, data, updated_at, as inbox.follower found it), or None; an abandoned
    one is dropped and reported as expired."""
    if row is None:
        return None, False
    limit = timedelta(minutes=container.settings.get("dialogue", "expire_minutes"))
    if container.now() - _aware(row.updated_at, container) > limit:
        await abandon(container, agency_code, openid)
        return None, True
    return Form(row.flow, row.step, dict(row.data or {})), False


def _aware(moment, container):
    """SQLite hands back naive datetimes; they were written in the container's zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=container.now().tzinfo)


async def save(container, agency_code: str, openid: str, form: Form) -> None:
    the_agency = await agency_id(container, agency_code)
    async with container.uow() as uow:
        row = await uow.session.scalar(
            select(Dialogue).where(Dialogue.agency_id == the_agency, Dialogue.openid == openid))
        if row is None:
            row = Dialogue(agency_id=the_agency, openid=openid)
            uow.session.add(row)
        row.flow, row.step, row.data, row.updated_at = form.flow, form.step, dict(form.data), container.now()
        await uow.commit()


async def drop(container, agency_code: str, openid: str) -> None:
    the_agency = await agency_id(container, agency_code)
    async with container.uow() as uow:
        await uow.session.execute(
            delete(Dialogue).where(Dialogue.agency_id == the_agency, Dialogue.openid == openid))
        await uow.commit()


async def abandon(container, agency_code: str, openid: str) -> None:
    """Drop the form and the files sent for it (cancelled, or expired)."""
    await drop(container, agency_code, openid)
    await attachments.drop_pending(container, await agency_id(container, agency_code), openid)
