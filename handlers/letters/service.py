"""Use cases for the written documents (文书): list, draft, issue, show (delivery: handlers.letters.delivery).
Called alike by the CLI, the web console and WeChat; each returns plain dicts.

A document is first a draft whose free-text parts the clerk edits; issuing takes the next number of the
agency's yearly series inside the same transaction, freezes the composed content with its SHA-256 and
records the issue in the application's event log. A corrected document is a new version (a new draft
of the same step, issued under a new number); the old one stays, marked superseded.
"""

import hashlib
import json
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from disclosure.events import Action
from disclosure.letters import Kind, all_documents, recipient, series
from disclosure.lifecycle import IllegalTransition
from disclosure.text import clean_line
from handlers.letters import compose, fields, notify
from handlers.letters.case import defaults, outcome_of
from handlers.letters.opened import Opened, date_of, due_of
from handlers.letters.record import due_view
from handlers.letters.views import letter_view
from storage.errors import Conflict
from storage.models import ApplicationEvent
from storage.models_letters import Letter

RACED = "该申请的文书刚刚已由他人出具或修改，本次未出具，请重新查看后再试。"


def digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def parse_kind(text: str) -> Kind:
    try:
        return Kind(text.strip())
    except ValueError:
        raise IllegalTransition(f"未知的文书种类“{text}”，可选：{'、'.join(k.value for k in Kind)}") from None


@contextmanager
def _raced():
    """Another clerk or instance drafting or issuing the same document first: one Chinese line."""
    try:
        yield
    except (StaleDataError, IntegrityError, OperationalError) as err:
        raise Conflict(RACED) from err


async def _draft_row(uow, opened: Opened, kind: Kind) -> Letter:
    """The step's open draft, or a new one: from the record, or from the latest issued version."""
    step = opened.step(kind)
    same = opened.of_step(kind, step.seq)
    draft = next((x for x in same if x.issued_at is None), None)
    if draft is not None:
        return draft
    issued = [x for x in same if x.issued_at is not None]
    values = dict(issued[-1].fields) if issued else defaults(kind, opened.case, step)
    draft = Letter(agency_id=opened.agency.id, application_id=opened.app.id, kind=kind.value, step_seq=step.seq,
                   version=len(same) + 1, fields=values, supersedes_id=issued[-1].id if issued else None)
    await uow.letters.add(draft)
    opened.letters.append(draft)
    return draft


def _preview(opened: Opened, letter: Letter, today: date) -> dict:
    return compose.compose(Kind(letter.kind), opened.case, due_of(letter), letter.fields, letter.serial,
                           date_of(letter, opened, today))


def _draft_view(opened: Opened, letter: Letter, today: date) -> dict:
    kind = Kind(letter.kind)
    specs = fields.specs(kind, outcome_of(opened.case, due_of(letter)))
    view = letter_view(letter, opened.letters)
    view["parts"] = [{"key": f.key, "label": f.label, "required": f.required, "many": f.many,
                      "value": letter.fields.get(f.key)} for f in specs]
    view["unfilled"] = [f.key for f in fields.unfilled(specs, letter.fields)]
    view["content"] = _preview(opened, letter, today)
    view["text"] = notify.plain_text(view["content"])
    return view


async def list_letters(container, number: str, agency_code: str | None = None) -> dict:
    """Every document of an application (drafts, issued, superseded) and those its steps call for."""
    async with container.uow() as uow:
        opened = await Opened.load(container, uow, number, agency_code)
        deliveries = await uow.letters.deliveries([x.id for x in opened.letters])
        issued = {(x.kind, x.step_seq) for x in opened.letters if x.issued_at}
        return {
            "number": opened.app.number,
            "letters": [letter_view(x, opened.letters, deliveries.get(x.id, [])) for x in opened.letters],
            "due": [{**due_view(d, opened.app.number), "issued": (d.kind.value, d.seq) in issued}
                    for d in all_documents(opened.events)],
        }


async def draft(container, number: str, kind_key: str, changes: dict[str, str] | None = None,
                items: list[str] | None = None, agency_code: str | None = None, actor: str = "staff") -> dict:
    """Start or edit the draft of `kind` for the application's step that calls for it."""
    kind = parse_kind(kind_key)
    async with container.uow() as uow:
        opened = await Opened.load(container, uow, number, agency_code)
        with _raced():
            letter = await _draft_row(uow, opened, kind)
            specs = fields.specs(kind, outcome_of(opened.case, due_of(letter)))
            try:
                letter.fields = fields.edit(letter.fields, specs, changes or {}, items)
            except ValueError as err:
                raise IllegalTransition(str(err)) from None
            view = _draft_view(opened, letter, container.today())
            uow.audit.add(container.now(), actor, "letter.draft", agency_id=opened.agency.id, target=opened.app.number,
                          detail={"kind": kind.value, "version": letter.version,
                                  "parts": sorted(changes or {}) + (["items"] if items is not None else [])})
            await uow.commit(RACED)
        return view


