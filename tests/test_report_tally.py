"""The annual report counted from applications handled through the service functions, on both databases.

31 applications from 2019 to 2021 cover every outcome, every applicant category, carry-overs in and
out of each year, withdrawals and appeals; the expected tables below were counted by hand.
"""

from datetime import date, timedelta

import pytest

from disclosure.categories import ApplicantCategory as C
from disclosure.categories import Channel
from disclosure.events import Action
from disclosure.report.templates import APPLICANT_COLUMNS, TEMPLATES
from handlers.applications.appeals import AppealKind, AppealResult, add_appeal, decide_appeal
from handlers.applications.service import Registration, perform, register
from handlers.report.service import get_report, set_figure, tally_report

NP, CO, RE, SW, LS, OO = (C.NATURAL_PERSON, C.COMMERCIAL, C.RESEARCH, C.SOCIAL_WELFARE, C.LEGAL_SERVICE,
                          C.OTHER_ORG)
# The steps an outcome needs first (disclosure.closing): a correction received before "still unclear",
# a correction or fee period that lapsed (a week from receipt) before "not corrected" or "not paid".
PREPARE = {"unavailable_unclear": [(Action.REQUEST_CORRECTION, {}), (Action.RECEIVE_CORRECTION, {})],
           "other_no_correction": [(Action.REQUEST_CORRECTION, {"days": 5})],
           "other_unpaid_fee": [(Action.FEE_NOTICE, {"until": "week"})]}
# (category, received, outcome or None while open, closed on); "withdrawn" is the applicant's withdrawal.
CASES = [
    (NP, "2019-12-20", "granted", "2020-01-10"),
    (CO, "2019-12-25", "unavailable_not_held", "2021-01-05"),
    (NP, "2020-06-01", "granted", "2020-06-15"),
    (CO, "2020-06-01", "partially_granted", "2020-06-15"),
    (RE, "2020-06-01", "withheld_state_secret", "2020-06-15"),
    (SW, "2020-06-01", "withheld_prohibited_by_law", "2020-06-15"),
    (LS, "2020-06-01", "withheld_three_safeties", "2020-06-15"),
    (OO, "2020-06-01", "withheld_third_party", "2020-06-15"),
    (NP, "2020-06-01", "withheld_internal_affairs", "2020-06-15"),
    (NP, "2020-06-01", "withheld_process_info", "2020-06-15"),
    (CO, "2020-06-01", "withheld_enforcement_file", "2020-06-15"),
    (RE, "2020-06-01", "withheld_administrative_query", "2020-06-15"),
    (SW, "2020-06-01", "unavailable_not_held", "2020-06-15"),
    (LS, "2020-06-01", "unavailable_needs_creation", "2020-06-15"),
    (OO, "2020-06-01", "unavailable_unclear", "2020-06-15"),
    (NP, "2020-06-01", "rejected_petition", "2020-06-15"),
    (CO, "2020-06-01", "rejected_duplicate", "2020-06-15"),
    (RE, "2020-06-01", "rejected_publication", "2020-06-15"),
    (SW, "2020-06-01", "rejected_excessive", "2020-06-15"),
    (LS, "2020-06-01", "rejected_confirmation", "2020-06-15"),
    (OO, "2020-06-01", "other_no_correction", "2020-06-15"),
    (NP, "2020-06-01", "other_unpaid_fee", "2020-06-15"),
    (CO, "2020-06-01", "withdrawn", "2020-06-15"),
    (RE, "2020-12-20", "granted", "2021-01-08"),
    (NP, "2020-12-28", "rejected_duplicate", "2022-01-10"),
    (NP, "2021-06-01", "granted", "2021-06-15"),
    (SW, "2021-06-01", "other_no_correction", "2021-06-15"),
    (LS, "2021-06-01", "other_unpaid_fee", "2021-06-15"),
    (OO, "2021-06-01", "withdrawn", "2021-06-15"),
    (CO, "2021-06-01", "granted", "2021-06-15"),
    (OO, "2021-12-27", None, None),
]


def row(np=0, co=0, re=0, sw=0, ls=0, oo=0) -> dict:
    values = dict(zip((c.key for c in APPLICANT_COLUMNS[:6]), (np, co, re, sw, ls, oo), strict=True))
    return {**values, "total": np + co + re + sw + ls + oo}


