"""Each agency's document settings: its abbreviation, review body, contact, number series, templates.

Values come from config [letters] and are overridden per agency in the database (agency_settings, key
"letters.<name>"; templates under "template.<file>"). The agency values in config ([letters]
abbreviation, review_body, contact, phone, address, fee_payment) are the deployment's default agency's:
another agency on the same platform starts without them, so that no agency ever prints a neighbour's
review body, and must set its own before issuing.
"""

from dataclasses import dataclass

from disclosure.text import NOTE_MAX, clean_line

AGENCY_KEYS = {
    "abbreviation": "机关简称（发文字号）",
    "review_body": "行政复议机关",
    "contact": "联系人",
    "phone": "联系电话",
    "address": "通讯地址",
    "fee_payment": "信息处理费缴纳方式",
}
SHARED_KEYS = {
    "series_answer": "答复书、视为放弃告知书文号格式",
    "series_notice": "其他告知书、征求意见书文号格式",
    "series_receipt": "接收回执编号格式",
}
KEYS = AGENCY_KEYS | SHARED_KEYS
REQUIRED = ("abbreviation", "review_body", "contact", "phone")
PREFIX, TEMPLATE_PREFIX = "letters.", "template."


class SettingError(ValueError):
    """A setting that cannot be stored or is missing; the message says which and how to set it."""


@dataclass(frozen=True)
class AgencyLetters:
    code: str
    name: str
    values: dict[str, str]
    templates: dict[str, str]  # the agency's own template texts by file name

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def missing(self) -> list[str]:
        return [key for key in REQUIRED if not self.get(key)]

    def require(self) -> None:
        missing = self.missing()
        if missing:
            names = "、".join(AGENCY_KEYS[k] for k in missing)
            sets = " ".join(f"--set {k}=…" for k in missing)
            raise SettingError(f"本机关尚未设置{names}，请管理员设置（命令行 gongkai letter settings --agency {self.code} "
                               f"{sets}）。")

    def serial(self, series: str, year: int, number: int) -> str:
        return self.get(f"series_{series}").format(abbr=self.get("abbreviation"), year=year, n=number)


def resolve(settings, agency, stored: dict[str, str], default_code: str) -> AgencyLetters:
    """The effective settings of `agency` from config and its stored values."""
    config = settings.raw["letters"]
    values = {k: str(config[k]) for k in SHARED_KEYS}
    if agency.code == default_code:
        values |= {k: str(config[k]) for k in AGENCY_KEYS}
    values |= {k[len(PREFIX):]: v for k, v in stored.items() if k.startswith(PREFIX)}
    templates = {k[len(TEMPLATE_PREFIX):]: v for k, v in stored.items() if k.startswith(TEMPLATE_PREFIX)}
    return AgencyLetters(agency.code, agency.name, values, templates)


async def load(container, uow, agency) -> AgencyLetters:
    return resolve(container.settings, agency, await uow.letters.settings(agency.id), container.default_agency)


def checked(key: str, value: str) -> str | None:
    """The value to store for `key` ("" clears it), or SettingError naming the problem."""
    if key not in KEYS:
        raise SettingError(f"未知的设置项“{key}”，可选：{'、'.join(KEYS)}")
    value = clean_line(value, KEYS[key], NOTE_MAX) if value.strip() else ""
    if key.startswith("series_") and value and ("{n}" not in value or "{year}" not in value):
        raise SettingError(f"{KEYS[key]}应包含 {{year}}（年份）和 {{n}}（序号），例如 {{abbr}}公复〔{{year}}〕{{n}}号")
    if key.startswith("series_") and value:
        try:
            value.format(abbr="", year=2026, n=1)
        except (KeyError, IndexError, ValueError):
            raise SettingError(f"{KEYS[key]}只能使用 {{abbr}}、{{year}}、{{n}} 三个占位符") from None
    return value or None


async def show(container, agency_code: str | None = None) -> dict:
    """The effective settings with their labels and what is still missing."""
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        effective = await load(container, uow, agency)
    return {"agency": effective.code, "agency_name": effective.name,
            "settings": [{"key": k, "label": label, "value": effective.get(k)} for k, label in KEYS.items()],
            "missing": effective.missing(), "templates": sorted(effective.templates)}


async def update(container, changes: dict[str, str], agency_code: str | None = None, actor: str = "cli") -> dict:
    """Store an agency's own values (an empty value returns a key to its default)."""
    cleaned = {key: checked(key, value) for key, value in changes.items()}
    async with container.uow() as uow:
        agency = await uow.agencies.get(agency_code or container.default_agency)
        for key, value in cleaned.items():
            await uow.letters.set_setting(agency.id, PREFIX + key, value, container.now())
        uow.audit.add(container.now(), actor, "letters.settings", agency_id=agency.id, detail={"keys": sorted(cleaned)})
        await uow.commit()
    return await show(container, agency_code)