async def issue(container, number: str, kind_key: str, agency_code: str | None = None, actor: str = "staff") -> dict:
    """Issue the step's draft (started from the record if there is none): number, freeze, record, deliver."""
    kind = parse_kind(kind_key)
    async with container.uow() as uow:
        opened = await Opened.load(container, uow, number, agency_code)
        step = opened.step(kind)
        same = opened.of_step(kind, step.seq)
        if same and all(x.issued_at for x in same):
            raise IllegalTransition(f"{kind.title}已出具（{same[-1].serial}）。如需更正，请起草新版本（工作台“文书”一栏"
                                    f"“更正”，或命令行 gongkai letter draft {opened.app.number} {kind.value}）后再出具。")
        with _raced():
            letter = await _draft_row(uow, opened, kind)
            _check_ready(opened, letter)
            await _freeze(container, uow, opened, letter, actor)
            await uow.commit(RACED)
        deliveries = await uow.letters.deliveries([letter.id])
        view = letter_view(letter, opened.letters, deliveries.get(letter.id, []))
        return {**view, "content": letter.content, "text": notify.plain_text(letter.content)}


async def _freeze(container, uow, opened: Opened, letter: Letter, actor: str) -> None:
    """Number, compose, hash and record the letter, in the caller's transaction."""
    kind, on = Kind(letter.kind), date_of(letter, opened, container.today())
    letter.series, letter.series_year = series(kind), on.year
    letter.series_number = await uow.letters.next_number(opened.agency.id, letter.series, on.year)
    letter.serial = opened.case.agency.serial(letter.series, on.year, letter.series_number)
    letter.content = compose.compose(kind, opened.case, due_of(letter), letter.fields, letter.serial, on)
    letter.letter_date, letter.sha256 = on, digest(letter.content)
    letter.issued_at, letter.issued_by = container.now(), clean_line(actor, "出具人", 100)
    _record(container, uow, opened, letter, actor)
    if recipient(kind) == "applicant":
        await notify.wechat(container, uow, opened.app, letter)


def _check_ready(opened: Opened, letter: Letter) -> None:
    opened.case.agency.require()
    kind = Kind(letter.kind)
    unfilled = fields.unfilled(fields.specs(kind, outcome_of(opened.case, due_of(letter))), letter.fields)
    if unfilled:
        sets = " ".join("--item …" if f.many else f"--set {f.key}=…" for f in unfilled)
        raise IllegalTransition(f"{kind.title}尚缺{'、'.join(f.label for f in unfilled)}，请先在草稿中填写（工作台"
                                f"“文书”一栏“编辑”，或命令行 gongkai letter draft {opened.app.number} {kind.value} {sets}）。")


def _record(container, uow, opened: Opened, letter: Letter, actor: str) -> None:
    """The issue, in the application's own event log (it does not move the process) and the audit log."""
    row = ApplicationEvent(application_id=opened.app.id, seq=len(opened.rows) + 1, action=Action.ISSUE_LETTER.value,
                           occurred_on=container.today(), actor=actor,
                           data={"kind": letter.kind, "serial": letter.serial, "version": letter.version,
                                 "step": letter.step_seq, "sha256": letter.sha256[:16]})
    uow.applications.add_event(row)
    uow.audit.add(container.now(), actor, "letter.issue", agency_id=opened.agency.id, target=opened.app.number,
                  detail={"kind": letter.kind, "serial": letter.serial, "version": letter.version})


async def show(container, number: str, ref: str, agency_code: str | None = None) -> dict:
    """One document, by serial (or kind: the latest), with its content and deliveries."""
    async with container.uow() as uow:
        opened = await Opened.load(container, uow, number, agency_code)
        letter = opened.find(ref)
        if letter.issued_at is None:
            return _draft_view(opened, letter, container.today())
        deliveries = await uow.letters.deliveries([letter.id])
        view = letter_view(letter, opened.letters, deliveries.get(letter.id, []))
        intact = digest(letter.content) == letter.sha256
        return {**view, "content": letter.content, "text": notify.plain_text(letter.content), "intact": intact}


async def docx_of(container, number: str, ref: str, agency_code: str | None = None) -> tuple[dict, bytes]:
    """A document as DOCX: an issued one from its frozen content, a draft as it would be issued now."""
    view = await show(container, number, ref, agency_code)
    moment = datetime.fromisoformat(view["issued_at"]) if view.get("issued_at") else container.now()
    from handlers.letters.render_docx import render_docx  # python-docx only when a document is asked for

    return view, render_docx(view["content"], moment)
