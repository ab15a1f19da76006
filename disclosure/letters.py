"""The written documents (文书) of an application: which step calls for which, and who receives it.

A document belongs to one step of the history (an event, by its seq). Where the statute makes a written
notice part of the step (a correction is requested "一次性告知", an extension "告知申请人", a third party
is consulted "书面征求"), the step is incomplete until that document is issued (`missing`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .events import Action, Event
from .outcomes import Outcome


class Kind(StrEnum):
    RECEIPT = "receipt"  # art. 31: the day received; not a statutory document, good practice
    CORRECTION = "correction"  # art. 30: 补正告知书, every item at once
    EXTENSION = "extension"  # art. 33: 延期答复告知书
    CONSULTATION = "consultation"  # art. 32: 征求意见书 to the third party
    CONSULTATION_NOTICE = "consultation-notice"  # art. 33 para. 2: 征求意见告知书 to the applicant
    JOINT_CONSULTATION = "joint-consultation"  # art. 34: 征求意见函 to a co-producing agency
    THIRD_PARTY_NOTICE = "third-party-notice"  # art. 32: disclosure despite the third party's objection
    FEE = "fee"  # art. 42, 109号: 收费通知书
    ABANDONED = "abandoned"  # art. 30 / 109号: the application is treated as abandoned
    ANSWER = "answer"  # art. 36: 政府信息公开申请答复书

    @property
    def title(self) -> str:
        return TITLES[self]


TITLES = {
    Kind.RECEIPT: "政府信息公开申请接收回执",
    Kind.CORRECTION: "政府信息公开申请补正告知书",
    Kind.EXTENSION: "政府信息公开申请延期答复告知书",
    Kind.CONSULTATION: "政府信息公开第三方意见征询书",
    Kind.CONSULTATION_NOTICE: "政府信息公开申请征求意见告知书",
    Kind.JOINT_CONSULTATION: "政府信息公开征求意见函",
    Kind.THIRD_PARTY_NOTICE: "依申请公开政府信息告知书",
    Kind.FEE: "政府信息公开信息处理费收费通知书",
    Kind.ABANDONED: "政府信息公开申请视为放弃告知书",
    Kind.ANSWER: "政府信息公开申请答复书",
}

APPLICANT, THIRD_PARTY, AGENCY = "applicant", "third_party", "agency"
RECIPIENTS = {Kind.CONSULTATION: THIRD_PARTY, Kind.THIRD_PARTY_NOTICE: THIRD_PARTY, Kind.JOINT_CONSULTATION: AGENCY}

# Number series: answers and abandonment (the decisions) share one, notices another, receipts their own.
SERIES = {Kind.ANSWER: "answer", Kind.ABANDONED: "answer", Kind.RECEIPT: "receipt"}
NOTICE_SERIES = "notice"

ABANDONING = (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE)
DISCLOSING = (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED)
AGENCY_PARTY = "agency"  # a CONSULT event's party_kind when another agency is consulted (art. 34)


def recipient(kind: Kind) -> str:
    return RECIPIENTS.get(kind, APPLICANT)


def series(kind: Kind) -> str:
    return SERIES.get(kind, NOTICE_SERIES)


@dataclass(frozen=True)
class Due:
    """A document the step at `seq` calls for; `required` where the statute makes it part of the step."""

    kind: Kind
    seq: int
    required: bool
    why: str


def _struck(events: list[Event]) -> set[int]:
    """The seqs of entries struck out as recorded by mistake (disclosure.events.effective)."""
    return {e.get("voids") for e in events if e.action is Action.VOID}


def _objected(events: list[Event], upto: int) -> bool:
    struck = _struck(events)
    return any(e.action is Action.CONSULT_END and e.get("objected") and seq not in struck
               for seq, e in enumerate(events[:upto], 1))


def documents_for(events: list[Event], index: int) -> list[Due]:
    """The documents the event at `index` (0-based; seq = index + 1) calls for."""
    ev, seq = events[index], index + 1
    if ev.action is Action.REGISTER:
        return [Due(Kind.RECEIPT, seq, False, "收到申请（第三十一条）")]
    if ev.action is Action.REQUEST_CORRECTION:
        return [Due(Kind.CORRECTION, seq, True, "一次性书面告知补正事项和期限（第三十条）")]
    if ev.action is Action.EXTEND:
        return [Due(Kind.EXTENSION, seq, True, "延长答复期限须告知申请人（第三十三条第二款）")]
    if ev.action is Action.CONSULT:
        if ev.get("party_kind") == AGENCY_PARTY:
            return [Due(Kind.JOINT_CONSULTATION, seq, True, "征求共同制作机关意见（第三十四条）")]
        return [Due(Kind.CONSULTATION, seq, True, "书面征求第三方意见（第三十二条）"),
                Due(Kind.CONSULTATION_NOTICE, seq, False, "告知申请人征求意见时间不计入答复期限（第三十三条第三款）")]
    if ev.action is Action.FEE_NOTICE:
        return [Due(Kind.FEE, seq, True, "书面通知收费的依据、标准、数额和缴纳方式（国办函〔2020〕109号）")]
    if ev.action is Action.CLOSE:
        outcome = Outcome(ev.get("outcome"))
        if outcome in ABANDONING:
            return [Due(Kind.ABANDONED, seq, True, "告知申请人其申请视为放弃（第三十条、国办函〔2020〕109号）")]
        # A partial answer may withhold just the objecting third party's part: the notice is then optional.
        found = [Due(Kind.ANSWER, seq, True, "书面答复申请人（第三十六条）")]
        if outcome is Outcome.GRANTED and _objected(events, index):
            found.append(Due(Kind.THIRD_PARTY_NOTICE, seq, True, "第三方不同意而决定公开的，书面告知第三方（第三十二条）"))
        return found
    return []


def all_documents(events: list[Event]) -> list[Due]:
    """What the history's steps call for; a step struck out calls for nothing."""
    struck = _struck(events)
    return [due for i in range(len(events)) if i + 1 not in struck for due in documents_for(events, i)]


