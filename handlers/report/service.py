"""Use cases for the annual report (art. 50): tally, import, figures, drafts and renderings.

`get_report` is what answers figures questions: the report an agency published (imported) if one is
stored, else the tally from its records, else None, found with a few indexed probes.
"""

from dataclasses import dataclass, field
from pathlib import Path

from disclosure.report.figures import figure_field, figure_value, validate_figure
from disclosure.report.templates import TEMPLATES, Template, template_for_year
from disclosure.text import clean_text
from handlers.report import (
    ImportResult,
    parse_report,
    parse_report_docx,
    render_docx,
    render_json,
    render_markdown,
    render_text,
    render_xlsx,
)
from storage import register_queries
from storage.report_store import ReportStore
from storage.tally import has_records, tally

FORMATS = ("text", "md", "json", "docx", "xlsx")
BINARY_FORMATS = ("docx", "xlsx")
DRAFT_MAX = 20_000  # one prose part of the report: several printed pages
PARTS = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"}


class ReportError(ValueError):
    """A report that cannot be produced or stored as asked; the message is Chinese."""


class NoData(ReportError):
    """A year with nothing to report: no imported report, no records, no figures entered."""


@dataclass
class ImportOutcome:
    report: dict
    replaced: bool
    warnings: list[str] = field(default_factory=list)
    uncertain: list[dict] = field(default_factory=list)

    @property
    def failing(self) -> list[dict]:
        return [c for c in self.report["checks"] if not c["ok"]]


def _template(year: int, name: str | None) -> Template:
    if name is None:
        return template_for_year(year)
    if name not in TEMPLATES:
        raise ReportError(f"没有“{name}”模板，可选：{'、'.join(TEMPLATES)}")
    return TEMPLATES[name]


def _check_year(container, year: int) -> None:
    template_for_year(year)  # refuses years before the 2019 statute
    if year > container.today().year:
        raise ReportError(f"{year}年尚未开始，无法统计。")


async def tally_report(container, year: int, agency_code: str | None = None, template: str | None = None) -> dict:
    """The report counted from the records (a draft as of today while `year` runs)."""
    _check_year(container, year)
    chosen = _template(year, template)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        return await tally(uow.session, agency, year, chosen, container.today())


