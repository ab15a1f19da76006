"""The register: the filtered list with its XLSX export, one application's page, and acting on it."""

from urllib.parse import urlencode

from aiohttp import web

from disclosure.categories import ApplicantCategory, Channel
from disclosure.events import Action
from disclosure.outcomes import Outcome
from disclosure.states import State
from disclosure.tracking import normalize_number
from handlers.applications import actions, search
from handlers.applications import service as svc
from handlers.applications.search import SORT_LABELS
from handlers.letters import fees as fee_service
from handlers.staff.roles import permission_for, require

from . import fees, letters
from .auth import ACCOUNT, actor, needs
from .web import agency, container, done, render

DATA_LABELS = {"note": "说明", "party": "征求对象", "approver": "批准人", "days": "工作日数", "reason": "理由",
               "outcome": "办理结果", "until": "期限至", "amount": "金额（元）", "channel": "渠道", "voids": "撤销第几项"}
CHOICES = {"states": list(State), "channels": list(Channel), "categories": list(ApplicantCategory),
           "sorts": SORT_LABELS}



async def listing(request: web.Request) -> web.Response:
    number = normalize_number(request.query.get("q", ""))
    if number:  # a whole tracking number typed in the search box: straight to that application
        raise web.HTTPSeeOther(f"/console/applications/{number}")
    filters = search.parse_filters(request.query)
    page_no = int(request.query["page"]) if request.query.get("page", "").isdigit() else 1
    found = await search.search(container(request), filters, page_no, agency(request))
    query = [(k, v) for k, v in request.query.items() if k != "page"]
    return await render(request, "applications.html", {
        "title": "申请台账", "f": filters, "found": found, "query": urlencode(query), "choices": CHOICES,
        "window": search.q.SEARCH_WINDOW, "cap": search.q.COUNT_CAP})


async def export(request: web.Request) -> web.Response:
    filters = search.parse_filters(request.query)
    data, count = await search.export_xlsx(container(request), filters, agency(request))
    name = f"register-{container(request).today():%Y%m%d}.xlsx"
    return web.Response(body=data, headers={
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": f'attachment; filename="{name}"', "X-Rows": str(count), "Cache-Control": "no-store"})


async def _page(request: web.Request, revealed: dict | None = None) -> web.Response:
    number = request.match_info["number"]
    c = container(request)
    view = await svc.show(c, number, agency(request), with_applicant=True)
    steps = await svc.explain(c, number, agency(request))
    offered, fee_steps = fees.apart([Action(a) for a in view["next"]["actions"]])
    fee = await fees.section(c, number, request.query.get("pages", ""), agency(request)) if fee_steps else None
    warnings, missing = letters.warnings_apart(view)
    return await render(request, "application.html", {
        "title": f"申请 {number}", "v": view, "steps": steps, "revealed": revealed, "warnings": warnings,
        "missing": missing, "docs": await letters.section(c, number, agency(request)), "fee_steps": fee_steps,
        "fee": fee, "offered": offered, "fields": actions.FIELDS,
        "outcomes": [Outcome(o) for o in view["next"]["outcomes"]],
        "may": request[ACCOUNT].role.may, "needs": permission_for, "today": c.today().isoformat(),
        "data_labels": DATA_LABELS, "outcome_labels": {o.value: o.label for o in Outcome},
        "channel_labels": {ch.value: ch.label for ch in Channel}})


async def show(request: web.Request) -> web.Response:
    return await _page(request)


@needs("reveal")
async def reveal(request: web.Request) -> web.Response:
    """The full ID number and phone on this one response (never stored in the session); audited."""
    revealed = await svc.reveal(container(request), request.match_info["number"], actor(request), agency(request))
    return await _page(request, revealed)


@needs("work")
async def act(request: web.Request) -> web.Response:
    number = request.match_info["number"]
    form = await request.post()
    action = next((a for a in actions.FIELDS if a.value == form.get("action")), None)
    if action is None:
        raise actions.IllegalTransition("未知的办理环节，请从申请页面选择。")
    require(request[ACCOUNT].role, permission_for(action))
    data = actions.parse(action, form)
    on = actions.day(form.get("date"))
    record = fee_service.record if action in fee_service.ACTIONS else svc.perform  # fees: by the standard
    view = await record(container(request), number, action, on, data, actor(request), agency(request))
    warnings, missing = letters.warnings_apart(view)
    note = "；".join([w.rstrip("。") for w in warnings] + [f"须出具{m['title']}，请在“文书”一栏起草、出具" for m in missing])
    return await done(request, f"已记录：{action.label}。" + (f"注意：{note}。" if note else ""),
                      f"/console/applications/{number}")


@needs("work")
async def void(request: web.Request) -> web.Response:
    number = request.match_info["number"]
    form = await request.post()
    seq = int(form["seq"]) if str(form.get("seq", "")).isdigit() else 0
    view = await svc.show(container(request), number, agency(request))
    target = next((e for e in view["events"] if e["seq"] == seq), None)
    if target is not None and target["action"] in {a.value for a in actions.FIELDS}:
        require(request[ACCOUNT].role, permission_for(Action(target["action"])))  # an approver's act, an approver's void
    await svc.void(container(request), number, seq, str(form.get("reason", "")), actor(request), agency(request))
    return await done(request, f"已撤销第{seq}项，期限已重新计算。", f"/console/applications/{number}")
