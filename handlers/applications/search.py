"""The register (台账) as staff browse it: filtered, sorted, paged, and exported as XLSX.

Filters come as text from a form or the command line and are checked here, one way for every channel.
"""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from disclosure.categories import ApplicantCategory, Channel
from disclosure.lifecycle import IllegalTransition
from disclosure.states import State
from disclosure.text import clean_line
from handlers.applications.views import application_view
from storage import register_queries as q
from storage.register_queries import Filters

PAGE_SIZE = 50
MAX_OFFSET = 10_000  # deeper pages: narrow the filters (bounded OFFSET stays an index walk)
EXPORT_MAX = 50_000
SORT_LABELS = {"received_desc": "收到日期（新→旧）", "received_asc": "收到日期（旧→新）",
               "due_asc": "答复期限（近→远）", "due_desc": "答复期限（远→近）"}


@dataclass
class Page:
    rows: list[dict]
    page: int
    pages: int
    total: int
    capped: bool  # more than COUNT_CAP matched; `total` is the cap
    window_reached: bool  # the text search looked only at the first SEARCH_WINDOW rows


def _day(value: str | None, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise IllegalTransition(f"{what}“{value}”格式不对，应为 YYYY-MM-DD。") from None


def _choice(value: str | None, enum, what: str) -> str | None:
    if not value:
        return None
    try:
        return enum(value).value
    except ValueError:
        raise IllegalTransition(f"{what}“{value}”无效。") from None


def parse_filters(form) -> Filters:
    """Filters from a query string or form (a mapping with getall/get); bad values say what is wrong."""
    states = [_choice(s, State, "状态") for s in (form.getall("state", []) if hasattr(form, "getall") else [])]
    sort = form.get("sort") or "received_desc"
    if sort not in q.SORTS:
        raise IllegalTransition(f"排序方式“{sort}”无效。")
    text = clean_line(form.get("q") or "", "检索词", 50, required=False) or None
    return Filters(
        states=[s for s in states if s], overdue=form.get("overdue") in ("1", "on", "true"),
        channel=_choice(form.get("channel"), Channel, "渠道"), category=_choice(form.get("category"), ApplicantCategory, "申请人类型"),
        received_from=_day(form.get("received_from"), "收到日期"), received_to=_day(form.get("received_to"), "收到日期"),
        due_from=_day(form.get("due_from"), "答复期限"), due_to=_day(form.get("due_to"), "答复期限"),
        text=text, sort=sort)


async def search(container, filters: Filters, page: int = 1, agency_code: str | None = None) -> Page:
    page = max(1, page)
    offset = (page - 1) * PAGE_SIZE
    if offset > MAX_OFFSET:
        raise IllegalTransition(f"只能翻到第{MAX_OFFSET // PAGE_SIZE + 1}页，请用筛选条件缩小范围。")
    today = container.today()
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        if filters.text:
            ids = await q.matching_ids(uow.session, agency.id, filters, today)
            found = await q.page(uow.session, agency.id, filters, today, offset, PAGE_SIZE, ids)
            total = len(ids)
        else:
            found = await q.page(uow.session, agency.id, filters, today, offset, PAGE_SIZE)
            total = await q.bounded_count(uow.session, agency.id, filters, today)
        reached = await q.window_reached(uow.session, agency.id, filters, today)
        rows = [dict(application_view(app, agency), applicant_name=name, overdue=_overdue(app, today))
                for app, name in found]
    shown = min(total, MAX_OFFSET + PAGE_SIZE)
    return Page(rows, page, max(1, -(-shown // PAGE_SIZE)), min(total, q.COUNT_CAP), total > q.COUNT_CAP, reached)


def _overdue(app, today: date) -> bool:
    return State(app.state).is_open and app.due_on is not None and app.due_on < today


COLUMNS = ["申请编号", "收到日期", "渠道", "申请人类型", "申请人", "所需信息", "状态", "答复期限", "办结日期", "办理结果"]


async def export_xlsx(container, filters: Filters, agency_code: str | None = None) -> tuple[bytes, int]:
    """The register as a workbook (at most EXPORT_MAX rows, in the list's order) and its row count."""
    from openpyxl import Workbook  # with numpy some 20 MB: loaded only when a register is exported

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(COLUMNS)
    count = 0
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        async for app, name in q.stream(uow.session, agency.id, filters, container.today(), EXPORT_MAX):
            v = application_view(app, agency)
            ws.append([v["number"], v["received_on"], v["channel_label"], v["category_label"], name, v["request"],
                       v["state_label"], v["due_on"] or "", v["closed_on"] or "", v["outcome_label"] or ""])
            count += 1
    out = BytesIO()
    wb.save(out)
    return out.getvalue(), count
