"""Per agency and year: imported reports, section-二 figures and prose drafts (one row per key).

Writes are select-then-insert/update inside the caller's unit of work; two staff saving the same
key at the same moment hit the unique constraint and the loser gets storage.errors.Conflict.
"""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import ReportDraft, StoredReport, YearlyFigure


class ReportStore:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def report(self, agency_id: int, year: int) -> StoredReport | None:
        return await self.session.scalar(
            select(StoredReport).where(StoredReport.agency_id == agency_id, StoredReport.year == year))

    async def save_report(self, agency_id: int, year: int, data: dict) -> bool:
        """Store `data` as the agency's report for `year`; True if it replaced an earlier import."""
        row = await self.report(agency_id, year)
        if row is None:
            self.session.add(StoredReport(agency_id=agency_id, year=year, data=data))
        else:
            row.data = data
        await self.session.flush()
        return row is not None

    async def figures(self, agency_id: int, year: int) -> list[YearlyFigure]:
        query = select(YearlyFigure).where(YearlyFigure.agency_id == agency_id, YearlyFigure.year == year)
        return list(await self.session.scalars(query.order_by(YearlyFigure.key)))

    async def set_figure(self, agency_id: int, year: int, key: str, value: str, unit: str | None
                         ) -> YearlyFigure | None:
        """Store one figure; returns a detached copy of the value it replaced, if any."""
        row = await self.session.scalar(select(YearlyFigure).where(
            YearlyFigure.agency_id == agency_id, YearlyFigure.year == year, YearlyFigure.key == key))
        if row is None:
            self.session.add(YearlyFigure(agency_id=agency_id, year=year, key=key, value=value, unit=unit))
            await self.session.flush()
            return None
        previous = YearlyFigure(agency_id=agency_id, year=year, key=key, value=row.value, unit=row.unit)
        row.value, row.unit = value, unit
        await self.session.flush()
        return previous

    async def drafts(self, agency_id: int, year: int) -> dict[str, str]:
        query = select(ReportDraft).where(ReportDraft.agency_id == agency_id, ReportDraft.year == year)
        return {d.part: d.text for d in await self.session.scalars(query)}

    async def set_draft(self, agency_id: int, year: int, part: str, text: str) -> bool:
        """Store a prose part; True if it replaced an earlier draft."""
        row = await self.session.scalar(select(ReportDraft).where(
            ReportDraft.agency_id == agency_id, ReportDraft.year == year, ReportDraft.part == part))
        if row is None:
            self.session.add(ReportDraft(agency_id=agency_id, year=year, part=part, text=text))
        else:
            row.text = text
        await self.session.flush()
        return row is not None
