"""One application's record opened for the document use cases: its events, its letters, what its
documents may say, and finding a letter by the serial a clerk types."""

from datetime import date

from disclosure.letters import PRIOR_STEP, Due, Kind, step_of
from disclosure.lifecycle import IllegalTransition
from handlers.applications.service import to_domain
from handlers.letters.record import load_case
from storage.models_letters import Letter


class Opened:
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
            raise IllegalTransition(f"申请{self.app.number}的办理结果应出具{other.title}（{other.value}）。")
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


def due_of(letter: Letter) -> Due:
    return Due(Kind(letter.kind), letter.step_seq, False, "")


def date_of(letter: Letter, opened: Opened, today: date) -> date:
    """A first version is dated the day of its step (the day the law counts); a correction, the day issued."""
    return opened.events[letter.step_seq - 1].on if letter.version == 1 else today
