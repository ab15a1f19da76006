"""Use cases for the written documents (文书): list, draft, issue, show, deliver. Called alike by the CLI,
the web console and WeChat; each returns plain dicts.

A document is first a draft whose free-text parts the clerk edits; issuing takes the next number of the
agency's yearly series inside the same transaction, freezes the composed content with its SHA-256 and
records the issue in the application's event log. A corrected document is a new version (a new draft
of the same step, issued under a new number); the old one stays, marked superseded.
"""

import hashlib
import json
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from disclosure.events import Action
from disclosure.letters import PRIOR_STEP, Due, Kind, all_documents, missing, recipient, series, step_of
from disclosure.lifecycle import IllegalTransition
from disclosure.text import clean_line
from handlers.applications.service import to_domain
from handlers.letters import compose, fields, notify
from handlers.letters.record import due_view, load_case
from handlers.letters.render_docx import render_docx
from storage import schedule_queries
from storage.errors import Conflict
from storage.models import ApplicationEvent
from storage.models_letters import Letter, LetterDelivery

RACED = "该申请的文书刚刚已由他人出具或修改，本次未出具，请重新查看后再试。"
WAYS = {"post": "邮寄", "email": "电子邮件", "in_person": "当面送达", "online": "网上送达（微信）"}
TRACKING_MAX = 40


def digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def parse_kind(text: str) -> Kind:
    try:
        return Kind(text.strip())
    except ValueError:
        raise IllegalTransition(f"未知的文书种类“{text}”，可选：{'、'.join(k.value for k in Kind)}") from None


def _state(letter: Letter, letters: list[Letter]) -> str:
    if letter.issued_at is None:
        return "draft"
    return "superseded" if any(other.supersedes_id == letter.id and other.issued_at for other in letters) else "issued"


STATE_LABELS = {"draft": "草稿", "issued": "已出具", "superseded": "已被更正"}


def letter_view(letter: Letter, letters: list[Letter], deliveries: list[LetterDelivery] = ()) -> dict:
    state = _state(letter, letters)
    previous = next((x for x in letters if x.id == letter.supersedes_id), None)
    return {
        "id": letter.id, "kind": letter.kind, "title": Kind(letter.kind).title, "version": letter.version,
        "step_seq": letter.step_seq, "state": state, "state_label": STATE_LABELS[state], "serial": letter.serial,
        "letter_date": letter.letter_date.isoformat() if letter.letter_date else None,
        "issued_at": letter.issued_at.isoformat() if letter.issued_at else None, "issued_by": letter.issued_by,
        "sha256": letter.sha256, "supersedes": previous.serial if previous else None, "fields": dict(letter.fields),
        "deliveries": [{"way": d.way, "way_label": WAYS[d.way], "on": d.delivered_on.isoformat(),
                        "tracking": d.tracking, "actor": d.actor, **d.detail} for d in deliveries],
    }


class _Opened:
    """One application's record inside a unit of work, as the document use cases need it."""

    @classmethod
    async def load(cls, container, uow, number: str, agency_code: str | None):
        self = cls()
        self.agency = await uow.agencies.get(agency_code or container.default_agency)
        self.app = await uow.applications.get(number.strip(), self.agency.id)
        self.rows = await uow.applications.events(self.app)
        self.events = [to_domain(r) for r in self.rows]
        self.letters = await uow.letters.for_application(self.app.id)
        self.case = await load_case(container, uow, self.agency, self.app, self.events)
        return self

    def step(self, kind: Kind) -> Due:
        due = step_of(kind, self.events)
        if due is not None:
            return due
        other = {Kind.ANSWER: Kind.ABANDONED, Kind.ABANDONED: Kind.ANSWER}.get(kind)
        if other and step_of(other, self.events):
            raise IllegalTransition(f"申请{self.app.number}的办理结果应出具{other.title}：gongkai letter issue "
                                    f"{self.app.number} {other.value}")
        raise IllegalTransition(f"申请{self.app.number}尚未登记“{PRIOR_STEP[kind].label}”，不能起草{kind.title}。")

    def of_step(self, kind: Kind, seq: int) -> list[Letter]:
        return [x for x in self.letters if x.kind == kind.value and x.step_seq == seq]

    def find(self, ref: str) -> Letter:
        """A letter by its serial (brackets as typed on a keyboard are accepted) or by kind (the latest)."""
        wanted = ref.strip().translate(str.maketrans("[]()【】（）", "〔〕〔〕〔〕〔〕"))
        found = [x for x in self.letters if x.serial == wanted or (x.serial or "").rstrip("号") == wanted.rstrip("号")]
        if not found and wanted in {k.value for k in Kind}:
            found = [x for x in self.letters if x.kind == wanted][-1:]
        if not found:
            raise IllegalTransition(f"申请{self.app.number}没有文号为“{ref.strip()}”的文书，可用 gongkai letter list {self.app.number} 查看。")
        return found[0]


@contextmanager
def _raced():
    """Another clerk or instance drafting or issuing the same document first: one Chinese line."""
    try:
        yield
    except (StaleDataError, IntegrityError, OperationalError) as err:
        raise Conflict(RACED) from err