def table(template: str, **rows) -> dict:
    return {r.key: rows.get(r.key, row()) for r in TEMPLATES[template].section3}


COMMON_2020 = dict(
    new_received=row(np=6, co=4, re=4, sw=3, ls=3, oo=3), carried_over=row(np=1, co=1),
    granted=row(np=2), partially_granted=row(co=1), withheld_state_secret=row(re=1),
    withheld_prohibited_by_law=row(sw=1), withheld_three_safeties=row(ls=1), withheld_third_party=row(oo=1),
    withheld_internal_affairs=row(np=1), withheld_process_info=row(np=1), withheld_enforcement_file=row(co=1),
    withheld_administrative_query=row(re=1), unavailable_not_held=row(sw=1), unavailable_needs_creation=row(ls=1),
    unavailable_unclear=row(oo=1), rejected_petition=row(np=1), rejected_duplicate=row(co=1),
    rejected_publication=row(re=1), rejected_excessive=row(sw=1), rejected_confirmation=row(ls=1),
    total_processed=row(np=6, co=4, re=3, sw=3, ls=3, oo=3), carried_forward=row(np=1, co=1, re=1),
)
COMMON_2021 = dict(
    new_received=row(np=1, co=1, sw=1, ls=1, oo=2), carried_over=row(np=1, co=1, re=1),
    granted=row(np=1, co=1, re=1), unavailable_not_held=row(co=1),
    total_processed=row(np=1, co=2, re=1, sw=1, ls=1, oo=1), carried_forward=row(np=1, oo=1),
)
EXPECTED = {
    (2020, "2019"): table("2019", **COMMON_2020, other=row(np=1, co=1, oo=1)),
    (2020, "2021"): table("2021", **COMMON_2020, other_no_correction=row(oo=1), other_unpaid_fee=row(np=1),
                          other_other=row(co=1)),
    (2021, "2021"): table("2021", **COMMON_2021, other_no_correction=row(sw=1), other_unpaid_fee=row(ls=1),
                          other_other=row(oo=1)),
    (2021, "2019"): table("2019", **COMMON_2021, other=row(sw=1, ls=1, oo=1)),
}
NONE = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
SECTION4 = {
    2020: {"review": {**NONE, "upheld": 1, "total": 1}, "direct_suit": {**NONE, "pending": 1, "total": 1},
           "suit_after_review": NONE},
    2021: {"review": {**NONE, "corrected": 1, "other": 1, "total": 2}, "direct_suit": NONE,
           "suit_after_review": {**NONE, "pending": 1, "total": 1}},
}


async def handle(container, category, received, outcome, closed) -> str:
    reg = Registration(Channel.IN_PERSON, date.fromisoformat(received), category, "测试申请人", "某批复文件")
    number = (await register(container, reg))["number"]
    day = date.fromisoformat(received)
    for action, data in PREPARE.get(outcome, []):
        data = {"until": day + timedelta(days=7)} if data.get("until") else data
        await perform(container, number, action, day, data)
    if outcome == "withdrawn":
        await perform(container, number, Action.WITHDRAW, date.fromisoformat(closed))
    elif outcome:
        await perform(container, number, Action.CLOSE, date.fromisoformat(closed), {"outcome": outcome})
    return number


async def appeals(container, numbers) -> None:
    review = await add_appeal(container, numbers[4], AppealKind.REVIEW, date(2020, 7, 1))
    await decide_appeal(container, review["id"], AppealResult.UPHELD, date(2020, 9, 1))
    suit = await add_appeal(container, numbers[5], AppealKind.DIRECT_SUIT, date(2020, 8, 1))
    await decide_appeal(container, suit["id"], AppealResult.CORRECTED, date(2021, 2, 1))  # filed 2020: counted there
    later = await add_appeal(container, numbers[12], AppealKind.REVIEW, date(2021, 3, 1))
    await decide_appeal(container, later["id"], AppealResult.OTHER, date(2021, 5, 1))
    await add_appeal(container, numbers[4], AppealKind.SUIT_AFTER_REVIEW, date(2021, 6, 1))
    corrected = await add_appeal(container, numbers[19], AppealKind.REVIEW, date(2021, 7, 1))
    await decide_appeal(container, corrected["id"], AppealResult.CORRECTED, date(2021, 8, 1))


@pytest.fixture
async def records(container, clock):
    clock.set("2022-03-01")
    numbers = [await handle(container, *case) for case in CASES]
    await appeals(container, numbers)
    return container


