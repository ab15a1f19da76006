"""The data of every template message we send, in WeChat's category-template (类目模板) style.

Staff pick, in the 公众号 backend, templates with these keywords, in this order (a field's type is
its key without the number, and WeChat holds each value to the type's rules, errcode 47003):

    reminder, notice                        digest
    character_string1  编号 (number, year)   number1  件数 (applications due)   at most 32 digits
    thing2             事项                  thing2   事项                      at most 20 characters
    date3              期限/日期             date3    最早期限                  2024年10月15日
    thing4             下一步                thing4   备注                      at most 20 characters

A deadline is a day, so it goes in a `date` field: a `time` field wants a time of day (15:01) and
refuses a date alone. The old first/keyword/remark style is no longer shown by WeChat (since May 2023),
so it is not used. WeChat rejects a `thing` over 20 characters, hence the trimming here, not at send.
"""

from datetime import date

THING_MAX = 20
CHARACTER_STRING_MAX = 32


def _trim(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def template_fields(number: str, subject: str, when: date, next_step: str) -> dict[str, str]:
    """The reminder and notice templates' fields."""
    return {
        "character_string1": _trim(number, CHARACTER_STRING_MAX),
        "thing2": _trim(subject, THING_MAX),
        "date3": zh_date(when),
        "thing4": _trim(next_step, THING_MAX),
    }


def digest_template_fields(count: int, subject: str, first_due: date, note: str) -> dict[str, str]:
    """The digest template's fields: how many applications, not an application's number, come first."""
    return {"number1": str(count), "thing2": _trim(subject, THING_MAX), "date3": zh_date(first_due),
            "thing4": _trim(note, THING_MAX)}


def payload(template: str, fields: dict[str, str]) -> dict:
    """An outbox payload: which [templates] id to use (looked up at send time) and the fields."""
    return {"template": template, "data": fields}