def _date_of(letter: Letter, opened: _Opened, today: date) -> date:
    """A first version is dated the day of its step (the day the law counts); a correction, the day issued."""
    return opened.events[letter.step_seq - 1].on if letter.version == 1 else today


async def _draft_row(uow, opened: _Opened, kind: Kind, actor: str) -> Letter:
    """The step's open draft, or a new one: from the record, or from the latest issued version."""
    step = opened.step(kind)
    same = opened.of_step(kind, step.seq)
    draft = next((x for x in same if x.issued_at is None), None)
    if draft is not None:
        return draft
    issued = [x for x in same if x.issued_at is not None]
    values = dict(issued[-1].fields) if issued else compose.defaults(kind, opened.case, step)
    draft = Letter(agency_id=opened.agency.id, application_id=opened.app.id, kind=kind.value, step_seq=step.seq,
                   version=len(same) + 1, fields=values, supersedes_id=issued[-1].id if issued else None)
    await uow.letters.add(draft)
    opened.letters.append(draft)
    return draft


def _due(letter: Letter) -> Due:
    return Due(Kind(letter.kind), letter.step_seq, False, "")


def _preview(opened: _Opened, letter: Letter, today: date) -> dict:
    return compose.compose(Kind(letter.kind), opened.case, _due(letter), letter.fields, letter.serial,
                           _date_of(letter, opened, today))


def _draft_view(opened: _Opened, letter: Letter, today: date) -> dict:
    kind = Kind(letter.kind)
    specs = fields.specs(kind, compose.outcome_of(opened.case, _due(letter)))
    view = letter_view(letter, opened.letters)
    view["parts"] = [{"key": f.key, "label": f.label, "required": f.required, "value": letter.fields.get(f.key)}
                     for f in specs]
    view["unfilled"] = [f.key for f in fields.unfilled(specs, letter.fields)]
    view["content"] = _preview(opened, letter, today)
    view["text"] = notify.plain_text(view["content"])
    return view


async def list_letters(container, number: str, agency_code: str | None = None) -> dict:
    """Every document of an application (drafts, issued, superseded) and those its steps call for."""
    async with container.uow() as uow:
        opened = await _Opened.load(container, uow, number, agency_code)
        deliveries = await uow.letters.deliveries([x.id for x in opened.letters])
        issued = {(x.kind, x.step_seq) for x in opened.letters if x.issued_at}
        return {
            "number": opened.app.number,
            "letters": [letter_view(x, opened.letters, deliveries.get(x.id, [])) for x in opened.letters],
            "due": [{**due_view(d, opened.app.number), "issued": (d.kind.value, d.seq) in issued}
                    for d in all_documents(opened.events)],
        }


async def missing_across(container, agency_code: str | None = None, closed_within_days: int = 60) -> list[dict]:
    """Every open (or recently closed) application of the agency with a required document not issued:
    what the console's dashboard lists."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        since = container.today() - timedelta(days=closed_within_days)
        histories = await schedule_queries.recent_histories(uow.session, since, agency.id)
        issued = await uow.letters.issued_steps([app.id for app, _ in histories])
        found = []
        for app, rows in histories:
            events = [to_domain(r) for r in rows]
            gaps = missing(events, issued.get(app.id, []))
            if gaps:
                found.append({"number": app.number, "state": app.state,
                              "missing": [{**due_view(d, app.number), "step_on": events[d.seq - 1].on.isoformat()}
                                          for d in gaps]})
        return found


async def draft(container, number: str, kind_key: str, changes: dict[str, str] | None = None,
                items: list[str] | None = None, agency_code: str | None = None, actor: str = "staff") -> dict:
    """Start or edit the draft of `kind` for the application's step that calls for it."""
    kind = parse_kind(kind_key)
    async with container.uow() as uow:
        opened = await _Opened.load(container, uow, number, agency_code)
        with _raced():
            letter = await _draft_row(uow, opened, kind, actor)
            specs = fields.specs(kind, compose.outcome_of(opened.case, _due(letter)))
            try:
                letter.fields = fields.edit(letter.fields, specs, changes or {}, items)
            except ValueError as err:
                raise IllegalTransition(str(err)) from None
            view = _draft_view(opened, letter, container.today())
            await uow.commit(RACED)
        return view


async def issue(container, number: str, kind_key: str, agency_code: str | None = None, actor: str = "staff") -> dict:
    """Issue the step's draft (started from the record if there is none): number, freeze, record, deliver."""
    kind = parse_kind(kind_key)
    async with container.uow() as uow:
        opened = await _Opened.load(container, uow, number, agency_code)
        step = opened.step(kind)
        same = opened.of_step(kind, step.seq)
        if same and all(x.issued_at for x in same):
            raise IllegalTransition(f"{kind.title}已出具（{same[-1].serial}）。如需更正，请先 gongkai letter draft "
                                    f"{opened.app.number} {kind.value} 修改，再出具新版本。")
        with _raced():
            letter = await _draft_row(uow, opened, kind, actor)
            _check_ready(opened, letter)
            await _freeze(container, uow, opened, letter, actor)
            await uow.commit(RACED)
        deliveries = await uow.letters.deliveries([letter.id])
        view = letter_view(letter, opened.letters, deliveries.get(letter.id, []))
        return {**view, "content": letter.content, "text": notify.plain_text(letter.content)}


