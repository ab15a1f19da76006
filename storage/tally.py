"""The annual report counted from the database: one grouped query per table, never a loop over rows.

Table 三, for the period 1 January .. `end` (31 December, or today while the year runs), by the
applicant category recorded on the application:
- 一 本年新收: received in the period;
- 二 上年结转: received before 1 January and open on it (not closed, or closed on/after 1 January);
- 三 results: closed in the period, by outcome, mapped to the template's row (2019: other_* → other);
  withdrawals are closed with outcome other_other, so they count under （六）;
- 四 结转下年度: received by `end` and still open on it.
Each application touches these counts through one row of a GROUP BY (category, outcome) query with
conditional sums, read from the index ix_app_tally alone, which is already in that order (no sort);
Python only folds the at most 6 × 22 aggregated rows into the contract's dict.

Table 四 counting rule (SECTION4_NOTE): a 复议 or 诉讼 counts in the year it was filed, with its result
as it stood at `end`; one decided later shows as 尚未审结 and is not counted again in the year decided.

Table 二 comes from the figures staff entered (yearly_figures); a cell nobody entered stays null.
"""

from datetime import date

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from disclosure.outcomes import Outcome
from disclosure.report.checks import with_checks
from disclosure.report.figures import figure_fields, figure_value
from disclosure.report.templates import Template, empty_report, outcome_row

from .models import Agency, Appeal, Application, YearlyFigure

SECTION4_NOTE = ("表四按提起日期计入年度：本年度提起的行政复议、行政诉讼，按截至统计截止日的结果计入"
                 "“维持”“纠正”“其他结果”，尚未作出结果的计入“尚未审结”；以前年度提起、本年度审结的案件"
                 "不再重复计入本年度。")
A = Application


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def open_during(agency_id: int, start: date, end: date):
    """Applications that were open at some moment of the period: received by its end, not closed before it."""
    return and_(A.agency_id == agency_id, A.received_on <= end, or_(A.closed_on.is_(None), A.closed_on >= start))


async def _section3(session: AsyncSession, report: dict, agency_id: int, start: date, end: date,
                    template: Template) -> None:
    query = select(
        A.category, A.outcome,
        _count(A.received_on >= start),
        _count(A.received_on < start),
        _count(A.closed_on <= end),
        _count(or_(A.closed_on.is_(None), A.closed_on > end)),
    ).where(open_during(agency_id, start, end)).group_by(A.category, A.outcome)
    table = report["section3"]
    for category, outcome, received, carried, closed, still_open in await session.execute(query):
        table["new_received"][category] += received
        table["carried_over"][category] += carried
        table["carried_forward"][category] += still_open
        if closed:
            table[outcome_row(Outcome(outcome), template)][category] += closed
            table["total_processed"][category] += closed
    for row in table.values():
        row["total"] = sum(v for k, v in row.items() if k != "total")


async def _section4(session: AsyncSession, report: dict, agency_id: int, start: date, end: date) -> None:
    decided = and_(Appeal.result.is_not(None), Appeal.decided_on <= end)
    query = select(
        Appeal.kind,
        _count(and_(decided, Appeal.result == "upheld")),
        _count(and_(decided, Appeal.result == "corrected")),
        _count(and_(decided, Appeal.result == "other")),
        _count(~decided),
        func.count(),
    ).where(Appeal.agency_id == agency_id, Appeal.filed_on.between(start, end)).group_by(Appeal.kind)
    for kind, *counts in await session.execute(query):
        report["section4"][kind] = dict(zip(("upheld", "corrected", "other", "pending", "total"), counts,
                                            strict=True))


async def _section2(session: AsyncSession, report: dict, agency_id: int, year: int, template: Template) -> list:
    """Fill entered figures; returns the keys entered that the chosen template has no cell for."""
    fields = figure_fields(template)
    query = select(YearlyFigure).where(YearlyFigure.agency_id == agency_id, YearlyFigure.year == year)
    unused = []
    for figure in await session.scalars(query):
        if figure.key not in fields:
            unused.append(figure.key)
            continue
        row, col = fields[figure.key]
        report["section2"][row.key][col.key] = figure_value(col, figure.value, figure.unit)
        report["source"] = "mixed"
    return unused


async def tally(session: AsyncSession, agency: Agency, year: int, template: Template, today: date) -> dict:
    """The report for `year` counted from the records; a running year is a draft as of `today`."""
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    report = empty_report(year, template=template, agency_name=agency.name, agency_code=agency.code)
    for row in report["section2"].values():
        for key, cell in row.items():
            row[key] = {**cell, "value": None} if isinstance(cell, dict) else None
    await _section3(session, report, agency.id, start, end, template)
    await _section4(session, report, agency.id, start, end)
    unused = await _section2(session, report, agency.id, year, template)
    notes = [SECTION4_NOTE]
    if end < date(year, 12, 31):
        report["draft_as_of"] = end.isoformat()
        notes.insert(0, f"{year}年尚未结束，本报告为截至{end.isoformat()}的草稿；“结转下年度”为截至当日仍在办理的申请。")
    if report["source"] == "tally":
        notes.append("表二尚未录入数据（gongkai figures set），各项留空。")
    if unused:
        notes.append(f"以下已录入的表二数据不属于{template.document}模板，未列入：{'、'.join(unused)}")
    report["notes"] = notes
    return with_checks(report)


async def has_records(session: AsyncSession, agency_id: int, year: int) -> bool:
    """Whether anything could be tallied for `year`: cheap EXISTS probes on indexed columns."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    probes = (
        exists().where(open_during(agency_id, start, end)),
        exists().where(YearlyFigure.agency_id == agency_id, YearlyFigure.year == year),
        exists().where(Appeal.agency_id == agency_id, Appeal.filed_on.between(start, end)),
    )
    return bool(await session.scalar(select(or_(*probes))))
