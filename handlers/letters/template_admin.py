"""An agency's own document templates: list, read, replace, reset. A template is stored only after it
renders every document it takes part in on a sample case, so a broken one never reaches an applicant."""

from datetime import date

from disclosure.calendar import WorkCalendar
from disclosure.events import Action, Event
from disclosure.letters import Due, Kind
from disclosure.outcomes import Outcome
from handlers.letters import compose, fields, templates
from handlers.letters.case import Case
from handlers.letters.settings import TEMPLATE_PREFIX, AgencyLetters, load

SAMPLE_VALUES = {"abbreviation": "示例", "review_body": "示例市人民政府", "contact": "张三", "phone": "0453-0000000",
                 "series_answer": "{abbr}公复〔{year}〕{n}号", "series_notice": "{abbr}公告〔{year}〕{n}号",
                 "series_receipt": "{abbr}公收〔{year}〕{n}号"}


def sample_history(outcome: Outcome) -> list[Event]:
    """Every step once, ending with `outcome`: each template finds what it may refer to."""
    days = iter(date(2026, 3, d) for d in range(2, 31))
    steps = [(Action.REGISTER, {}), (Action.REQUEST_CORRECTION, {"note": "示例事项"}), (Action.RECEIVE_CORRECTION, {}),
             (Action.CONSULT, {"party": "示例公司"}), (Action.CONSULT_END, {"objected": True}),
             (Action.FEE_NOTICE, {"basis": "pages", "amount": 10, "quoted": 10, "pages": 31,
                                  "tiers": [{"first": 1, "last": 30, "rate": 0, "units": 30, "amount": 0},
                                            {"first": 31, "last": 100, "rate": 10, "units": 1, "amount": 10}]}),
             (Action.FEE_PAID, {}), (Action.EXTEND, {"days": 20, "approver": "示例", "reason": "示例"}),
             (Action.CLOSE, {"outcome": outcome.value})]
    return [Event(action, next(days), data) for action, data in steps]


def _sample_case(overrides: dict[str, str], outcome: Outcome) -> Case:
    agency = AgencyLetters("sample", "示例市交通运输局", SAMPLE_VALUES, overrides)
    return Case(agency, "2600017", date(2026, 3, 2), "示例信息", "示例申请人", "纸质文本", "邮寄",
                        "示例地址", None, sample_history(outcome), WorkCalendar())


def _renders(name: str) -> list[tuple[Kind, Outcome]]:
    """The documents template `name` takes part in."""
    if name.startswith("answer"):
        return [(Kind.ANSWER, o) for o, form in fields.ANSWER_FORMS.items() if name in ("answer", f"answer-{form}")]
    if name == "abandoned":
        return [(Kind.ABANDONED, Outcome.OTHER_NO_CORRECTION), (Kind.ABANDONED, Outcome.OTHER_UNPAID_FEE)]
    return [(Kind(name), Outcome.GRANTED)]


def sample_document(kind: Kind, outcome: Outcome, overrides: dict[str, str] | None = None) -> dict:
    """A document of `kind` on the sample case, every part the clerk writes filled in."""
    case = _sample_case(overrides or {}, outcome)
    step = Due(kind, _step_seq(kind, case.events), True, "")
    values = {f.key: ["示例一", "示例二"] if f.many else "示例" for f in fields.specs(kind, outcome)}
    if "ground" in values:
        values["ground"] = Outcome.WITHHELD_THIRD_PARTY.value
    return compose.compose(kind, case, step, values, "示例公复〔2026〕1号", date(2026, 3, 31))


def _step_seq(kind: Kind, events: list[Event]) -> int:
    action = {Kind.RECEIPT: Action.REGISTER, Kind.CORRECTION: Action.REQUEST_CORRECTION, Kind.EXTENSION: Action.EXTEND,
              Kind.CONSULTATION: Action.CONSULT, Kind.CONSULTATION_NOTICE: Action.CONSULT,
              Kind.JOINT_CONSULTATION: Action.CONSULT, Kind.FEE: Action.FEE_NOTICE}.get(kind, Action.CLOSE)
    return next(i for i, e in enumerate(events, 1) if e.action is action)


async def template_list(container, agency_code: str | None = None) -> list[dict]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        own = (await load(container, uow, agency)).templates
    return [{"name": name, "own": name in own} for name in templates.NAMES]


async def template_text(container, name: str, agency_code: str | None = None) -> str:
    templates.check(name, "")
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        own = (await load(container, uow, agency)).templates
    return own.get(name) or templates.packaged(name)


async def template_set(container, name: str, text: str | None, agency_code: str | None = None,
                       actor: str = "cli") -> None:
    """Store the agency's version of template `name` (None: back to the default) once it renders."""
    templates.check(name, text or "")
    if text is not None:
        for kind, outcome in _renders(name):
            sample_document(kind, outcome, {name: text})
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        await uow.letters.set_setting(agency.id, TEMPLATE_PREFIX + name, text, container.now())
        uow.audit.add(container.now(), actor, "letters.template", agency_id=agency.id, target=name,
                      detail={"reset": text is None})
        await uow.commit()