async def _freeze(container, uow, opened: _Opened, letter: Letter, actor: str) -> None:
    """Number, compose, hash and record the letter, in the caller's transaction."""
    kind, on = Kind(letter.kind), _date_of(letter, opened, container.today())
    letter.series, letter.series_year = series(kind), on.year
    letter.series_number = await uow.letters.next_number(opened.agency.id, letter.series, on.year)
    letter.serial = opened.case.agency.serial(letter.series, on.year, letter.series_number)
    letter.content = compose.compose(kind, opened.case, _due(letter), letter.fields, letter.serial, on)
    letter.letter_date, letter.sha256 = on, digest(letter.content)
    letter.issued_at, letter.issued_by = container.now(), clean_line(actor, "出具人", 100)
    _record(uow, opened, letter, container.today(), actor)
    if recipient(kind) == "applicant":
        await notify.wechat(container, uow, opened.app, letter)


def _check_ready(opened: _Opened, letter: Letter) -> None:
    opened.case.agency.require()
    kind = Kind(letter.kind)
    unfilled = fields.unfilled(fields.specs(kind, compose.outcome_of(opened.case, _due(letter))), letter.fields)
    if unfilled:
        sets = " ".join("--item …" if f.many else f"--set {f.key}=…" for f in unfilled)
        raise IllegalTransition(f"{kind.title}尚缺{'、'.join(f.label for f in unfilled)}，请先运行 gongkai letter draft "
                                f"{opened.app.number} {kind.value} {sets}")


def _record(uow, opened: _Opened, letter: Letter, today: date, actor: str) -> None:
    """The issue, in the application's own event log (it does not move the process)."""
    row = ApplicationEvent(application_id=opened.app.id, seq=len(opened.rows) + 1, action=Action.ISSUE_LETTER.value,
                           occurred_on=today, actor=actor,
                           data={"kind": letter.kind, "serial": letter.serial, "version": letter.version,
                                 "step": letter.step_seq, "sha256": letter.sha256[:16]})
    uow.applications.add_event(row)


async def show(container, number: str, ref: str, agency_code: str | None = None) -> dict:
    """One document, by serial (or kind: the latest), with its content and deliveries."""
    async with container.uow() as uow:
        opened = await _Opened.load(container, uow, number, agency_code)
        letter = opened.find(ref)
        if letter.issued_at is None:
            return _draft_view(opened, letter, container.today())
        deliveries = await uow.letters.deliveries([letter.id])
        view = letter_view(letter, opened.letters, deliveries.get(letter.id, []))
        intact = digest(letter.content) == letter.sha256
        return {**view, "content": letter.content, "text": notify.plain_text(letter.content), "intact": intact}


async def deliver(container, number: str, ref: str, way: str, on: date | None = None, tracking: str | None = None,
                  agency_code: str | None = None, actor: str = "staff") -> dict:
    """Record how and when an issued document reached its addressee."""
    if way not in WAYS:
        raise IllegalTransition(f"送达方式应为 {'、'.join(WAYS)} 之一。")
    tracking = (tracking or "").strip() or None
    if way == "post" and not tracking:
        raise IllegalTransition("邮寄送达请填写邮件号（--tracking），以便证明送达。")
    if tracking and not (tracking.isascii() and tracking.replace("-", "").isalnum() and len(tracking) <= TRACKING_MAX):
        raise IllegalTransition(f"邮件号“{tracking[:TRACKING_MAX]}”格式不对，应为字母和数字。")
    on = on or container.today()
    async with container.uow() as uow:
        opened = await _Opened.load(container, uow, number, agency_code)
        letter = opened.find(ref)
        if letter.issued_at is None:
            raise IllegalTransition("草稿不能送达，请先出具：gongkai letter issue " + f"{opened.app.number} {letter.kind}")
        if on > container.today() or on < letter.letter_date:
            raise IllegalTransition(f"送达日期{on}应在出具日期{letter.letter_date}与今天之间。")
        await uow.letters.add_delivery(LetterDelivery(letter_id=letter.id, way=way, delivered_on=on, tracking=tracking,
                                                      actor=actor, detail={}))
        await uow.commit()
        deliveries = await uow.letters.deliveries([letter.id])
        return letter_view(letter, opened.letters, deliveries[letter.id])


async def docx_of(container, number: str, ref: str, agency_code: str | None = None) -> tuple[dict, bytes]:
    """A document as DOCX: an issued one from its frozen content, a draft as it would be issued now."""
    view = await show(container, number, ref, agency_code)
    moment = datetime.fromisoformat(view["issued_at"]) if view.get("issued_at") else container.now()
    return view, render_docx(view["content"], moment)
