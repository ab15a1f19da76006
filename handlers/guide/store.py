"""The guide per agency: seeded from config/guide.toml on first use, kept in `guide_entries`, editable.

Each agency's index is built from its rows and cached in the container. Every guide.recheck_seconds a
running service compares the rows' version (count, edits, newest id) with the cached one, so an edit made
by `gongkai guide set`, another worker or another instance reaches every process within that time.
In `phrasings`, an entry's alternative questions come as they are and its keywords carry the prefix
"关键词：" (one JSON list keeps both, readable by staff editing a row).
"""

import asyncio
import time
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from disclosure.text import clean_line, clean_text
from handlers.guide import GuideEntry, GuideError, GuideIndex, format_reply, load_guide
from handlers.guide.content import MAX_ANSWER_CHARS
from storage.errors import Conflict
from storage.models_chat import GuideEntry as GuideRow

KEYWORD = "关键词："
CONTACT_KEY = "contact"
CACHE = "guide_indexes"
LINE_MAX = 200  # a question, a phrasing or a topic


def to_row(entry: GuideEntry, agency_id: int) -> GuideRow:
    phrasings = list(entry.alternatives) + [KEYWORD + k for k in entry.keywords]
    return GuideRow(agency_id=agency_id, entry_key=entry.id, topic=entry.topic, question=entry.question,
                    answer=entry.answer, phrasings=phrasings)


def from_row(row: GuideRow) -> GuideEntry:
    phrasings = list(row.phrasings or [])
    return GuideEntry(
        id=row.entry_key, topic=row.topic or "", question=row.question, answer=row.answer,
        alternatives=tuple(p for p in phrasings if not p.startswith(KEYWORD)),
        keywords=tuple(p[len(KEYWORD):] for p in phrasings if p.startswith(KEYWORD)),
    )


async def entries(container, agency_code: str) -> list[GuideEntry]:
    """The agency's guide; the packaged one is copied in the first time it is asked for."""
    return (await _load(container, agency_code))[0]


async def _load(container, agency_code: str) -> tuple[list[GuideEntry], tuple]:
    """The entries and their version (as _version counts), read together."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        # The version before the rows: an edit in between makes the next recheck rebuild, never go unseen.
        version = await _version_of(uow, agency.id)
        rows = list(await uow.session.scalars(
            select(GuideRow).where(GuideRow.agency_id == agency.id).order_by(GuideRow.id)))
        if rows:
            return [from_row(r) for r in rows], version
        uow.session.add_all(to_row(e, agency.id) for e in load_guide())
        try:
            await uow.commit()
        except Conflict:  # another instance seeded it at the same moment: read theirs
            pass
    return await _load(container, agency_code)


@dataclass
class _Cached:
    index: GuideIndex
    version: tuple
    checked: float
    rechecking: bool = False  # one caller at a time looks for edits


async def index(container, agency_code: str) -> GuideIndex:
    """The agency's index, rechecked for edits every guide.recheck_seconds by one caller at a time: the
    others go on answering from the index they have (a burst once queued a rebuild per message)."""
    cache = container.extras.setdefault(CACHE, {})
    found = cache.get(agency_code)
    if found is None:
        async with container.extras.setdefault(CACHE + ".lock", asyncio.Lock()):  # one first build
            found = cache.get(agency_code) or await _build(container, agency_code)
            cache[agency_code] = found
        return found.index
    if found.rechecking or time.monotonic() - found.checked < container.settings.get("guide", "recheck_seconds"):
        return found.index
    found.rechecking = True
    try:
        if await _version(container, agency_code) != found.version:
            found = cache[agency_code] = await _build(container, agency_code)
    finally:
        found.rechecking, found.checked = False, time.monotonic()
    return found.index


async def _build(container, agency_code: str) -> _Cached:
    """The index of the rows as read, with their version. Built in a thread: some 0.3 s of work that
    would otherwise hold every reply waiting."""
    found, version = await _load(container, agency_code)
    size = container.settings.get("guide", "answer_cache")
    return _Cached(await asyncio.to_thread(GuideIndex, found, cache_size=size), version, time.monotonic())


async def _version(container, agency_code: str) -> tuple:
    async with container.uow() as uow:
        return await _version_of(uow, (await uow.agencies.get(agency_code)).id)


async def _version_of(uow, agency_id: int) -> tuple:
    """The rows' version as the database has it now: count, edits, newest id."""
    row = (await uow.session.execute(
        select(func.count(), func.coalesce(func.sum(GuideRow.revision), 0), func.coalesce(func.max(GuideRow.id), 0))
        .where(GuideRow.agency_id == agency_id))).one()
    return tuple(row)


async def save_entry(container, agency_code: str, entry: GuideEntry, actor: str = "cli") -> None:
    """Add or replace one entry of an agency's guide, and rebuild that agency's index."""
    if not entry.id.strip() or not entry.question.strip() or not entry.answer.strip():
        raise GuideError("指南条目须有编号、问题和答案。")
    if len(entry.answer) > MAX_ANSWER_CHARS:
        raise GuideError(f"答案有{len(entry.answer)}字，超过{MAX_ANSWER_CHARS}字，手机上不便阅读，请精简。")
    entry = replace(entry, topic=clean_line(entry.topic, "主题", LINE_MAX, required=False),
                    question=clean_line(entry.question, "问题", LINE_MAX),
                    answer=clean_text(entry.answer, "答案", MAX_ANSWER_CHARS),
                    alternatives=tuple(clean_line(a, "其他问法", LINE_MAX) for a in entry.alternatives))
    await entries(container, agency_code)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code)
        row = await uow.session.scalar(
            select(GuideRow).where(GuideRow.agency_id == agency.id, GuideRow.entry_key == entry.id))
        fresh = to_row(entry, agency.id)
        if row is None:
            uow.session.add(fresh)
        else:
            row.topic, row.question, row.answer, row.phrasings = (
                fresh.topic, fresh.question, fresh.answer, fresh.phrasings)
            row.revision = row.revision + 1
        uow.audit.add(container.now(), actor, "guide.set", agency_id=agency.id, target=entry.id)
        await uow.commit()
    container.extras.setdefault(CACHE, {}).pop(agency_code, None)


async def ask(container, agency_code: str, question: str) -> str:
    """The confident answer, or an honest "不知道" with suggestions and the office's contact details."""
    guide = await index(container, agency_code)
    found = guide.answer(question)
    text = format_reply(found)
    if found.confident:
        return text
    contact = next((e for e in guide.entries if e.id == CONTACT_KEY), None)
    return f"{text}\n\n{contact.answer}" if contact else text


async def entry_text(container, agency_code: str, ids: tuple[str, ...]) -> str:
    """The answers of the named entries (a menu button), skipping ids an agency has removed."""
    guide = await index(container, agency_code)
    answers = [e.answer for key in ids for e in guide.entries if e.id == key]
    return "\n\n".join(answers) or await ask(container, agency_code, "联系方式")


HUMAN = "本公众号由系统自动答复，不能转接人工。需要人工咨询，请在办公时间致电或到受理窗口："


async def office_contact(container, agency_code: str) -> str:
    """Who to ask in person: the guide's contact entry (「人工」)."""
    guide = await index(container, agency_code)
    contact = next((e for e in guide.entries if e.id == CONTACT_KEY), None)
    return HUMAN + "\n" + (contact.answer if contact else "请致电本机关政府信息公开工作机构。")
