"""Guide entries: loading and checking the packaged 政府信息公开指南 (config/guide.toml)."""

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import config
from disclosure.tracking import make_number

GUIDE_PATH = Path(config.__file__).with_name("guide.toml")
SYNONYMS_PATH = Path(config.__file__).with_name("synonyms.toml")

# A WeChat text bubble stays readable on a phone up to about this many characters.
MAX_ANSWER_CHARS = 300


class GuideError(ValueError):
    """The guide file is malformed; the message names the entry and the problem."""


@dataclass(frozen=True)
class GuideEntry:
    id: str
    topic: str
    question: str
    answer: str
    alternatives: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


def load_guide(path: Path | str | None = None) -> list[GuideEntry]:
    """The guide's entries, contact placeholders ({phone}, {address}, ...) filled from its [agency] table."""
    data = tomllib.loads(Path(path or GUIDE_PATH).read_text(encoding="utf-8"))
    # an example tracking number shaped like the ones issued (this year's 13th application)
    agency = {"example_number": make_number(date.today().year, 13)} | data.get("agency", {})
    entries = [_entry(raw, agency) for raw in data.get("entry", [])]
    if not entries:
        raise GuideError("指南中没有任何条目（[[entry]]）")
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise GuideError(f"条目编号重复：{entry.id}")
        seen.add(entry.id)
    return entries


def _entry(raw: dict, agency: dict[str, str]) -> GuideEntry:
    entry_id = raw.get("id", "?")
    for key in ("id", "topic", "question", "answer"):
        if not str(raw.get(key, "")).strip():
            raise GuideError(f"条目 {entry_id} 缺少 {key}")
    try:
        answer = raw["answer"].format_map(agency)
    except KeyError as missing:
        raise GuideError(f"条目 {entry_id} 引用了 [agency] 中没有的 {missing}") from None
    if len(answer) > MAX_ANSWER_CHARS:
        raise GuideError(f"条目 {entry_id} 的答案有 {len(answer)} 字，超过 {MAX_ANSWER_CHARS} 字")
    return GuideEntry(
        id=raw["id"],
        topic=raw["topic"],
        question=raw["question"],
        answer=answer,
        alternatives=tuple(raw.get("alternatives", ())),
        keywords=tuple(raw.get("keywords", ())),
    )


def load_synonyms(path: Path | str | None = None) -> dict[str, str]:
    """Variant -> canonical word, from config/synonyms.toml."""
    groups = tomllib.loads(Path(path or SYNONYMS_PATH).read_text(encoding="utf-8"))["groups"]
    table: dict[str, str] = {}
    for canonical, variants in groups.items():
        table[canonical] = canonical
        for variant in variants:
            table[variant.lower()] = canonical
    return table
