"""Kinds of reply (art. 36 with arts. 14-16, 35, 37-39) keyed by their report row in table 三."""

from enum import StrEnum


class Outcome(StrEnum):
    GRANTED = "granted"  # （一）予以公开, art. 36(1)-(2)
    PARTIALLY_GRANTED = "partially_granted"  # （二）部分公开, art. 37
    WITHHELD_STATE_SECRET = "withheld_state_secret"  # （三）1, art. 14
    WITHHELD_PROHIBITED_BY_LAW = "withheld_prohibited_by_law"  # （三）2, art. 14
    WITHHELD_THREE_SAFETIES = "withheld_three_safeties"  # （三）3, art. 14
    WITHHELD_THIRD_PARTY = "withheld_third_party"  # （三）4, art. 15
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs"  # （三）5, art. 16
    WITHHELD_PROCESS_INFO = "withheld_process_info"  # （三）6, art. 16
    WITHHELD_ENFORCEMENT_FILE = "withheld_enforcement_file"  # （三）7, art. 16
    WITHHELD_ADMINISTRATIVE_QUERY = "withheld_administrative_query"  # （三）8, art. 36(7)
    UNAVAILABLE_NOT_HELD = "unavailable_not_held"  # （四）1, art. 36(4)-(5)
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation"  # （四）2, art. 38
    UNAVAILABLE_UNCLEAR = "unavailable_unclear"  # （四）3, art. 30
    REJECTED_PETITION = "rejected_petition"  # （五）1, art. 39
    REJECTED_DUPLICATE = "rejected_duplicate"  # （五）2, art. 36(6)
    REJECTED_PUBLICATION = "rejected_publication"  # （五）3, art. 39
    REJECTED_EXCESSIVE = "rejected_excessive"  # （五）4, art. 35
    REJECTED_CONFIRMATION = "rejected_confirmation"  # （五）5
    OTHER_NO_CORRECTION = "other_no_correction"  # （六）1, art. 30: no correction in time
    OTHER_UNPAID_FEE = "other_unpaid_fee"  # （六）2, art. 42: fee not paid in time
    OTHER_OTHER = "other_other"  # （六）3: withdrawn or otherwise ended

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def report_row_2019(self) -> str:
        """The 2019 template has a single （六） row."""
        return "other" if self.value.startswith("other_") else self.value


# "other" is the 2019 template's single （六） row; staff typing it mean 其他.
OUTCOME_ALIASES = {"other": Outcome.OTHER_OTHER}


def parse_outcome(key: str) -> Outcome:
    """The outcome for a report row key; ValueError names the key otherwise."""
    key = key.strip()
    if key in OUTCOME_ALIASES:
        return OUTCOME_ALIASES[key]
    try:
        return Outcome(key)
    except ValueError:
        raise ValueError(f"未知的办理结果“{key}”，可选：{'、'.join(o.value for o in Outcome)}") from None


OUTCOME_LABELS = {
    Outcome.GRANTED: "予以公开",
    Outcome.PARTIALLY_GRANTED: "部分公开",
    Outcome.WITHHELD_STATE_SECRET: "不予公开（属于国家秘密）",
    Outcome.WITHHELD_PROHIBITED_BY_LAW: "不予公开（其他法律行政法规禁止公开）",
    Outcome.WITHHELD_THREE_SAFETIES: "不予公开（危及“三安全一稳定”）",
    Outcome.WITHHELD_THIRD_PARTY: "不予公开（保护第三方合法权益）",
    Outcome.WITHHELD_INTERNAL_AFFAIRS: "不予公开（属于三类内部事务信息）",
    Outcome.WITHHELD_PROCESS_INFO: "不予公开（属于四类过程性信息）",
    Outcome.WITHHELD_ENFORCEMENT_FILE: "不予公开（属于行政执法案卷）",
    Outcome.WITHHELD_ADMINISTRATIVE_QUERY: "不予公开（属于行政查询事项）",
    Outcome.UNAVAILABLE_NOT_HELD: "无法提供（本机关不掌握相关政府信息）",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "无法提供（没有现成信息需要另行制作）",
    Outcome.UNAVAILABLE_UNCLEAR: "无法提供（补正后申请内容仍不明确）",
    Outcome.REJECTED_PETITION: "不予处理（信访举报投诉类申请）",
    Outcome.REJECTED_DUPLICATE: "不予处理（重复申请）",
    Outcome.REJECTED_PUBLICATION: "不予处理（要求提供公开出版物）",
    Outcome.REJECTED_EXCESSIVE: "不予处理（无正当理由大量反复申请）",
    Outcome.REJECTED_CONFIRMATION: "不予处理（要求行政机关确认或重新出具已获取信息）",
    Outcome.OTHER_NO_CORRECTION: "其他处理（逾期不补正）",
    Outcome.OTHER_UNPAID_FEE: "其他处理（逾期未缴费）",
    Outcome.OTHER_OTHER: "其他处理",
}
