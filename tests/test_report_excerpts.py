"""The parts of real published reports that only their first ~2,000 characters hold.

tests/data/reports/excerpts/ keeps each stored page as it was stored; sources.toml gives its address.
Each test reads what the excerpt holds (title, table 二, the start of table 三, table 四, prose) with
the importer's own readers, and the numbers asserted are the page's.
"""

import tomllib
from pathlib import Path

import pytest

from disclosure.report.templates import TEMPLATES
from handlers.report import ReportImportError, parse_report
from handlers.report.document import Document
from handlers.report.heading import agency_and_year, read_title
from handlers.report.parts import find_headings, part_spans, read_prose
from handlers.report.sections import read_section2, read_section3, read_section4

EXCERPTS = Path(__file__).parent / "data" / "reports" / "excerpts"
SOURCES = tomllib.loads((EXCERPTS / "sources.toml").read_text(encoding="utf-8"))
ZEROS_2021 = {"regulations": {"issued": 0, "repealed": 0, "in_force": 0},
              "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
              "licensing": {"decisions": 0}, "penalty": {"decisions": 0}, "coercion": {"decisions": 0},
              "fees": {"amount_10k_yuan": 0}}
NO_CASES = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}


def excerpt(name: str) -> Document:
    return Document((EXCERPTS / f"{name}.txt").read_text(encoding="utf-8"))


def part(doc: Document, numeral: str) -> tuple[int, int]:
    return part_spans(doc, find_headings(doc))[numeral]


def title(doc: Document) -> tuple[str, int]:
    headings = find_headings(doc)
    return agency_and_year(doc, read_title(doc, headings["一"].end), headings["二"].start if "二" in headings
                           else len(doc.text))


def test_every_excerpt_has_its_source():
    assert {p.stem for p in EXCERPTS.glob("*.txt")} == set(SOURCES)
    assert all(s["url"].startswith("http") for s in SOURCES.values())


@pytest.mark.parametrize(("name", "agency", "year"), [
    ("taiping-2022", "太平镇人民政府", 2022),
    ("songmutang-2022", "桃江县松木塘镇人民政府", 2022),  # a page title without the agency comes first
    ("zhongcun-2020", "中村乡", 2020),  # breadcrumbs "首页 > … > 政务信息公开年报" before it
    ("tiebiancheng-2022", "铁边城镇", 2022),  # breadcrumbs naming 政府信息公开年报 before it
    ("wendeng-finance-2025", "威海市文登区财政局", 2025),  # the year on the title's second line
    ("yaozhou-audit-2020", "铜川市耀州区审计局", 2020),
    ("maoping-2022", "", 2022),  # no title line: the sentence naming the report is not taken for one
])
def test_title_gives_the_agency_and_the_year(name, agency, year):
    assert title(excerpt(name)) == (agency, year)


@pytest.mark.parametrize("name", ["taiping-2022", "maoping-2022", "tiebiancheng-2022"])
def test_2021_table_two_of_zeros_in_three_page_layouts(name):
    doc = excerpt(name)
    section2, uncertain, _ = read_section2(doc, TEMPLATES["2021"], *part(doc, "二"))
    assert (section2, uncertain) == (ZEROS_2021, [])


def test_2021_table_two_with_numbers_in_walled_rows():
    doc = excerpt("longgang-2024")
    section2, uncertain, _ = read_section2(doc, TEMPLATES["2021"], *part(doc, "二"))
    assert section2["normative_documents"] == {"issued": 5, "repealed": 1, "in_force": 25}
    assert {k: v for k, v in section2.items() if k != "normative_documents"} == {
        k: v for k, v in ZEROS_2021.items() if k != "normative_documents"}
    assert uncertain == []


def test_table_two_cut_off_before_its_last_row_leaves_that_row_blank_and_listed():
    doc = excerpt("songmutang-2022")  # the stored page ends inside "本年收费金额(单位:万"
    section2, uncertain, notes = read_section2(doc, TEMPLATES["2021"], *part(doc, "二"))
    assert section2["regulations"] == section2["normative_documents"] == {"issued": 2, "repealed": 0, "in_force": 2}
    assert section2["penalty"] == {"decisions": 9}
    assert section2["fees"] == {"amount_10k_yuan": None}
    assert [(u["row"], u["column"]) for u in uncertain] == [("fees", "amount_10k_yuan")]
    assert any("行政事业性收费" in n for n in notes)


@pytest.mark.parametrize("name", ["zhongcun-2020", "taojiang-audit-2020"])
def test_2019_table_two_with_headings_broken_over_lines(name):
    doc = excerpt(name)
    section2, uncertain, _ = read_section2(doc, TEMPLATES["2019"], *part(doc, "二"))
    made = 5 if name == "zhongcun-2020" else 2
    assert section2["normative_documents"] == {"new_made": made, "new_published": made, "total_published": made}
    assert section2["regulations"] == {"new_made": 0, "new_published": 0, "total_published": 0}
    assert section2["licensing"] == section2["penalty"] == {"last_year_items": 0, "change": 0, "decisions": 0}
    assert section2["fees"] == {"last_year_items": 0, "change": 0}
    procurement = {"items": 1, "amount": {"value": 8040, "unit": "元"}} if name == "zhongcun-2020" else {
        "items": 0, "amount": {"value": 0, "unit": "元"}}
    assert section2["procurement"] == procurement
    assert uncertain == []


def test_table_three_cut_in_a_row_keeps_the_rows_before_and_places_nothing_by_guess():
    doc = excerpt("longgang-2024")  # "7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 |" then the page ends
    section3, uncertain, notes = read_section3(doc, TEMPLATES["2021"], *part(doc, "三"))
    assert list(section3["new_received"].values()) == [58, 7, 0, 0, 1, 0, 66]
    assert list(section3["partially_granted"].values()) == [16, 1, 0, 0, 0, 0, 17]
    assert list(section3["withheld_internal_affairs"].values()) == [1, 0, 0, 0, 0, 0, 1]
    assert all(v is None for v in section3["withheld_enforcement_file"].values())
    assert all(v is None for v in section3["total_processed"].values())
    listed = {(u["row"], u["column"]) for u in uncertain}
    assert ("withheld_enforcement_file", "natural_person") in listed and ("carried_forward", "total") in listed
    assert any("只读到6个数" in n for n in notes)


@pytest.mark.parametrize("name", ["audit-flipbook-2020-p9", "wendeng-xinfang-2022-p8"])
def test_table_four_from_a_pdf_with_its_headings_broken_into_characters(name):
    doc = excerpt(name)
    section4, uncertain, _ = read_section4(doc, *part(doc, "四"))
    assert section4 == {"review": NO_CASES, "direct_suit": NO_CASES, "suit_after_review": NO_CASES}
    assert uncertain == []


def test_prose_of_part_one_is_kept_as_published():
    doc = excerpt("taiping-2022")
    prose = read_prose(doc, part_spans(doc, find_headings(doc)))
    assert prose["overview"].startswith("根据《中华人民共和国政府信息公开条例》(以下简称《条例》)")
    assert prose["overview"].endswith("政府信息公开工作取得一定成效。")


def test_an_excerpt_without_tables_three_and_four_is_refused_naming_where():
    with pytest.raises(ReportImportError, match=r"此行之后找不到“四、政府信息公开行政复议、行政诉讼情况”部分"):
        parse_report((EXCERPTS / "taiping-2022.txt").read_text(encoding="utf-8"))
