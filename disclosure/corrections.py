"""What a correction notice asks for (art. 30: 一次性告知申请人作出补正，说明需要补正的事项).

Staff write the items in one note, numbered or separated by ；or new lines; the applicant sees them
as a numbered list, in the WeChat notice, the chat and the written notice alike.
"""

import re

# A new item: after ；or a line break, or at a number ("2." "2、" "（二）" at the start or after a stop).
_SPLIT = re.compile(r"[；;\n]+|(?<!\d)\d{1,2}[、.．)）]\s*|(?:^|(?<=[\s，,。]))[(（]?[一二三四五六七八九十][、)）]\s*")


def correction_items(note: str | None) -> list[str]:
    """The items of a correction note, in order; one item when the note is a single sentence."""
    if not note:
        return []
    return [part.strip(" ，,。") for part in _SPLIT.split(note) if part and part.strip(" ，,。")]


def numbered_items(note: str | None) -> str:
    items = correction_items(note)
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1)) if len(items) > 1 else "".join(items)
