"""Figures questions answered from the database: the published report if imported, else the tally.

The question is read by handlers.figures (year, cells); this module finds the report and never invents
a number: a year with neither a stored report nor records is answered as such.
"""

from sqlalchemy import select

from handlers.figures.answer import answer_figures
from handlers.figures.parse import parse_figures_question
from handlers.report.service import get_report
from storage.models import StoredReport


async def stored_years(container, agency_code: str) -> list[int]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        years = await uow.session.scalars(
            select(StoredReport.year).where(StoredReport.agency_id == agency.id).order_by(StoredReport.year))
        return list(years)


async def answer(container, agency_code: str, text: str) -> str | None:
    """The answer to a figures question, or None when `text` does not ask about report figures."""
    query = parse_figures_question(text, container.today())
    if query is None:
        return None
    if not query.cells:  # a figure no table holds: no report needs reading to say so
        return answer_figures(query, None, "")
    report = await get_report(container, query.year, agency_code)
    async with container.uow() as uow:
        name = (await uow.agencies.get(agency_code)).name
    reply = answer_figures(query, report, name)
    if report is None:
        years = await stored_years(container, agency_code)
        if years:
            reply += f"\n目前可查询的年份：{'、'.join(str(y) for y in years)}年。"
    return reply


async def menu_text(container, agency_code: str) -> str:
    years = await stored_years(container, agency_code)
    available = f"可查询{'、'.join(str(y) for y in years)}年的数据。" if years else "目前还没有导入年度报告数据。"
    return ("可以直接问政府信息公开工作年度报告里的数字，例如：\n"
            "· 2020年行政许可处理决定多少件\n· 去年收到多少政府信息公开申请\n· 二〇二〇年行政复议有几起\n"
            + available)
