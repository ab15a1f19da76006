"""The two national templates of the annual report's tables, as data.

"2019" is 国办公开办函〔2019〕60号 (report years 2019–2020); "2021" is 国办公开办函〔2021〕30号 (report
years 2021 on). Keys are those of the public JSON contract (report-json.md) and must not change.
"""

from dataclasses import dataclass

from disclosure.categories import ApplicantCategory
from disclosure.outcomes import Outcome

COUNT, SIGNED, MONEY, AMOUNT = "count", "signed", "money", "amount"
DEFAULT_MONEY_UNIT = "元"


@dataclass(frozen=True)
class Field:
    """A row or column of a table: its contract key, its printed label, and the kind of number."""

    key: str
    label: str
    kind: str = COUNT  # COUNT: whole number; SIGNED: 本年增/减; MONEY: {"value", "unit"}; AMOUNT: decimal


@dataclass(frozen=True)
class Block:
    """One block of table 二, headed by the clause of art. 20 it reports on."""

    title: str
    rows: tuple[Field, ...]
    columns: tuple[Field, ...]


@dataclass(frozen=True)
class ResultRow:
    """A row of table 三; `group` is the （N）heading a numbered sub-item sits under."""

    key: str
    label: str
    group: str = ""
    is_result: bool = False  # under 三、本年度办理结果 and summed into （七）总计


@dataclass(frozen=True)
class Template:
    name: str
    document: str
    section2: tuple[Block, ...]
    section3: tuple[ResultRow, ...]

    def row(self, key: str) -> ResultRow:
        return next(r for r in self.section3 if r.key == key)

    @property
    def result_keys(self) -> tuple[str, ...]:
        """Rows （一）–（六） whose sum is （七）总计."""
        return tuple(r.key for r in self.section3 if r.is_result and r.key != "total_processed")


SECTION_TITLES = {"section2": "二、主动公开政府信息情况", "section3": "三、收到和处理政府信息公开申请情况",
                  "section4": "四、政府信息公开行政复议、行政诉讼情况"}
ORGANISATIONS = "法人或其他组织"  # the heading over table 三's five organisation columns
APPLICANT_COLUMNS = tuple(Field(c.value, c.label) for c in ApplicantCategory) + (Field("total", "总计"),)
SECTION4_GROUPS = (
    Field("review", "行政复议"),
    Field("direct_suit", "未经复议直接起诉"),
    Field("suit_after_review", "复议后起诉"),
)
SECTION4_COLUMNS = (
    Field("upheld", "结果维持"),
    Field("corrected", "结果纠正"),
    Field("other", "其他结果"),
    Field("pending", "尚未审结"),
    Field("total", "总计"),
)

_ITEMS_2019 = (Field("last_year_items", "上一年项目数量"), Field("change", "本年增/减", SIGNED))
_DECISIONS_2021 = (Field("decisions", "本年处理决定数量"),)

_SECTION2_2019 = (
    Block("第二十条第（一）项", (Field("regulations", "规章"), Field("normative_documents", "规范性文件")),
          (Field("new_made", "本年新制作数量"), Field("new_published", "本年新公开数量"),
           Field("total_published", "对外公开总数量"))),
    Block("第二十条第（五）项", (Field("licensing", "行政许可"), Field("other_services", "其他对外管理服务事项")),
          _ITEMS_2019 + (Field("decisions", "处理决定数量"),)),
    Block("第二十条第（六）项", (Field("penalty", "行政处罚"), Field("coercion", "行政强制")),
          _ITEMS_2019 + (Field("decisions", "处理决定数量"),)),
    Block("第二十条第（八）项", (Field("fees", "行政事业性收费"),), _ITEMS_2019),
    Block("第二十条第（九）项", (Field("procurement", "政府集中采购"),),
          (Field("items", "采购项目数量"), Field("amount", "采购总金额", MONEY))),
)
_SECTION2_2021 = (
    Block("第二十条第（一）项", (Field("regulations", "规章"), Field("normative_documents", "行政规范性文件")),
          (Field("issued", "本年制发件数"), Field("repealed", "本年废止件数"), Field("in_force", "现行有效件数"))),
    Block("第二十条第（五）项", (Field("licensing", "行政许可"),), _DECISIONS_2021),
    Block("第二十条第（六）项", (Field("penalty", "行政处罚"), Field("coercion", "行政强制")), _DECISIONS_2021),
    Block("第二十条第（八）项", (Field("fees", "行政事业性收费"),),
          (Field("amount_10k_yuan", "本年收费金额（单位：万元）", AMOUNT),)),
)


