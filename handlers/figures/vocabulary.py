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
    (r"行政事业性收费|事业性收费|收费项目|收费事项", "fees"),
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

# Figures the tables do not hold, each with what to call it in the reply. Tried before any cell: a
# question about one of these must never be answered with the nearest cell's number ("2020年收费多少钱"
# had got （六）其他处理为0件). Fees an applicant pays are 信息处理费, which no table counts; table 二's
# 行政事业性收费 is named as such. A complaint or petition counts only as an application refused (表三).
UNHELD = _rules(
    (r"公众号|微信|微博|推送|新媒体|政务号|抖音|头条号|视频号", "政务新媒体的发布量"),
    (r"网上申请|网上提交|网站申请|(公众号|微信|当面|邮寄|传真|信函|电子邮件)(申请|提交|答复|送达)|渠道", "按申请渠道或答复方式分的数字"),
    (r"网站|网页|访问|浏览|点击|阅读量|下载量", "网站的访问量和发布量"),
    (r"(主动)?(公开|发布)了?(多少|几)[条篇]|[条篇](信息|文章|稿件)|主动公开.{0,6}(多少|几|数量)", "主动公开信息的条数"),
    (r"发布会|新闻|会议|培训|讲座|宣传", "发布会、会议和培训的场次"),
    (r"工作人员|编制|专职|兼职|多少(个|名)?(人员|员工|干部)", "工作人员的人数"),
    (r"预算|决算|经费|工资|支出|花了|花费|成本|办公费", "经费和开支"),
    (r"信息处理费|(?<!事业性)收费|收了多少钱|收[入益]|交了多少钱|缴了多少", "收取信息处理费的金额"),
    (r"罚款.{0,6}(金额|多少钱|元|万)|罚了多少钱|罚没", "罚款金额（表二只有处罚决定的件数）"),
    (r"热线|来电|电话|咨询", "咨询和热线来电"),
    (r"(投诉|举报|信访|来信|来访)(?!.{0,6}申请)", "投诉、举报、信访的件数（表三只统计以此为内容、不予处理的申请）"),
    (r"比例|比率|占比|百分|[^效]率|同比|环比|平均|人均|每天|每月|每周", "比例和平均数（表中只有件数）"),
    (r"\d{1,2}月|[一二三四五六七八九十]{1,2}月份?|哪个月|几月|季度|上半年|下半年|月份", "按月或按季度的数字（年度报告只有全年合计）"),
    (r"男|女|年龄|岁|性别|学历|户籍|外地|外国", "申请人的个人情况"),
    (r"区县|县区|乡镇|街道|哪个县|各县|各区|分地区", "分地区的数字"),
    (r"排名|第几|名次|最多的是|最多的|最少的", "排名"),
    (r"出租车|网约车|公交|客车|货车|车辆|线路|道路|公路|里程|公里|客运量|货运量|乘客|司机|驾驶员|船舶|港口|桥", "交通运输业务统计"),
    (r"事故|伤亡|死亡|受伤", "事故和伤亡"),
    (r"满意|好评|差评|评价|点赞", "满意度和评价"),
    (r"执法检查|检查了?(多少|几)|巡查|督查|整改", "检查、督查的次数"),
    (r"用时|天数|多少天答复|多快", "办理用时"),
)
# Without a year, a question on one of those is the guide's ("信息处理费多少钱" asks the standard),
# unless it names the report.
REPORT_WORDS = re.compile(r"年报|年度报告|工作报告|报告里|统计")
# "哪个月最多" asks for a figure too, though without 多少.
SUPERLATIVE = re.compile(r"最多|最少|排第|第几")
# Asking for money: only a money column (政府集中采购金额, 2021年起的行政事业性收费金额) may answer.
MONEY_CUE = re.compile(r"多少钱|金额|几元|多少元|万元|块钱")