def _parse(path_or_text: str | Path) -> ImportResult:
    path = Path(path_or_text) if isinstance(path_or_text, Path) or "\n" not in path_or_text else None
    if path is None:
        return parse_report(path_or_text)
    if not path.is_file():
        raise ReportError(f"找不到文件：{path}")
    if path.suffix.lower() == ".docx":
        return parse_report_docx(path.read_bytes())
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Windows copies of Chinese reports are often GBK
        try:
            return parse_report(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ReportError(f"文件{path}既不是UTF-8也不是GBK编码的文本，请另存为UTF-8后再导入。")


async def import_report(container, path_or_text: str | Path, agency_code: str | None = None) -> ImportOutcome:
    """Read a published report (file path or its text) and store it as the agency's report of its year."""
    result = _parse(path_or_text)
    report = result.report
    warnings = list(result.warnings)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        published = report["agency"]["name"]
        if published and published != agency.name:
            warnings.append(f"报告中的机关名称“{published}”与机关“{agency.name}”（{agency.code}）不同，"
                            f"仍按{agency.code}保存")
        report["agency"] = {"code": agency.code, "name": published or agency.name}
        replaced = await ReportStore(uow.session).save_report(agency.id, report["year"], report)
        await uow.commit()
    if replaced:
        warnings.insert(0, f"已替换此前导入的{report['year']}年度报告。")
    return ImportOutcome(report, replaced, warnings, result.uncertain)


async def get_report(container, year: int, agency_code: str | None = None) -> dict | None:
    """The imported report of `year`, else its tally, else None when there is nothing to count."""
    if year < 2019 or year > container.today().year:
        return None
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        stored = await ReportStore(uow.session).report(agency.id, year)
        if stored is not None:
            return stored.data
        if not await has_records(uow.session, agency.id, year):
            return None
        return await tally(uow.session, agency, year, template_for_year(year), container.today())


async def set_figure(container, year: int, key: str, value: str, unit: str | None = None,
                     agency_code: str | None = None, actor: str = "cli") -> dict:
    """Enter one table-二 figure; checked against the template of `year`."""
    template = template_for_year(year)
    text, unit = validate_figure(template, key, value, unit)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        previous = await ReportStore(uow.session).set_figure(agency.id, year, key, text, unit)
        uow.audit.add(container.now(), actor, "report.figure", agency_id=agency.id, target=f"{year}:{key}")
        await uow.commit()
    view = _figure_view(template, key, text, unit)
    view["previous"] = _figure_view(template, key, previous.value, previous.unit)["value"] if previous else None
    return view


def _figure_view(template: Template, key: str, text: str, unit: str | None) -> dict:
    row, col = figure_field(template, key)
    return {"key": key, "label": f"{row.label}/{col.label}", "value": figure_value(col, text, unit)}


async def list_figures(container, year: int, agency_code: str | None = None) -> list[dict]:
    template = template_for_year(year)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        figures = await ReportStore(uow.session).figures(agency.id, year)
        return [_figure_view(template, f.key, f.value, f.unit) for f in figures]


async def set_draft(container, year: int, part: str, text: str, agency_code: str | None = None,
                    actor: str = "cli") -> dict:
    """Store a prose part (overview 一, problems 五, other 六) of the year's report."""
    if part not in PARTS:
        raise ReportError(f"没有“{part}”部分，可选：" + "、".join(f"{k}（{v}）" for k, v in PARTS.items()))
    text = clean_text(text, PARTS[part], DRAFT_MAX)
    template_for_year(year)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        replaced = await ReportStore(uow.session).set_draft(agency.id, year, part, text)
        uow.audit.add(container.now(), actor, "report.draft", agency_id=agency.id, target=f"{year}:{part}")
        await uow.commit()
    return {"year": year, "part": part, "title": PARTS[part], "replaced": replaced, "chars": len(text)}


async def get_drafts(container, year: int, agency_code: str | None = None) -> dict[str, str]:
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        return await ReportStore(uow.session).drafts(agency.id, year)


async def monthly_channels(container, year: int, agency_code: str | None = None) -> dict[tuple[int, str], int]:
    """Applications received in `year` per (month, channel)."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        return await register_queries.monthly_by_channel(uow.session, agency.id, year)


async def report_for(container, year: int, agency_code: str | None = None, template: str | None = None,
                     allow_empty: bool = False) -> dict:
    """The report to render: the imported one (its template is what was published), else the tally.

    A year with nothing behind it raises NoData rather than print a report of zeros nobody counted,
    unless `allow_empty` (an agency that truly received no application that year).
    """
    _check_year(container, year)
    _template(year, template)
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        stored = await ReportStore(uow.session).report(agency.id, year)
        data = stored.data if stored else None  # read inside the session: closing it expires the row
        empty = data is None and not await has_records(uow.session, agency.id, year)
    if empty and not allow_empty:
        raise NoData(f"{year}年没有可生成年度报告的数据：既没有导入的已发布报告，也没有申请、复议诉讼记录或录入的表二数据"
                     "（确无数据需出全零报告的，加 --empty）。")
    if data is None:
        return await tally_report(container, year, agency_code, template)
    if template not in (None, data["template"]):
        document = TEMPLATES[data["template"]].document
        raise ReportError(f"{year}年度报告是按{document}模板导入的已发布报告，不能改用{template}模板。")
    return data


def render_as(report: dict, drafts: dict, fmt: str) -> str | bytes:
    """`report` in `fmt` (text, md, json: str; docx, xlsx: bytes), with the staff's prose drafts."""
    renderers = {"text": lambda: render_text(report, drafts), "md": lambda: render_markdown(report, drafts),
                 "json": lambda: render_json(report), "docx": lambda: render_docx(report, drafts),
                 "xlsx": lambda: render_xlsx(report)}
    if fmt not in renderers:
        raise ReportError(f"不支持的格式“{fmt}”，可选：{'、'.join(FORMATS)}")
    return renderers[fmt]()


async def render(container, year: int, fmt: str, agency_code: str | None = None,
                 template: str | None = None, allow_empty: bool = False) -> str | bytes:
    """The year's report (imported, else tallied) in `fmt`, with the staff's drafts."""
    report = await report_for(container, year, agency_code, template, allow_empty)
    return render_as(report, await get_drafts(container, year, agency_code), fmt)
