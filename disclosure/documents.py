"""Identity documents an applicant may prove who they are with (art. 29 身份证明), each number checked as
far as its format allows. Formats as published (sources in each check's comment); where a document has
no check character, its shape is all there is to check."""

import re
from enum import StrEnum

from disclosure.identity import InvalidIdentity, compact, gb11643_valid, normalize_id_number


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    PASSPORT = "passport"  # 护照
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证
    RESIDENCE_PERMIT = "residence_permit"  # 港澳台居民居住证
    FOREIGN_PERMANENT = "foreign_permanent"  # 外国人永久居留身份证

    @property
    def label(self) -> str:
        return DOCUMENT_LABELS[self]


DOCUMENT_LABELS = {
    DocumentType.RESIDENT_ID: "居民身份证",
    DocumentType.PASSPORT: "护照",
    DocumentType.HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    DocumentType.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    DocumentType.RESIDENCE_PERMIT: "港澳台居民居住证",
    DocumentType.FOREIGN_PERMANENT: "外国人永久居留身份证",
}
# 港澳台居民居住证: the 公民身份号码 scheme with address codes 810000 (Hong Kong), 820000 (Macao) and
# 830000 (Taiwan) (公安部《港澳台居民居住证申领发放办法》, 2018).
_RESIDENCE_PREFIXES = ("810000", "820000", "830000")


def _passport(value: str) -> str:
    # Chinese ordinary passports: E + 8 digits (to April 2017), then E + a letter other than I and O + 7
    # digits; older ones G + 8 digits; official D/S/P + E + 7 digits. Foreign passports have no common
    # scheme: ICAO Doc 9303 prints a document number of up to 9 letters or digits (longer ones exist).
    if value[:1] == "E" and len(value) == 9 and not re.fullmatch(r"E(\d{8}|[A-HJ-NP-Z]\d{7})", value):
        raise InvalidIdentity("中国普通护照号码为E加8位数字，或E加1个字母加7位数字（如EA1234567）。")
    if not re.fullmatch(r"[A-Z0-9]{5,17}", value) or not re.search(r"\d", value):
        raise InvalidIdentity("护照号码应为5至17位字母或数字，请按护照资料页右上角的号码输入。")
    return value


def _hk_macao(value: str) -> str:
    # H (Hong Kong) or M (Macao) + an 8-digit lifelong number; cards issued before 2013 add 2 digits
    # counting renewals (公安部出入境管理局, 2010: 11 characters, H/M + 10 digits).
    if not re.fullmatch(r"[HM]\d{8}(\d{2})?", value):
        raise InvalidIdentity("港澳居民来往内地通行证号码为H或M开头，后接8位（旧证10位）数字，如H12345678。")
    return value


def _taiwan(value: str) -> str:
    # An 8-digit lifelong number since 25 September 2008; older cards add 2 digits (issues) and, in
    # brackets, the issuing office's code (中新网, 2008-09-12).
    value = value.replace("(", "").replace(")", "").replace("（", "").replace("）", "")
    if not re.fullmatch(r"\d{8}(\d{2}[A-Z0-9]?)?", value):
        raise InvalidIdentity("台湾居民来往大陆通行证号码为8位数字（旧证10位数字，可带括号内的签发机关代码）。")
    return value


def _residence(value: str) -> str:
    value = normalize_id_number(value, "居住证号码")
    if not value.startswith(_RESIDENCE_PREFIXES):
        raise InvalidIdentity("港澳台居民居住证号码以810000（香港）、820000（澳门）或830000（台湾）开头，共18位。")
    return value


def _foreign_permanent(value: str) -> str:
    # The card issued from 1 December 2023 carries 18 characters: 17 digits, the first "9" marking a
    # foreigner, and a MOD 11-2 check character as in the 公民身份号码; cards issued before (the 2004
    # and 2017 versions) carry 15: 3 Latin letters (the nationality) and 12 digits (国家移民管理局
    # 《新版外国人永久居留身份证机读信息规则》, 2023).
    if re.fullmatch(r"[A-Z]{3}\d{12}", value):
        return value
    if not re.fullmatch(r"9\d{16}[\dX]", value):
        raise InvalidIdentity("外国人永久居留身份证号码为18位（9开头）；2023年12月前签发的为15位（3个字母加12位数字）。")
    if not gb11643_valid(value):
        raise InvalidIdentity("外国人永久居留身份证号码校验位不正确，请核对是否输错了某一位。")
    return value


_CHECKS = {
    DocumentType.RESIDENT_ID: normalize_id_number,
    DocumentType.PASSPORT: _passport,
    DocumentType.HK_MACAO_PERMIT: _hk_macao,
    DocumentType.TAIWAN_PERMIT: _taiwan,
    DocumentType.RESIDENCE_PERMIT: _residence,
    DocumentType.FOREIGN_PERMANENT: _foreign_permanent,
}


def normalize_document(kind: DocumentType, raw: str) -> str:
    """The number of a `kind` document as stored, or InvalidIdentity saying what is wrong."""
    return _CHECKS[kind](compact(raw))

