"""Tracking numbers citizens type on a phone: digits only, year first, one check digit against typos."""

import re


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def make_number(year: int, sequence: int) -> str:
    """e.g. year 2026, 17th application -> 2600017 (YY + at least 4-digit sequence + Luhn digit)."""
    body = f"{year % 100:02d}{sequence:04d}"
    return body + _luhn_digit(body)


_SEPARATOR = r"[\s\-－—#＃]"  # as citizens type a number: spaced, dashed, with #
_SEPARATORS = re.compile(_SEPARATOR)
# Digits (full-width ones too) and separators only: every other text is turned away at its first letter.
_CANDIDATE = re.compile(rf"(?:\d|{_SEPARATOR})+")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NUMBER = re.compile(r"\d{7,12}")


def normalize_number(raw: str) -> str | None:
    """The number as stored, or None if it cannot be one (wrong length or check digit)."""
    raw = raw.strip()
    if not _CANDIDATE.fullmatch(raw):
        return None
    digits = _SEPARATORS.sub("", raw).translate(_FULL_WIDTH)
    if not _NUMBER.fullmatch(digits) or _luhn_digit(digits[:-1]) != digits[-1]:
        return None
    return digits
