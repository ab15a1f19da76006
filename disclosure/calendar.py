"""Working days under the State Council's yearly holiday notice (国务院办公厅关于节假日安排的通知)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class WorkCalendar:
    """China's official calendar: weekends and holidays off, make-up days (调休) on.

    Built from data (no I/O here): `holidays` are official days off that fall on weekdays or weekends,
    `workdays` are make-up working days, `known_years` are the years whose notice has been published.
    A date in any other year is counted by weekends only and reported by `unknown_years_between`.
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    known_years: frozenset[int] = field(default_factory=frozenset)

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted: "within N working days from X")."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day, left = start, n
        while left:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, after: date, through: date) -> int:
        """Working days in (after, through]: after the day a pause starts, up to the day it ends."""
        count, day = 0, after
        while day < through:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count

    def notable_days(self, after: date, through: date) -> tuple[list[date], list[date]]:
        """Weekday holidays skipped and make-up days counted in (after, through], to explain a date."""
        off = sorted(d for d in self.holidays if after < d <= through and d.weekday() < 5)
        on = sorted(d for d in self.workdays if after < d <= through)
        return off, on

    def unknown_years_between(self, first: date, last: date) -> list[int]:
        """Years touched by [first, last] with no official notice loaded."""
        return [y for y in range(first.year, last.year + 1) if y not in self.known_years]

    def year_days(self, year: int) -> tuple[list[date], list[date]]:
        """That year's official days off on weekdays, and its make-up working days."""
        off = sorted(d for d in self.holidays if d.year == year)
        on = sorted(d for d in self.workdays if d.year == year)
        return off, on


def merge_calendars(base: WorkCalendar, extra: Iterable[WorkCalendar]) -> WorkCalendar:
    """Overlay staff-maintained years on the packaged data; a later source wins for its years."""
    result = base
    for cal in extra:
        keep_h = {d for d in result.holidays if d.year not in cal.known_years}
        keep_w = {d for d in result.workdays if d.year not in cal.known_years}
        result = WorkCalendar(
            holidays=frozenset(keep_h | cal.holidays),
            workdays=frozenset(keep_w | cal.workdays),
            known_years=result.known_years | cal.known_years,
        )
    return result
