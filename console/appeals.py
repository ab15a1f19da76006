"""行政复议 and 行政诉讼: the list, a new one, a decision (report section 四)."""

from aiohttp import web

from handlers.applications import actions
from handlers.applications.appeals import (
    KIND_LABELS,
    RESULT_LABELS,
    AppealKind,
    AppealResult,
    add_appeal,
    decide_appeal,
    list_appeals,
)

from .auth import ACCOUNT, actor, needs
from .web import container, done, render


async def page(request: web.Request) -> web.Response:
    pending = request.query.get("pending") == "1"
    rows = await list_appeals(container(request), request[ACCOUNT].agency_code, pending)
    return await render(request, "appeals.html", {
        "title": "复议诉讼", "rows": rows, "pending": pending, "kinds": KIND_LABELS,
        "results": {k: v for k, v in RESULT_LABELS.items() if k}})


def _enum(enum, value, what: str):
    try:
        return enum(value)
    except ValueError:
        raise actions.IllegalTransition(f"请选择{what}。") from None


@needs("work")
async def add(request: web.Request) -> web.Response:
    form = await request.post()
    kind = _enum(AppealKind, form.get("kind"), "类型")
    filed = actions.day(form.get("filed"), "提起日期") or container(request).today()
    view = await add_appeal(container(request), str(form.get("number", "")).strip(), kind, filed,
                            request[ACCOUNT].agency_code, actor(request))
    return await done(request, f"已登记{view['kind_label']}（第{view['id']}号），申请 {view['application']}。", "/console/appeals")


@needs("work")
async def decide(request: web.Request) -> web.Response:
    form = await request.post()
    appeal_id = int(request.match_info["id"]) if request.match_info["id"].isdigit() else 0
    result = _enum(AppealResult, form.get("result"), "审结结果")
    on = actions.day(form.get("decided"), "审结日期") or container(request).today()
    view = await decide_appeal(container(request), appeal_id, result, on, request[ACCOUNT].agency_code, actor(request))
    return await done(request, f"第{view['id']}号{view['kind_label']}已审结：{view['result_label']}。", "/console/appeals")
