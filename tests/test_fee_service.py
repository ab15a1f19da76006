"""The fee on a real database: the applicant recognised across applications by the keyed hash of the ID
number or by the credit code, month by month; the notice states the quote; reductions and waivers
need a reason; an unpaid fee ends in the abandonment notice."""

from datetime import date

import pytest

from disclosure.categories import ApplicantCategory, Channel
from disclosure.events import Action
from disclosure.lifecycle import IllegalTransition
from handlers.applications import service as applications
from handlers.letters import fees
from handlers.letters import service as letters
from handlers.letters import settings as letter_settings

ID_NUMBER, OTHER_ID = "11010519491231002X", "440524188001010014"
CREDIT_CODE = "91350100M000100Y43"


async def apply(container, received: str, id_number: str | None = None, credit_code: str | None = None) -> str:
    organisation = credit_code is not None
    reg = applications.Registration(
        channel=Channel.IN_PERSON, received_on=date.fromisoformat(received),
        category=ApplicantCategory.COMMERCIAL if organisation else ApplicantCategory.NATURAL_PERSON,
        name="某运输公司" if organisation else "张三", request_text="道路运输许可档案", id_number=id_number,
        credit_code=credit_code)
    return (await applications.register(container, reg))["number"]


async def test_the_place_in_the_month_counts_the_same_person_only(container):
    april = await apply(container, "2026-04-01", ID_NUMBER)  # another month: not counted in March
    march = [await apply(container, f"2026-03-{2 + i % 20:02d}", ID_NUMBER) for i in range(11)]
    await apply(container, "2026-03-05", OTHER_ID)  # someone else
    quotes = [await fees.quote(container, n) for n in march]
    # Ordered by day received, then by registration: the 11th (Mar 21, registered after Mar 2) pays.
    assert [q["place"] for q in quotes] == list(range(1, 12))
    assert [q["amount"] for q in quotes] == [0] * 10 + [100]
    assert quotes[-1]["identified_by"] == "id_number" and quotes[-1]["month"] == "2026-03"
    assert (await fees.quote(container, april))["place"] == 1
    assert ID_NUMBER not in str(quotes)


async def test_an_organisation_is_recognised_by_its_credit_code(container):
    numbers = [await apply(container, "2026-03-02", credit_code=CREDIT_CODE) for _ in range(3)]
    assert [(await fees.quote(container, n))["place"] for n in numbers] == [1, 2, 3]
    anonymous = await apply(container, "2026-03-02")
    quote = await fees.quote(container, anonymous)
    assert quote["place"] == 1 and "无法合并计算" in quote["note"]


async def test_the_notice_takes_the_quote_and_a_reduction_needs_a_reason(container):
    await letter_settings.update(container, {"contact": "王敏", "phone": "0453-6171234",
                                             "fee_payment": "通过非税收入缴款码缴纳"})
    number = await apply(container, "2026-03-02", ID_NUMBER)
    with pytest.raises(IllegalTransition, match="不收费"):
        await fees.notice(container, number, on=date(2026, 3, 5))
    with pytest.raises(IllegalTransition, match="超过收费标准允许的1700元"):
        await fees.notice(container, number, pages=150, amount=1800, on=date(2026, 3, 5))
    with pytest.raises(IllegalTransition, match="减收.*须写明理由"):
        await fees.notice(container, number, pages=150, amount=1000, on=date(2026, 3, 5))
    view = await fees.notice(container, number, pages=150, amount=1000, reason="申请人持低保证明", on=date(2026, 3, 5))
    assert view["state"] == "awaiting_fee"
    issued = await letters.issue(container, number, "fee")
    text = issued["text"]
    assert "第31页至第100页70页×10元，第101页至第200页50页×20元，合计1700元" in text
    assert "应缴纳1000元（减收理由：申请人持低保证明）" in text and "通过非税收入缴款码缴纳" in text
    assert "次日起20个工作日内（2026年4月2日前）" in text and "视为放弃申请" in text


async def test_a_waiver_is_recorded_with_its_reason(container):
    number = await apply(container, "2026-03-02", ID_NUMBER)
    with pytest.raises(IllegalTransition, match="理由"):
        await fees.waive(container, number, "", pages=40)
    view = await fees.waive(container, number, "涉及申请人本人的社会保障待遇", pages=40, on=date(2026, 3, 5))
    waived = view["events"][-1]
    assert waived["action"] == "fee-waive" and waived["data"]["quoted"] == 100 and waived["data"]["amount"] == 0
    assert waived["data"]["reason"] == "涉及申请人本人的社会保障待遇" and view["state"] == "processing"
    with pytest.raises(IllegalTransition, match="已登记过免收"):
        await fees.waive(container, number, "再次免收", pages=40, on=date(2026, 3, 6))
    first = await apply(container, "2026-03-02", OTHER_ID)
    with pytest.raises(IllegalTransition, match="无需登记免收"):
        await fees.waive(container, first, "本月第1件")


async def test_an_unpaid_fee_ends_in_the_abandonment_notice(container):
    await letter_settings.update(container, {"contact": "王敏", "phone": "0453-6171234", "fee_payment": "现场缴纳"})
    number = await apply(container, "2026-03-02", ID_NUMBER)
    await fees.notice(container, number, pages=31, on=date(2026, 3, 5))
    await applications.perform(container, number, Action.CLOSE, date(2026, 4, 7), {"outcome": "other_unpaid_fee"})
    issued = await letters.issue(container, number, "abandoned")
    assert issued["serial"] == "牡交公复〔2026〕1号"  # a decision: the answers' series
    assert "2026年4月2日前缴纳信息处理费10元" in issued["text"] and "第四十二条" in issued["text"]
    assert "如对本告知书不服，可以自收到本告知书之日起60日内向牡丹江市人民政府申请行政复议" in issued["text"]
