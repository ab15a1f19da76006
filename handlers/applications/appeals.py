"""Use cases for 行政复议 and 行政诉讼 about applications (report section 四)."""

from datetime import date
from enum import StrEnum

from sqlalchemy import select

from disclosure.lifecycle import IllegalTransition
from storage.models import Appeal, Application


class AppealKind(StrEnum):
    REVIEW = "review"  # 行政复议
    DIRECT_SUIT = "direct_suit"  # 未经复议直接起诉
    SUIT_AFTER_REVIEW = "suit_after_review"  # 复议后起诉


class AppealResult(StrEnum):
    UPHELD = "upheld"  # 结果维持
    CORRECTED = "corrected"  # 结果纠正
    OTHER = "other"  # 其他结果


KIND_LABELS = {"review": "行政复议", "direct_suit": "行政诉讼（未经复议直接起诉）", "suit_after_review": "行政诉讼（复议后起诉）"}
RESULT_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", None: "尚未审结"}


def appeal_view(appeal: Appeal, number: str | None) -> dict:
    return {
        "id": appeal.id, "application": number, "kind": appeal.kind, "kind_label": KIND_LABELS[appeal.kind],
        "filed_on": appeal.filed_on.isoformat(), "result": appeal.result, "result_label": RESULT_LABELS[appeal.result],
        "decided_on": appeal.decided_on.isoformat() if appeal.decided_on else None,
    }


async def add_appeal(container, number: str, kind: AppealKind, filed_on: date, agency_code: str | None = None,
                     actor: str = "cli") -> dict:
    if filed_on > container.today():
        raise IllegalTransition(f"提起日期{filed_on}晚于今天。")
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number, agency.id)
        if filed_on < app.received_on:
            raise IllegalTransition(f"提起日期{filed_on}早于申请收到日期{app.received_on}。")
        appeal = await uow.appeals.add(Appeal(agency_id=agency.id, application_id=app.id, kind=kind.value, filed_on=filed_on))
        uow.audit.add(container.now(), actor, "appeal.add", agency_id=agency.id, target=number, detail={"id": appeal.id})
        await uow.commit()
        return appeal_view(appeal, number)


async def decide_appeal(container, appeal_id: int, result: AppealResult, decided_on: date,
                        agency_code: str | None = None, actor: str = "cli") -> dict:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        appeal = await uow.appeals.get(appeal_id, agency.id)
        if appeal.result is not None:
            raise IllegalTransition(f"该{KIND_LABELS[appeal.kind]}已于{appeal.decided_on}审结（{RESULT_LABELS[appeal.result]}）。")
        if decided_on < appeal.filed_on or decided_on > container.today():
            raise IllegalTransition(f"审结日期{decided_on}应在提起日期{appeal.filed_on}与今天之间。")
        appeal.result, appeal.decided_on = result.value, decided_on
        uow.audit.add(container.now(), actor, "appeal.decide", agency_id=agency.id, target=str(appeal_id),
                      detail={"result": result.value})
        await uow.commit()
        app = await uow.applications.by_id(appeal.application_id)
        return appeal_view(appeal, app.number)


async def list_appeals(container, agency_code: str | None = None, pending: bool = False, limit: int = 200) -> list[dict]:
    """The agency's appeals, newest filed first; `pending`: only those not yet decided."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        query = (select(Appeal, Application.number).outerjoin(Application, Application.id == Appeal.application_id)
                 .where(Appeal.agency_id == agency.id))
        if pending:
            query = query.where(Appeal.result.is_(None))
        rows = await uow.session.execute(query.order_by(Appeal.filed_on.desc(), Appeal.id.desc()).limit(limit))
        return [appeal_view(appeal, number) for appeal, number in rows.all()]
