"""Validation of the personal details an application carries, and tracking numbers."""

import pytest

from disclosure.documents import DocumentType, normalize_document
from disclosure.identity import InvalidIdentity, mask, normalize_credit_code, normalize_id_number
from disclosure.phones import mask_phone, normalize_phone
from disclosure.tracking import make_number, normalize_number


def test_id_number_check_digit():
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"
    assert normalize_id_number(" 440524188001010014 ") == "440524188001010014"
    with pytest.raises(InvalidIdentity, match="校验位"):
        normalize_id_number("110105194912310021")
    with pytest.raises(InvalidIdentity, match="出生日期"):
        normalize_id_number("110105194913310025")
    with pytest.raises(InvalidIdentity, match="18位"):
        normalize_id_number("1101051949123100")


def test_credit_code_check_character():
    assert normalize_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(InvalidIdentity, match="校验位"):
        normalize_credit_code("91350100M000100Y44")
    with pytest.raises(InvalidIdentity, match="18位"):
        normalize_credit_code("91350100M000100YI3")


@pytest.mark.parametrize("raw, stored", [
    ("+86 138-0013-8000", "13800138000"), ("0086 13800138000", "13800138000"),
    ("0453-6250110", "0453-6250110"), ("（0453）6250110", "0453-6250110"), ("04536250110", "0453-6250110"),
    ("+86 453 6250110", "0453-6250110"), ("010-62345678", "010-62345678"), ("021 52345678", "021-52345678"),
    ("0453-6250110转801", "0453-6250110-801"),
])
def test_mobiles_and_landlines_with_area_code(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize("bad", ["12800138000", "1380013800", "6250110", "0453-0250110", "0453-62501", "电话", "453"])
def test_malformed_phones_say_both_forms(bad):
    with pytest.raises(InvalidIdentity, match="0453-6250110"):
        normalize_phone(bad)


# Numbers made for the test: check characters computed with GB 11643 MOD 11-2.
@pytest.mark.parametrize("kind, raw, stored", [
    (DocumentType.RESIDENT_ID, "11010519491231002x", "11010519491231002X"),
    (DocumentType.PASSPORT, "e12345678", "E12345678"),
    (DocumentType.PASSPORT, "EA1234567", "EA1234567"),
    (DocumentType.PASSPORT, "C01X00T47", "C01X00T47"),  # a foreign passport
    (DocumentType.HK_MACAO_PERMIT, "H12345678", "H12345678"),
    (DocumentType.HK_MACAO_PERMIT, "M1234567801", "M1234567801"),
    (DocumentType.TAIWAN_PERMIT, "12345678", "12345678"),
    (DocumentType.TAIWAN_PERMIT, "1234567801(B)", "1234567801B"),
    (DocumentType.RESIDENCE_PERMIT, "810000199001010019", "810000199001010019"),
    (DocumentType.RESIDENCE_PERMIT, "830000 19850615 0024", "830000198506150024"),
    (DocumentType.FOREIGN_PERMANENT, "911156198001010016", "911156198001010016"),
    (DocumentType.FOREIGN_PERMANENT, "USA110080101001", "USA110080101001"),  # issued before December 2023
])
def test_each_document_accepts_its_own_format(kind, raw, stored):
    assert normalize_document(kind, raw) == stored


@pytest.mark.parametrize("kind, raw, hint", [
    (DocumentType.PASSPORT, "EI1234567", "E加1个字母"),
    (DocumentType.PASSPORT, "ABCDEFG", "5至17位"),
    (DocumentType.HK_MACAO_PERMIT, "K12345678", "H或M开头"),
    (DocumentType.TAIWAN_PERMIT, "1234567", "8位数字"),
    (DocumentType.RESIDENCE_PERMIT, "11010519491231002X", "810000"),
    (DocumentType.RESIDENCE_PERMIT, "810000199001010010", "校验位"),
    (DocumentType.RESIDENCE_PERMIT, "810000199013010016", "出生日期"),
    (DocumentType.FOREIGN_PERMANENT, "911156198001010013", "校验位"),
    (DocumentType.FOREIGN_PERMANENT, "811156198001010016", "9开头"),
])
def test_each_document_says_what_is_wrong(kind, raw, hint):
    with pytest.raises(InvalidIdentity, match=hint):
        normalize_document(kind, raw)


def test_mask_keeps_only_ends():
    assert mask("13800138000") == "138****8000"


def test_tracking_numbers_carry_a_check_digit():
    number = make_number(2026, 17)
    assert number.startswith("260017") and len(number) == 7
    assert normalize_number(f" {number[:3]}-{number[3:]} ") == number
    assert normalize_number(number[:-1] + str((int(number[-1]) + 1) % 10)) is None
    other = make_number(2026, 1234)
    assert normalize_number(other[:2] + "21" + other[4:]) is None  # adjacent digits swapped
    assert make_number(2026, 200000).startswith("26200000")


def test_phones_are_masked_keeping_what_tells_them_apart():
    assert [mask_phone(p) for p in ("13800138000", "0453-6250110", "0453-6250110-801")] == [
        "138****8000", "0453-***0110", "0453-***0110-801"]
