"""The data of every template message we send, in WeChat's category-template (类目模板) style.

All three templates configured in [templates] (reminder, notice, digest) are expected to have the same
four fields, so staff pick, in the 公众号 backend, templates with these keywords:

    character_string1  编号       (application number, report year, count)   digits/letters, at most 32
    thing2             事项       (what happened or is due)                   at most 20 characters
    time3              期限/日期  (the date that matters, 2024年10月15日)
    thing4             下一步     (what happens next, or what to do)          at most 20 characters

The old first/keyword/remark style is no longer shown by WeChat (since May 2023), so it is not used.
WeChat rejects a `thing` value over 20 characters, hence the trimming here rather than at send time.
"""

from datetime import date

THING_MAX = 20
CHARACTER_STRING_MAX = 32


def _trim(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def template_fields(number: str, subject: str, when: date, next_step: str) -> dict[str, str]:
    return {
        "character_string1": _trim(number, CHARACTER_STRING_MAX),
        "thing2": _trim(subject, THING_MAX),
        "time3": zh_date(when),
        "thing4": _trim(next_step, THING_MAX),
    }


def payload(template: str, fields: dict[str, str]) -> dict:
    """An outbox payload: which [templates] id to use (looked up at send time) and the fields."""
    return {"template": template, "data": fields}
