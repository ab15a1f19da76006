"""The documents' wording: Jinja2 text templates, packaged defaults (handlers/letters/templates/) that an
agency may override file by file in the database (agency_settings "template.<file>", see
`gongkai letter template`), so every instance of a multi-instance deployment uses the same wording.

Templates render the body only; each non-empty line is one paragraph. The frame around it (heading,
number, addressee, the remedies, signature, date, contact) is composed in code, so that no template
can drop the remedy clause. Staff edit templates, so they run sandboxed, and an unknown name is an
error rather than a silently empty sentence.
"""

from datetime import date
from functools import lru_cache

from jinja2 import ChoiceLoader, DictLoader, PackageLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from handlers.reminders.template_fields import zh_date

NAMES = ("receipt", "correction", "extension", "consultation", "consultation-notice", "joint-consultation",
         "third-party-notice", "fee", "abandoned", "answer", "answer-granted", "answer-partial", "answer-withheld",
         "answer-query", "answer-not-held", "answer-creation", "answer-unclear", "answer-petition",
         "answer-duplicate", "answer-publication", "answer-excessive", "answer-confirmation", "answer-other")
PACKAGED = PackageLoader("handlers.letters", "templates")


class TemplateProblem(ValueError):
    """A template that does not parse or render; the message names the file and the line."""


def _day(value) -> str:
    if not value:
        return "____年__月__日"
    return zh_date(value if isinstance(value, date) else date.fromisoformat(value))


def _environment(overrides: dict[str, str]) -> SandboxedEnvironment:
    loader = ChoiceLoader([DictLoader({f"{k}.txt": v for k, v in overrides.items()}), PACKAGED])
    env = SandboxedEnvironment(loader=loader, undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters["d"] = _day
    return env


@lru_cache(maxsize=64)
def _cached(overrides: tuple[tuple[str, str], ...]) -> SandboxedEnvironment:
    return _environment(dict(overrides))


def render(name: str, context: dict, overrides: dict[str, str]) -> list[str]:
    """The paragraphs of template `name` (an agency's own version first)."""
    env = _cached(tuple(sorted(overrides.items())))
    try:
        text = env.get_template(f"{name}.txt").render(context)
    except TemplateError as err:
        where = f"第{err.lineno}行：" if getattr(err, "lineno", None) else ""
        raise TemplateProblem(f"文书模板 {name} 有误（{where}{err.message or err}）") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def packaged(name: str) -> str:
    source, _, _ = PACKAGED.get_source(_environment({}), f"{name}.txt")
    return source


def check(name: str, text: str) -> None:
    """Refuse a template that does not parse (TemplateProblem names the line)."""
    if name not in NAMES:
        raise TemplateProblem(f"没有名为“{name}”的文书模板，可选：{'、'.join(NAMES)}")
    try:
        _environment({}).parse(text)
    except TemplateError as err:
        raise TemplateProblem(f"文书模板 {name} 有误（第{err.lineno}行：{err.message}）") from None
