"""Registering an application received in person, by post, fax or on the website (the guide's form)."""

from aiohttp import web

from disclosure.categories import ApplicantCategory, Channel
from disclosure.delivery import DELIVERIES, DETAIL_KEYS, FORMS
from disclosure.documents import DocumentType
from handlers.applications import actions
from handlers.applications import service as svc

from .auth import ACCOUNT, actor, needs
from .web import USER_ERRORS, container, done, render

# WeChat applications register themselves through the chat; staff type in what came another way.
CHANNELS = [c for c in Channel if c is not Channel.WECHAT]
FIELDS = ("channel", "received", "category", "name", "id_type", "id_number", "credit_code", "phone", "request", "form",
          "delivery", *DETAIL_KEYS)


async def _form(request: web.Request, values: dict, error: str | None = None) -> web.Response:
    return await render(request, "register.html", {
        "title": "登记申请", "values": values, "error": error, "channels": CHANNELS,
        "categories": list(ApplicantCategory), "documents": list(DocumentType), "forms": FORMS,
        "deliveries": DELIVERIES}, status=400 if error else 200)


@needs("work")
async def page(request: web.Request) -> web.Response:
    today = container(request).today().isoformat()
    return await _form(request, {"channel": "post", "received": today, "category": "natural_person"})


@needs("work")
async def submit(request: web.Request) -> web.Response:
    form = await request.post()
    values = {k: str(form.get(k, "")).strip() for k in FIELDS}
    try:
        reg = svc.Registration(
            channel=Channel(values["channel"]) if values["channel"] in {c.value for c in CHANNELS} else _bad("收到渠道"),
            received_on=actions.day(values["received"], "收到日期") or _bad("收到日期"),
            category=ApplicantCategory(values["category"]) if values["category"] in set(ApplicantCategory) else _bad("申请人类型"),
            name=values["name"], request_text=values["request"],
            id_number=values["id_number"] or None, phone=values["phone"] or None,
            credit_code=values["credit_code"] or None,
            form=values["form"] if values["form"] in FORMS else None,
            delivery=values["delivery"] if values["delivery"] in DELIVERIES else None,
            id_type=DocumentType(values["id_type"]) if values["id_type"] in set(DocumentType) else DocumentType.RESIDENT_ID,
            details={key: values[key] or None for key in DETAIL_KEYS})
        view = await svc.register(container(request), reg, request[ACCOUNT].agency_code, actor(request))
    except USER_ERRORS as err:
        return await _form(request, values, str(err))
    return await done(request, f"已登记，申请编号 {view['number']}，答复期限 {view['due_on']}。",
                      f"/console/applications/{view['number']}")


def _bad(what: str):
    raise actions.IllegalTransition(f"请选择或填写{what}。")