# A first cut of `missing` that a database query can make: a step of these actions lacks its document while
# no letter of these kinds is issued for it. Beyond it, only a disclosure over a third party's objection calls
# for one (OBJECTED: a step closing with this outcome after the consultation's end, without this notice);
# `missing` decides.
CALLED_FOR = {Action.REQUEST_CORRECTION: (Kind.CORRECTION,), Action.EXTEND: (Kind.EXTENSION,),
              Action.CONSULT: (Kind.CONSULTATION, Kind.JOINT_CONSULTATION), Action.FEE_NOTICE: (Kind.FEE,),
              Action.CLOSE: (Kind.ANSWER, Kind.ABANDONED)}
OBJECTED = (Action.CLOSE, Outcome.GRANTED, Action.CONSULT_END, Kind.THIRD_PARTY_NOTICE)


def missing(events: list[Event], issued: Iterable[tuple[str, int]]) -> list[Due]:
    """Required documents not issued yet; `issued` holds (kind, seq) of issued documents."""
    done = {(Kind(kind), seq) for kind, seq in issued}
    return [due for due in all_documents(events) if due.required and (due.kind, due.seq) not in done]


def step_of(kind: Kind, events: list[Event]) -> Due | None:
    """The latest step that calls for a document of `kind`, or None when none does."""
    found = [due for due in all_documents(events) if due.kind is kind]
    if kind is Kind.THIRD_PARTY_NOTICE and not found:
        # Optional before a decision to disclose: the agency may tell the third party of it (art. 32).
        closes = [i for i, e in enumerate(events) if e.action is Action.CLOSE
                  and Outcome(e.get("outcome")) in DISCLOSING]
        found = [Due(kind, i + 1, False, "") for i in closes]
    return found[-1] if found else None


# What must be recorded before a document of each kind can be drafted, for the error message.
PRIOR_STEP = {
    Kind.RECEIPT: Action.REGISTER,
    Kind.CORRECTION: Action.REQUEST_CORRECTION,
    Kind.EXTENSION: Action.EXTEND,
    Kind.CONSULTATION: Action.CONSULT,
    Kind.CONSULTATION_NOTICE: Action.CONSULT,
    Kind.JOINT_CONSULTATION: Action.CONSULT,
    Kind.THIRD_PARTY_NOTICE: Action.CLOSE,
    Kind.FEE: Action.FEE_NOTICE,
    Kind.ABANDONED: Action.CLOSE,
    Kind.ANSWER: Action.CLOSE,
}
