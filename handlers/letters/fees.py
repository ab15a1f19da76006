"""Use cases for the information-processing fee (art. 42, 国办函〔2020〕109号): quote it from the record,
give notice of it (the fee notice then states the quote), reduce it or waive it with a reason.

By count, the applicant is recognised across applications by the keyed hash of the ID number (never
the number itself) or by the credit code; an applicant with neither counts as the first of the month.
"""

from datetime import date

from disclosure import fees
from disclosure.events import Action
from disclosure.lifecycle import IllegalTransition
from handlers.applications import service as applications


async def _quote(container, number: str, pages: int | None, agency_code: str | None) -> tuple[fees.Quote, dict]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        app = await uow.applications.get(number.strip(), agency.id)
        if pages is not None:
            return fees.by_pages(pages), {"number": app.number}
        applicant = await uow.applications.applicant(app)
        place = await uow.applications.place_in_month(app, applicant)
        who = "id_number" if applicant.id_number_hash else "credit_code" if applicant.credit_code else None
        month = app.received_on.strftime("%Y-%m")
        return fees.by_count(place or 1), {"number": app.number, "month": month, "identified_by": who}


async def quote(container, number: str, pages: int | None = None, agency_code: str | None = None) -> dict:
    """What the standard allows charging for this application: by count (its place in the applicant's
    month) or, with `pages`, by the pages provided."""
    if pages is not None and pages < 1:
        raise IllegalTransition("页数应为正整数。")
    found, about = await _quote(container, number, pages, agency_code)
    view = {**about, **found.as_dict(), "text": fees.describe(found)}
    if found.basis == fees.COUNT and about["identified_by"] is None:
        view["note"] = "申请人没有身份证件号码或统一社会信用代码，无法合并计算其本月申请件数，按第1件计。"
    return view


async def notice(container, number: str, pages: int | None = None, amount: int | None = None,
                 reason: str | None = None, until: date | None = None, on: date | None = None,
                 actor: str = "staff", agency_code: str | None = None) -> dict:
    """Record the fee notice with the quote it rests on; a lower amount is a reduction and needs a reason."""
    found, _ = await _quote(container, number, pages, agency_code)
    if found.amount == 0:
        raise IllegalTransition(f"按收费标准本申请不收费（{fees.describe(found)}），不能发出收费通知。")
    amount = found.amount if amount is None else amount
    if amount > found.amount:
        raise IllegalTransition(f"收费金额{amount}元超过收费标准允许的{found.amount}元（{fees.describe(found)}）。")
    if amount == 0:
        raise IllegalTransition("全部免收请登记“免收”并写明理由（工作台“信息处理费”一栏，或命令行 gongkai app fee-waive）。")
    if amount < found.amount and not (reason or "").strip():
        raise IllegalTransition(f"减收（{found.amount}元减为{amount}元）须写明理由。")
    data = {**_quote_data(found), "amount": amount, "reason": reason if amount < found.amount else None,
            "until": until}
    return await applications.perform(container, number.strip(), Action.FEE_NOTICE, on, data, actor, agency_code)


async def waive(container, number: str, reason: str, pages: int | None = None, on: date | None = None,
                actor: str = "staff", agency_code: str | None = None) -> dict:
    """Record that the agency does not charge what the standard would allow, and why."""
    if not (reason or "").strip():
        raise IllegalTransition("免收信息处理费须写明理由。")
    found, _ = await _quote(container, number, pages, agency_code)
    if found.amount == 0:
        raise IllegalTransition(f"按收费标准本申请不收费（{fees.describe(found)}），无需登记免收。")
    data = {**_quote_data(found), "amount": 0, "reason": reason}
    return await applications.perform(container, number.strip(), Action.FEE_WAIVE, on, data, actor, agency_code)


ACTIONS = (Action.FEE_NOTICE, Action.FEE_WAIVE)


async def record(container, number: str, action: Action, on: date | None, data: dict, actor: str = "staff",
                 agency_code: str | None = None) -> dict:
    """A fee notice or waiver from the fields of the action forms (handlers.applications.actions), so that
    every channel's generic form takes the amount from the standard, never as typed into the record."""
    if action is Action.FEE_NOTICE:
        return await notice(container, number, data.get("pages"), data.get("amount"), data.get("reason"),
                            data.get("until"), on, actor, agency_code)
    return await waive(container, number, data.get("reason"), data.get("pages"), on, actor, agency_code)


def _quote_data(found: fees.Quote) -> dict:
    view = found.as_dict()
    return {"basis": found.basis, "quoted": found.amount, "tiers": view["tiers"], "place": found.place,
            "pages": found.pages}
