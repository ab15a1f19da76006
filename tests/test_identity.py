"""Validation of the personal details an application carries, and tracking numbers."""

import pytest

from disclosure.identity import (
    InvalidIdentity,
    mask,
    normalize_credit_code,
    normalize_id_number,
    normalize_mobile,
)
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


def test_mobile_numbers():
    assert normalize_mobile("+86 138-0013-8000") == "13800138000"
    for bad in ("12800138000", "1380013800", "0451-6666666"):
        with pytest.raises(InvalidIdentity, match="11位"):
            normalize_mobile(bad)


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
