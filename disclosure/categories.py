"""Who applies and how the application arrives (arts. 29 and 31)."""

from enum import StrEnum


class ApplicantCategory(StrEnum):
    """Applicant columns of report table 三 (art. 29; 国办公开办函〔2019〕60号)."""

    NATURAL_PERSON = "natural_person"  # 自然人
    COMMERCIAL = "commercial"  # 法人或其他组织：商业企业
    RESEARCH = "research"  # 科研机构
    SOCIAL_WELFARE = "social_welfare"  # 社会公益组织
    LEGAL_SERVICE = "legal_service"  # 法律服务机构
    OTHER_ORG = "other_org"  # 其他

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]

    @property
    def is_organisation(self) -> bool:
        return self is not ApplicantCategory.NATURAL_PERSON


CATEGORY_LABELS = {
    ApplicantCategory.NATURAL_PERSON: "自然人",
    ApplicantCategory.COMMERCIAL: "商业企业",
    ApplicantCategory.RESEARCH: "科研机构",
    ApplicantCategory.SOCIAL_WELFARE: "社会公益组织",
    ApplicantCategory.LEGAL_SERVICE: "法律服务机构",
    ApplicantCategory.OTHER_ORG: "其他",
}


class Channel(StrEnum):
    """How an application arrives; each fixes its day of receipt (art. 31)."""

    IN_PERSON = "in_person"  # 当面提交：提交之日
    POST = "post"  # 邮寄：签收之日 / 确认之日
    ONLINE = "online"  # 网站：双方确认之日
    WECHAT = "wechat"  # 微信公众号：申请人确认且系统回执之日
    FAX = "fax"  # 传真：双方确认之日

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.POST: "邮寄",
    Channel.ONLINE: "网站",
    Channel.WECHAT: "微信公众号",
    Channel.FAX: "传真",
}