@pytest.mark.parametrize(("year", "template"), list(EXPECTED))
async def test_tables_in_both_templates(records, year, template):
    report = await tally_report(records, year, template=template)
    assert report["template"] == template and report["year"] == year and report["source"] == "tally"
    assert report["section3"] == EXPECTED[(year, template)]
    assert report["section4"] == SECTION4[year]
    assert report["checks"] and all(c["ok"] for c in report["checks"]), [c for c in report["checks"] if not c["ok"]]
    assert report["checks_not_evaluated"] == []
    assert "draft_as_of" not in report
    assert any("按提起日期" in note for note in report["notes"])


async def test_default_template_follows_the_year_and_figures_make_it_mixed(records):
    await set_figure(records, 2020, "licensing.decisions", "7410")
    await set_figure(records, 2020, "coercion.change", "-2")
    await set_figure(records, 2020, "procurement.amount", "12.5", unit="万元")
    report = await get_report(records, 2020)
    assert report["template"] == "2019" and report["source"] == "mixed"
    assert report["section2"]["licensing"] == {"last_year_items": None, "change": None, "decisions": 7410}
    assert report["section2"]["coercion"]["change"] == -2
    assert report["section2"]["procurement"] == {"items": None, "amount": {"value": 12.5, "unit": "万元"}}
    assert report["section3"] == EXPECTED[(2020, "2019")]
    later = await get_report(records, 2021)
    assert later["template"] == "2021" and later["source"] == "tally"
    assert later["section2"]["fees"] == {"amount_10k_yuan": None}


async def test_running_year_is_a_draft_as_of_today(container, clock):
    clock.set("2025-12-20")
    await handle(container, NP, "2025-12-01", "granted", "2025-12-10")
    await handle(container, CO, "2025-12-15", None, None)
    clock.set("2026-02-02")
    await handle(container, RE, "2026-01-05", "partially_granted", "2026-01-20")
    await handle(container, SW, "2026-01-26", None, None)
    report = await tally_report(container, 2026)
    assert report["draft_as_of"] == "2026-02-02" and "草稿" in report["notes"][0]
    s3 = report["section3"]
    assert s3["new_received"] == row(re=1, sw=1) and s3["carried_over"] == row(co=1)
    assert s3["partially_granted"] == row(re=1) and s3["carried_forward"] == row(co=1, sw=1)
    assert all(c["ok"] for c in report["checks"])
    finished = await tally_report(container, 2025)
    assert "draft_as_of" not in finished and finished["section3"]["carried_forward"] == row(co=1)


async def test_nothing_to_report_is_none(container, clock):
    assert await get_report(container, 2024) is None
    assert await get_report(container, 2031) is None
    clock.set("2024-05-06")
    await handle(container, NP, "2023-12-28", None, None)
    assert (await get_report(container, 2024))["section3"]["carried_over"] == row(np=1)
    assert await get_report(container, 2022) is None


YEAR_END = [  # (category, received, outcome, closed): the last day of 2020 and the first of 2021
    (NP, "2020-12-01", "granted", "2020-12-31"),
    (RE, "2020-12-31", "partially_granted", "2020-12-31"),
    (OO, "2020-11-02", "withdrawn", "2020-12-31"),
    (CO, "2020-12-31", "unavailable_not_held", "2021-01-01"),
]
WITHDRAWN = {"2019": "other", "2021": "other_other"}


@pytest.mark.parametrize("template", ["2019", "2021"])
async def test_closed_on_31_december_is_that_year_s_and_closed_on_1_january_the_next(container, clock, template):
    """Counted by hand: what closes on 31 December is processed that year and never carried over; what
    is still open at its end is carried forward, and carried over into the next year, closed on 1 January."""
    clock.set("2021-03-01")
    for case in YEAR_END:
        await handle(container, *case)
    first = (await tally_report(container, 2020, template=template))["section3"]
    assert first == table(template, new_received=row(np=1, co=1, re=1, oo=1), granted=row(np=1),
                          partially_granted=row(re=1), **{WITHDRAWN[template]: row(oo=1)},
                          total_processed=row(np=1, re=1, oo=1), carried_forward=row(co=1))
    second = (await tally_report(container, 2021, template=template))["section3"]
    assert second == table(template, carried_over=row(co=1), unavailable_not_held=row(co=1),
                           total_processed=row(co=1))