def _results(other_rows: tuple[ResultRow, ...]) -> tuple[ResultRow, ...]:
    withheld, unavailable, rejected = "（三）不予公开", "（四）无法提供", "（五）不予处理"
    return (
        ResultRow("new_received", "一、本年新收政府信息公开申请数量"),
        ResultRow("carried_over", "二、上年结转政府信息公开申请数量"),
        ResultRow("granted", "（一）予以公开", is_result=True),
        ResultRow("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", is_result=True),
        ResultRow("withheld_state_secret", "1.属于国家秘密", withheld, True),
        ResultRow("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", withheld, True),
        ResultRow("withheld_three_safeties", "3.危及“三安全一稳定”", withheld, True),
        ResultRow("withheld_third_party", "4.保护第三方合法权益", withheld, True),
        ResultRow("withheld_internal_affairs", "5.属于三类内部事务信息", withheld, True),
        ResultRow("withheld_process_info", "6.属于四类过程性信息", withheld, True),
        ResultRow("withheld_enforcement_file", "7.属于行政执法案卷", withheld, True),
        ResultRow("withheld_administrative_query", "8.属于行政查询事项", withheld, True),
        ResultRow("unavailable_not_held", "1.本机关不掌握相关政府信息", unavailable, True),
        ResultRow("unavailable_needs_creation", "2.没有现成信息需要另行制作", unavailable, True),
        ResultRow("unavailable_unclear", "3.补正后申请内容仍不明确", unavailable, True),
        ResultRow("rejected_petition", "1.信访举报投诉类申请", rejected, True),
        ResultRow("rejected_duplicate", "2.重复申请", rejected, True),
        ResultRow("rejected_publication", "3.要求提供公开出版物", rejected, True),
        ResultRow("rejected_excessive", "4.无正当理由大量反复申请", rejected, True),
        ResultRow("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", rejected, True),
        *other_rows,
        ResultRow("total_processed", "（七）总计", is_result=True),
        ResultRow("carried_forward", "四、结转下年度继续办理"),
    )


_OTHER = "（六）其他处理"
TEMPLATES = {
    "2019": Template("2019", "国办公开办函〔2019〕60号", _SECTION2_2019,
                     _results((ResultRow("other", _OTHER, is_result=True),))),
    "2021": Template("2021", "国办公开办函〔2021〕30号", _SECTION2_2021, _results((
        ResultRow("other_no_correction",
                  "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _OTHER, True),
        ResultRow("other_unpaid_fee",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _OTHER, True),
        ResultRow("other_other", "3.其他", _OTHER, True),
    ))),
}


def names(template: Template) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Each table's (rows, columns) by contract key, named as the published table prints them, for what
    staff read: 「（三）不予公开：1.属于国家秘密」, 「法人或其他组织：商业企业」. Table 四's rows are its
    groups (行政复议…), as its cells are keyed."""
    applicants = {c.key: c.label if c.key in ("natural_person", "total") else f"{ORGANISATIONS}：{c.label}"
                  for c in APPLICANT_COLUMNS}
    return {
        "section2": ({row.key: row.label for block in template.section2 for row in block.rows},
                     {c.key: c.label for block in template.section2 for c in block.columns}),
        "section3": ({r.key: f"{r.group}：{r.label}" if r.group else r.label for r in template.section3}, applicants),
        "section4": ({g.key: g.label for g in SECTION4_GROUPS}, {c.key: c.label for c in SECTION4_COLUMNS}),
    }


def template_for_year(year: int) -> Template:
    """The template a report for `year` must use; years before the 2019 statute have none."""
    if year < 2019:
        raise ValueError(f"{year}年的报告不适用现行《政府信息公开条例》的年度报告模板（2019年起）")
    return TEMPLATES["2019" if year <= 2020 else "2021"]


def outcome_row(outcome: Outcome, template: Template | str) -> str:
    """The table-三 row key an application with `outcome` is counted in under `template`."""
    name = template if isinstance(template, str) else template.name
    return outcome.report_row_2019 if name == "2019" else outcome.value


def empty_cell(field: Field, fill: int | None = 0):
    return {"value": fill, "unit": DEFAULT_MONEY_UNIT} if field.kind == MONEY else fill


def empty_report(year: int, *, template: Template | None = None, agency_name: str = "",
                 agency_code: str | None = None, source: str = "tally", fill: int | None = 0) -> dict:
    """A report dict in the contract's shape with every cell `fill` (0 for a tally, None for unknown)."""
    template = template or template_for_year(year)
    section2 = {row.key: {col.key: empty_cell(col, fill) for col in block.columns}
                for block in template.section2 for row in block.rows}
    section3 = {row.key: dict.fromkeys((c.key for c in APPLICANT_COLUMNS), fill) for row in template.section3}
    section4 = {g.key: dict.fromkeys((c.key for c in SECTION4_COLUMNS), fill) for g in SECTION4_GROUPS}
    return {
        "agency": {"code": agency_code, "name": agency_name},
        "year": year,
        "template": template.name,
        "source": source,
        "section2": section2,
        "section3": section3,
        "section4": section4,
        "checks": [],
    }
