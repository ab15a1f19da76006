"""What citizens call the annual report's rows and columns, mapped to the keys of the report JSON contract.

Only colloquial wording lives here; the printed labels come from disclosure.report.templates.
Each list is tried in order and the first match wins, so narrower phrases come before the broader
ones they contain (复议后起诉 before 复议, 部分公开 before 公开).
"""

import re


def _rules(*pairs: tuple[str, str | tuple[str, ...]]) -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    return tuple((re.compile(p), (k,) if isinstance(k, str) else k) for p, k in pairs)


# Table 二: row key, then (column pattern, column key) by template; the last column rule has no pattern
# and is the default ("许可多少件" asks for 处理决定数量).
SECTION2_ROWS = _rules(
    (r"其他对外管理服务|对外管理服务|管理服务事项", "other_services"),
    (r"许可", "licensing"),
    (r"处罚|罚款|罚单", "penalty"),
    (r"强制", "coercion"),
    (r"行政事业性收费|事业性收费|收费项目|收费事项|收费金额|收了多少费", "fees"),
    (r"采购", "procurement"),
    (r"规范性文件", "normative_documents"),
    (r"规章", "regulations"),
)
_ITEMS = (r"项目|事项", "last_year_items")
_CHANGE = (r"增减|增/减|增加|减少|变化|新增", "change")
_DECISIONS = ("", "decisions")
SECTION2_COLUMNS = {
    "2019": {
        "licensing": (_CHANGE, _ITEMS, _DECISIONS),
        "other_services": (_CHANGE, _ITEMS, _DECISIONS),
        "penalty": (_CHANGE, _ITEMS, _DECISIONS),
        "coercion": (_CHANGE, _ITEMS, _DECISIONS),
        "fees": (_CHANGE, ("", "last_year_items")),
        "procurement": ((r"金额|多少钱|元", "amount"), ("", "items")),
        "regulations": (
            (r"总数|累计|总共", "total_published"),
            (r"新公开|公开", "new_published"),
            ("", "new_made"),
        ),
        "normative_documents": (
            (r"总数|累计|总共", "total_published"),
            (r"新公开|公开", "new_published"),
            ("", "new_made"),
        ),
    },
    "2021": {
        "licensing": (_DECISIONS,),
        "penalty": (_DECISIONS,),
        "coercion": (_DECISIONS,),
        "fees": (("", "amount_10k_yuan"),),
        "regulations": ((r"废止|废除", "repealed"), (r"现行|有效", "in_force"), ("", "issued")),
        "normative_documents": ((r"废止|废除", "repealed"), (r"现行|有效", "in_force"), ("", "issued")),
    },
}

_WITHHELD = (
    "withheld_state_secret",
    "withheld_prohibited_by_law",
    "withheld_three_safeties",
    "withheld_third_party",
    "withheld_internal_affairs",
    "withheld_process_info",
    "withheld_enforcement_file",
    "withheld_administrative_query",
)
_UNAVAILABLE = ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")
_REJECTED = (
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirmation",
)
_OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")

# Table 三 rows. "other" (2019) and the three 2021 rows are told apart in parse.py by the template.
SECTION3_ROWS = _rules(
    (r"结转下|结转到下|转入下|下一?年度?继续|未办结|没办完", "carried_forward"),
    (r"上一?年度?结转|结转过来|从上年", "carried_over"),
    (r"部分公开", "partially_granted"),
    (r"国家秘密", "withheld_state_secret"),
    (r"法律.{0,4}禁止|法规禁止|禁止公开", "withheld_prohibited_by_law"),
    (r"三安全|一稳定|危及", "withheld_three_safeties"),
    (r"第三方", "withheld_third_party"),
    (r"内部事务", "withheld_internal_affairs"),
    (r"过程性", "withheld_process_info"),
    (r"执法案卷", "withheld_enforcement_file"),
    (r"行政查询|查询事项", "withheld_administrative_query"),
    (r"不予公开|不公开|没公开|拒绝公开", _WITHHELD),
    (r"不掌握|没有掌握", "unavailable_not_held"),
    (r"另行制作|需要制作", "unavailable_needs_creation"),
    (r"仍不明确|不明确", "unavailable_unclear"),
    (r"无法提供|不能提供|没法提供", _UNAVAILABLE),
    (r"信访|举报|投诉", "rejected_petition"),
    (r"重复", "rejected_duplicate"),
    (r"出版物", "rejected_publication"),
    (r"大量|反复", "rejected_excessive"),
    (r"重新出具|要求.{0,4}确认", "rejected_confirmation"),
    (r"不予处理|不处理", _REJECTED),
    (r"不补正|未补正|没补正", "other_no_correction"),
    (r"未缴|不缴|没交费|没缴费|未按.{0,4}缴", "other_unpaid_fee"),
    (r"其他处理", "other"),
    (r"予以公开|同意公开|全部公开|公开了", "granted"),
    (r"办理结果|办结|办理了|处理了|办了多少|总计", "total_processed"),
    (
        r"收到|新收|收了|受理|申请了|申请数|申请量|多少[个件份]?(政府)?(信息公开)?申请|几[个件份](政府)?(信息公开)?申请",
        "new_received",
    ),
)
OTHER_ROWS = {"2019": ("other",), "2021": _OTHER_2021}
OTHER_2021_ROWS = frozenset(_OTHER_2021)

# Table 三 columns (applicant categories); narrower before broader, 法人 means all five organisation columns.
SECTION3_COLUMNS = _rules(
    (r"自然人|个人|公民|群众|老百姓|市民", "natural_person"),
    (r"商业企业|企业|公司", "commercial"),
    (r"科研", "research"),
    (r"公益", "social_welfare"),
    (r"法律服务|律师|律所", "legal_service"),
    (r"其他组织", "other_org"),
)
ORGANISATIONS = re.compile(r"法人|单位|组织|机构")
ORGANISATION_COLUMNS = ("commercial", "research", "social_welfare", "legal_service", "other_org")

# Table 四. 未经复议直接起诉 also contains 经复议…起诉, so direct suits come first.
SECTION4_ROWS = _rules(
    (r"直接起诉|未经复议|直接.{0,2}诉讼", "direct_suit"),
    (r"复议后.{0,2}(起诉|诉讼)|经复议.{0,2}(起诉|诉讼)", "suit_after_review"),
    (r"复议", "review"),
    (r"诉讼|起诉|官司|被告", ("direct_suit", "suit_after_review")),
)
SECTION4_COLUMNS = _rules(
    (r"维持", "upheld"),
    (r"纠正", "corrected"),
    (r"其他结果", "other"),
    (r"尚未审结|未审结|没审结|在审|还没结", "pending"),
)

# A question about a number; "多少天/几个工作日" asks about a deadline, "几种" about kinds, "几点" about
# office hours and "交多少(钱)" about the fee an applicant pays: none of them is a figure of the report.
COUNT_CUE = re.compile(r"多少|几[件起个宗次项份家]?|数量|总数|数据|统计|数字")
NOT_A_COUNT = re.compile(r"(多少|几)个?(工作日|天|日|小时|星期|周|月|种|类)|多长|几点|(交|缴|付)(多少|几)")
