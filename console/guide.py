"""The disclosure guide (政府信息公开指南): entries, editing one, and trying a question against it."""

from aiohttp import web

from handlers.guide import GuideEntry
from handlers.guide import store as guide_store
from handlers.guide.trial import trial

from .auth import ACCOUNT, actor, needs
from .web import container, done, render


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


async def page(request: web.Request) -> web.Response:
    code = request[ACCOUNT].agency_code
    entries = await guide_store.entries(container(request), code)
    question = request.query.get("q", "").strip()[:200]
    tried = await trial(container(request), code, question) if question else None
    key = request.query.get("edit")
    editing = next((e for e in entries if e.id == key), None)
    if key == "new":
        editing = GuideEntry(id="", topic="", question="", answer="")
    return await render(request, "guide.html", {"title": "公开指南", "entries": entries, "question": question,
                                                "tried": tried, "editing": editing})


@needs("manage")
async def save(request: web.Request) -> web.Response:
    form = await request.post()
    code = request[ACCOUNT].agency_code
    key = str(form.get("key", "")).strip()
    old = next((e for e in await guide_store.entries(container(request), code) if e.id == key), None)
    entry = GuideEntry(id=key, topic=str(form.get("topic", "")).strip(), question=str(form.get("question", "")).strip(),
                       answer=str(form.get("answer", "")).strip(), alternatives=_lines(str(form.get("phrasings", ""))),
                       keywords=_lines(str(form.get("keywords", ""))) if "keywords" in form else (old.keywords if old else ()))
    await guide_store.save_entry(container(request), code, entry, actor(request))
    return await done(request, f"已{'修改' if old else '新增'}指南条目 {key}，公众号即按新内容回答。",
                      f"/console/guide?edit={key}")
