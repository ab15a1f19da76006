"""The application page's documents (文书): drafting, issuing, recording delivery and downloading, through
the same use cases as `gongkai letter` (handlers.letters), which also write the audit log."""

from urllib.parse import quote

from aiohttp import web

from disclosure.lifecycle import IllegalTransition
from handlers.applications import actions
from handlers.letters import delivery, service
from handlers.letters.record import missing_warnings
from handlers.letters.views import WAYS

from .auth import actor, needs
from .web import agency, container, done

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"



def _back(number: str) -> str:
    return f"/console/applications/{number}#letters"


async def section(c, number: str, agency: str) -> dict:
    """What the 文书 section shows: every document, each open draft with its parts and text, what is due."""
    listed = await service.list_letters(c, number, agency)
    drafts = []
    for kind in dict.fromkeys(x["kind"] for x in listed["letters"] if x["state"] == "draft"):
        view = await service.show(c, number, kind, agency)  # a kind's latest document: its open draft
        if view["state"] == "draft":
            drafts.append(view)
    drafted = {(x["kind"], x["step_seq"]) for x in listed["letters"]}
    undrafted = [d for d in listed["due"] if not d["issued"] and (d["kind"], d["step_seq"]) not in drafted]
    return {"letters": _correctable(listed), "drafts": drafts, "undrafted": undrafted, "ways": WAYS}


def _correctable(listed: dict) -> list[dict]:
    """The letters, those that a new draft would correct marked: a draft always goes to the latest step
    calling for its kind, so only an issued letter of that step, with no draft open, can be corrected."""
    latest: dict[str, int] = {}
    for x in listed["letters"] + listed["due"]:
        latest[x["kind"]] = max(latest.get(x["kind"], 0), x["step_seq"])
    open_drafts = {(x["kind"], x["step_seq"]) for x in listed["letters"] if x["state"] == "draft"}
    return [{**x, "correctable": x["state"] == "issued" and x["step_seq"] == latest[x["kind"]]
             and (x["kind"], x["step_seq"]) not in open_drafts} for x in listed["letters"]]


def warnings_apart(view: dict) -> tuple[list[str], list[dict]]:
    """The application's warnings without those about documents not issued (they name a CLI command; the
    page offers the document itself), and those documents."""
    about_letters = set(missing_warnings(view["letters_missing"]))
    return [w for w in view["warnings"] if w not in about_letters], view["letters_missing"]


def _changes(form) -> tuple[dict[str, str], list[str] | None]:
    """The draft's parts from the form: `part-KEY` fields, and the listed items one per line."""
    changes = {key[len("part-"):]: str(value) for key, value in form.items() if key.startswith("part-")}
    items = str(form["items"]).splitlines() if "items" in form else None
    return changes, items


def _labels(view: dict) -> str:
    return "、".join(p["label"] for p in view["parts"] if p["key"] in view["unfilled"])


@needs("work")
async def draft(request: web.Request) -> web.Response:
    number, form = request.match_info["number"], await request.post()
    changes, items = _changes(form)
    view = await service.draft(container(request), number, str(form.get("kind", "")), changes, items,
                               agency(request), actor(request))
    note = f"出具前还须填写：{_labels(view)}。" if view["unfilled"] else "可以出具。"
    return await done(request, f"已保存{view['title']}草稿（第{view['version']}版）。{note}", _back(number))


@needs("work")
async def issue(request: web.Request) -> web.Response:
    """保存并出具: the parts as typed are saved first, so that what is issued is what the clerk sees."""
    number, form = request.match_info["number"], await request.post()
    c, kind = container(request), str(form.get("kind", ""))
    changes, items = _changes(form)
    if changes or items is not None:
        saved = await service.draft(c, number, kind, changes, items, agency(request), actor(request))
        if saved["unfilled"]:
            raise IllegalTransition(f"草稿已保存，但{saved['title']}尚缺{_labels(saved)}，填写后再出具。")
    view = await service.issue(c, number, kind, agency(request), actor(request))
    told = "已通过微信通知申请人。" if any(d["way"] == "online" for d in view["deliveries"]) else ""
    return await done(request, f"已出具{view['title']}，文号 {view['serial']}。{told}", _back(number))


@needs("work")
async def deliver(request: web.Request) -> web.Response:
    number, form = request.match_info["number"], await request.post()
    on = actions.day(form.get("date"), "送达日期")
    view = await delivery.deliver(container(request), number, str(form.get("serial", "")), str(form.get("way", "")),
                                  on, str(form.get("tracking", "")), agency(request), actor(request))
    last = view["deliveries"][-1]
    return await done(request, f"已登记{view['serial']}的送达：{last['way_label']}，{last['on']}。", _back(number))


async def docx(request: web.Request) -> web.Response:
    """The document as Word: an issued one as frozen, a draft as it would be issued today."""
    number = request.match_info["number"]
    view, data = await service.docx_of(container(request), number, request.match_info["ref"], agency(request))
    name = f"{view['title']}（{view['serial'] or '草稿'}）.docx"
    plain = f"{number}-{view['kind']}-v{view['version']}.docx"  # for clients that ignore filename*
    return web.Response(body=data, content_type=DOCX, headers={
        "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}",
        "Cache-Control": "no-store"})
