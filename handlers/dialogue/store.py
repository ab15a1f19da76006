"""Dialogue state in the `dialogues` table: one open form per follower and agency, survives restarts."""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select

from storage.models_chat import Dialogue


@dataclass
class Form:
    """An open form: its flow, current step, answers (personal data encrypted) and where to go after."""

    flow: str
    step: str
    data: dict = field(default_factory=dict)


async def _agency_id(uow, agency_code: str) -> int:
    return (await uow.agencies.get(agency_code)).id


async def load(container, agency_code: str, openid: str) -> tuple[Form | None, bool]:
    """The open form, and whether an abandoned one was just dropped (expired)."""
    async with container.uow() as uow:
        agency_id = await _agency_id(uow, agency_code)
        row = await uow.session.scalar(
            select(Dialogue).where(Dialogue.agency_id == agency_id, Dialogue.openid == openid))
        if row is None:
            return None, False
        limit = timedelta(minutes=container.settings.get("dialogue", "expire_minutes"))
        if container.now() - _aware(row.updated_at, container) > limit:
            await uow.session.delete(row)
            await uow.commit()
            return None, True
        return Form(row.flow, row.step, dict(row.data or {})), False


def _aware(moment, container):
    """SQLite hands back naive datetimes; they were written in the container's zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=container.now().tzinfo)


async def save(container, agency_code: str, openid: str, form: Form) -> None:
    async with container.uow() as uow:
        agency_id = await _agency_id(uow, agency_code)
        row = await uow.session.scalar(
            select(Dialogue).where(Dialogue.agency_id == agency_id, Dialogue.openid == openid))
        if row is None:
            row = Dialogue(agency_id=agency_id, openid=openid)
            uow.session.add(row)
        row.flow, row.step, row.data, row.updated_at = form.flow, form.step, dict(form.data), container.now()
        await uow.commit()


async def drop(container, agency_code: str, openid: str) -> None:
    async with container.uow() as uow:
        agency_id = await _agency_id(uow, agency_code)
        await uow.session.execute(delete(Dialogue).where(Dialogue.agency_id == agency_id, Dialogue.openid == openid))
        await uow.commit()
