"""Figures questions fall back to the tally of the agency's own records when no report was imported."""

from datetime import date

from disclosure.categories import ApplicantCategory, Channel
from disclosure.events import Action
from handlers.applications import service as svc
from handlers.figures import service as report_figures


def _reg(received: str, category=ApplicantCategory.NATURAL_PERSON) -> svc.Registration:
    return svc.Registration(channel=Channel.ONLINE, received_on=date.fromisoformat(received), category=category,
                            name="李四", request_text="某路段改造工程的环评批复")


async def test_question_about_a_year_without_import_is_answered_from_records(container):
    for received in ("2025-03-03", "2025-06-02"):
        await svc.register(container, _reg(received))
    n = (await svc.register(container, _reg("2025-07-01", ApplicantCategory.COMMERCIAL)))["number"]
    await svc.perform(container, n, Action.CLOSE, date(2025, 7, 20), {"outcome": "granted"})
    reply = await report_figures.answer(container, "mdj-jtj", "2025年收到多少政府信息公开申请")
    assert "本系统登记" in reply and "本年新收政府信息公开申请数量为3件" in reply
    granted = await report_figures.answer(container, "mdj-jtj", "2025年予以公开的有多少")
    assert "（一）予以公开为1件" in granted


async def test_running_year_is_labelled_a_draft_and_empty_year_has_no_number(container):
    await svc.register(container, _reg("2026-03-02"))
    reply = await report_figures.answer(container, "mdj-jtj", "今年收到多少申请")
    assert "截至2026-11-28" in reply and "数量为1件" in reply
    none = await report_figures.answer(container, "mdj-jtj", "2022年收到多少申请")
    assert none.startswith("暂无2022年")


async def test_an_imported_corpus_report_answers_like_a_tallied_year(container):
    """Shanghai's 2019 report, imported from a browser copy, answers as the tally of 2025 does."""
    from pathlib import Path

    from handlers.report.service import import_report
    corpus = Path(__file__).parent / "data" / "reports"
    await import_report(container, corpus / "shanghai-bgt-2019.web.txt", "mdj-jtj")
    received = await report_figures.answer(container, "mdj-jtj", "2019年收到多少政府信息公开申请")
    assert "859" in received and "2019" in received
    await svc.register(container, _reg("2025-07-01"))
    tallied = await report_figures.answer(container, "mdj-jtj", "2025年收到多少政府信息公开申请")
    # The same question, the same cell and wording; only the source named differs (report or records).
    same = lambda reply: reply[reply.index("（表三"):reply.index("数量为")]  # noqa: E731
    assert same(tallied) == same(received)
    review = await report_figures.answer(container, "mdj-jtj", "2019年行政复议有几起")
    assert "7" in review
    assert "2019" in await report_figures.menu_text(container, "mdj-jtj")
