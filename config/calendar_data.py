"""Build the working-day calendar from the chinesecalendar package and staff holiday files."""

import tomllib
from datetime import date
from pathlib import Path

import chinese_calendar.constants as official

from disclosure.calendar import WorkCalendar, merge_calendars

from .settings import ConfigError

PACKAGED = Path(__file__).with_name("holidays.toml")


def packaged_calendar() -> WorkCalendar:
    """The State Council notices as kept by the maintained `chinesecalendar` package."""
    return WorkCalendar(
        holidays=frozenset(official.holidays),
        workdays=frozenset(official.workdays),
        known_years=frozenset(d.year for d in official.holidays),
    )


def _parse_days(values, path: Path, year: str) -> frozenset[date]:
    try:
        days = frozenset(v if isinstance(v, date) else date.fromisoformat(v) for v in values)
    except (TypeError, ValueError):
        raise ConfigError(f"节假日数据错误：{path} 中 {year} 年的日期应写成 YYYY-MM-DD。") from None
    if any(str(d.year) != year for d in days):
        raise ConfigError(f"节假日数据错误：{path} 中 [years.{year}] 含有其他年份的日期。")
    return days


def file_calendar(path: Path) -> WorkCalendar:
    try:
        years = tomllib.loads(path.read_text(encoding="utf-8")).get("years", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"节假日数据错误：{path} 不是有效的 TOML：{exc}") from None
    holidays, workdays = set(), set()
    for year, spec in years.items():
        holidays |= _parse_days(spec.get("holidays", []), path, year)
        workdays |= _parse_days(spec.get("workdays", []), path, year)
    return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(int(y) for y in years))


def load_calendar(data_dir: Path | None = None) -> WorkCalendar:
    """Packaged data, overlaid by config/holidays.toml and <data_dir>/holidays.toml when present."""
    files = [PACKAGED] + ([data_dir / "holidays.toml"] if data_dir else [])
    return merge_calendars(packaged_calendar(), [file_calendar(p) for p in files if p.exists()])
