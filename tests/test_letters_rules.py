"""Which step calls for which document, the articles each kind of answer rests on, and the remedies every
answer states; the answers themselves composed from the packaged templates for every row of table 三."""

import itertools
from datetime import date

import pytest

from disclosure.answers import answer_basis, cite, cited
from disclosure.events import Action, Event
from disclosure.letters import CALLED_FOR, OBJECTED, Kind, all_documents, documents_for, missing, step_of
from disclosure.outcomes import Outcome
from disclosure.remedies import REVIEW_FIRST, remedies_for
from handlers.letters.template_admin import sample_document

# Every row of report table 三 and the articles of the 条例 its answer must cite (checked against the text
# of the 2019 条例). The sample history consulted a third party, so 4 cites art. 32 as well.
ARTICLES = {
    Outcome.GRANTED: ["第三十六条第（一）项", "第三十六条第（二）项"],  # the sample fills both parts
    Outcome.PARTIALLY_GRANTED: ["第三十七条", "第十五条", "第三十二条", "第三十六条第（三）项"],
    Outcome.WITHHELD_STATE_SECRET: ["第十四条", "第三十六条第（三）项"],
    Outcome.WITHHELD_PROHIBITED_BY_LAW: ["第十四条", "第三十六条第（三）项"],
    Outcome.WITHHELD_THREE_SAFETIES: ["第十四条", "第三十六条第（三）项"],
    Outcome.WITHHELD_THIRD_PARTY: ["第十五条", "第三十二条", "第三十六条第（三）项"],
    Outcome.WITHHELD_INTERNAL_AFFAIRS: ["第十六条第一款", "第三十六条第（三）项"],
    Outcome.WITHHELD_PROCESS_INFO: ["第十六条第二款", "第三十六条第（三）项"],
    Outcome.WITHHELD_ENFORCEMENT_FILE: ["第十六条第二款", "第三十六条第（三）项"],
    Outcome.WITHHELD_ADMINISTRATIVE_QUERY: ["第三十六条第（七）项"],
    Outcome.UNAVAILABLE_NOT_HELD: ["第三十六条第（五）项"],  # the sample names who holds it
    Outcome.UNAVAILABLE_NEEDS_CREATION: ["第三十八条"],
    Outcome.UNAVAILABLE_UNCLEAR: ["第三十条"],
    Outcome.REJECTED_PETITION: ["第三十九条第一款"],
    Outcome.REJECTED_DUPLICATE: ["第三十六条第（六）项"],
    Outcome.REJECTED_PUBLICATION: ["第三十九条第二款"],
    Outcome.REJECTED_EXCESSIVE: ["第三十五条"],
    Outcome.REJECTED_CONFIRMATION: ["第二条", "第三十八条"],
    Outcome.OTHER_NO_CORRECTION: ["第三十条"],
    Outcome.OTHER_UNPAID_FEE: ["第四十二条"],
    Outcome.OTHER_OTHER: [],
}
WITHHELD = {o for o in Outcome if o.value.startswith("withheld_")} | {Outcome.PARTIALLY_GRANTED}


def test_every_row_of_table_three_has_its_articles():
    assert set(ARTICLES) == set(Outcome)


@pytest.mark.parametrize("outcome", list(Outcome), ids=[o.value for o in Outcome])
def test_each_outcome_answer_names_its_articles_and_both_remedies(outcome):
    kind = Kind.ABANDONED if outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE) else Kind.ANSWER
    content = sample_document(kind, outcome)
    text = "".join(content["paragraphs"])
    assert content["basis"] == ARTICLES[outcome]
    for article in ARTICLES[outcome]:
        assert cited(article, text)
    if ARTICLES[outcome]:
        assert "《中华人民共和国政府信息公开条例》" in text
    remedy = content["remedies"]
    assert remedy in content["paragraphs"]
    assert "60日内向示例市人民政府申请行政复议" in remedy
    if outcome in WITHHELD:  # 行政复议法 art. 23(1)(4): review comes first
        assert "应当先" in remedy and "第二十三条第一款第（四）项" in remedy
        assert "收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼" in remedy
    else:
        assert "也可以自收到" in remedy and "6个月内依法向人民法院提起行政诉讼" in remedy


def test_granted_cites_item_one_when_already_public():
    assert answer_basis(Outcome.GRANTED, already_public=True) == ["第三十六条第（一）项"]
    assert answer_basis(Outcome.GRANTED, already_public=True, provided=True) == ["第三十六条第（一）项",
                                                                                  "第三十六条第（二）项"]
    assert answer_basis(Outcome.UNAVAILABLE_NOT_HELD) == ["第三十六条第（四）项"]


def test_items_of_one_article_name_it_once():
    both = cite(["第三十六条第（一）项", "第三十六条第（二）项"])
    assert both == "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项"
    assert cited("第三十六条第（二）项", both) and not cited("第三十六条第（三）项", both)
    assert cite(["第十四条", "第三十六条第（三）项"]) == "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"


def test_review_first_exactly_for_answers_that_withhold():
    assert REVIEW_FIRST == WITHHELD
    assert remedies_for(Kind.FEE, None, "某市人民政府").review_first is False
    assert remedies_for(Kind.CORRECTION, None, "某市人民政府") is None
    assert remedies_for(Kind.EXTENSION, None, "某市人民政府") is None


def history(*steps) -> list[Event]:
    days = iter(date(2026, 3, d) for d in range(2, 31))
    return [Event(Action.REGISTER, next(days))] + [Event(a, next(days), d) for a, d in steps]


def test_which_step_calls_for_which_document():
    events = history((Action.REQUEST_CORRECTION, {}), (Action.RECEIVE_CORRECTION, {}),
                     (Action.CONSULT, {"party": "甲公司"}), (Action.CONSULT_END, {"objected": True}),
                     (Action.CONSULT, {"party": "乙局", "party_kind": "agency"}), (Action.CONSULT_END, {}),
                     (Action.FEE_NOTICE, {}), (Action.FEE_PAID, {}), (Action.EXTEND, {"days": 5}),
                     (Action.CLOSE, {"outcome": "granted"}))
    calls = [(d.kind, d.seq, d.required) for i in range(len(events)) for d in documents_for(events, i)]
    assert calls == [
        (Kind.RECEIPT, 1, False), (Kind.CORRECTION, 2, True), (Kind.CONSULTATION, 4, True),
        (Kind.CONSULTATION_NOTICE, 4, False), (Kind.JOINT_CONSULTATION, 6, True), (Kind.FEE, 8, True),
        (Kind.EXTENSION, 10, True), (Kind.ANSWER, 11, True), (Kind.THIRD_PARTY_NOTICE, 11, True),
    ]
    issued = [("correction", 2), ("consultation", 4), ("fee", 8), ("answer", 11)]
    assert [(d.kind, d.seq) for d in missing(events, issued)] == [
        (Kind.JOINT_CONSULTATION, 6), (Kind.EXTENSION, 10), (Kind.THIRD_PARTY_NOTICE, 11)]


def test_abandonment_and_partial_answers():
    lapsed = history((Action.REQUEST_CORRECTION, {}), (Action.CLOSE, {"outcome": "other_no_correction"}))
    assert [d.kind for d in missing(lapsed, [("correction", 2)])] == [Kind.ABANDONED]
    assert step_of(Kind.ANSWER, lapsed) is None
    partial = history((Action.CONSULT, {}), (Action.CONSULT_END, {"objected": True}),
                      (Action.CLOSE, {"outcome": "partially_granted"}))
    # The withheld part may be the third party's: telling the third party is then optional, not missing.
    assert [d.kind for d in missing(partial, [("consultation", 2), ("answer", 4)])] == []
    assert step_of(Kind.THIRD_PARTY_NOTICE, partial).seq == 4


def test_a_step_struck_out_calls_for_no_document():
    events = history((Action.REQUEST_CORRECTION, {}), (Action.VOID, {"voids": 2}), (Action.CONSULT, {}),
                     (Action.CONSULT_END, {"objected": True}), (Action.VOID, {"voids": 5}),
                     (Action.CLOSE, {"outcome": "granted"}))
    # Neither the correction nor the objection counts: no correction notice, no notice to the third party.
    assert [(d.kind, d.seq) for d in missing(events, [("consultation", 4)])] == [(Kind.ANSWER, 7)]
    assert step_of(Kind.CORRECTION, events) is None


STEPS = [(Action.REQUEST_CORRECTION, {}), (Action.EXTEND, {}), (Action.CONSULT, {}),
         (Action.CONSULT, {"party_kind": "agency"}), (Action.CONSULT_END, {"objected": True}), (Action.FEE_NOTICE, {})]
CLOSES = [None, *((Action.CLOSE, {"outcome": o.value}) for o in (
    Outcome.GRANTED, Outcome.PARTIALLY_GRANTED, Outcome.OTHER_NO_CORRECTION, Outcome.WITHHELD_STATE_SECRET))]


def first_cut(events: list[Event], issued: set[tuple[str, int]]) -> bool:
    """The database's query (storage.letters.lacking) on one application, as it applies CALLED_FOR and OBJECTED."""
    step_lacks = any(e.action in CALLED_FOR and not any((k.value, seq) in issued for k in CALLED_FOR[e.action])
                     for seq, e in enumerate(events, 1))
    close, outcome, end, notice = OBJECTED
    closes = [e for e in events if e.action is close]
    disclosed = bool(closes) and closes[-1].get("outcome") == outcome.value  # the application's outcome column
    consulted = any(e.action is end for e in events)
    return step_lacks or any(e.action is close and disclosed and consulted and (notice.value, seq) not in issued
                             for seq, e in enumerate(events, 1))


def test_the_databases_first_cut_finds_every_application_missing_a_document():
    for n, close in itertools.product(range(4), CLOSES):  # an application closes once, at the end
        for steps in itertools.product(STEPS, repeat=n):
            events = history(*steps, *([close] if close else []))
            due = [(d.kind.value, d.seq) for d in all_documents(events)]
            for k in range(len(due) + 1):
                for issued in itertools.combinations(due, k):
                    if missing(events, issued):
                        assert first_cut(events, set(issued)), (steps, issued)


def test_a_withdrawal_calls_for_no_document():
    assert missing(history((Action.WITHDRAW, {})), []) == []


def test_the_answer_prints_the_delivery_way_and_the_address_where_the_record_has_one():
    content = sample_document(Kind.ANSWER, Outcome.GRANTED)  # the sample applicant chose post, with an address
    assert "（送达方式：邮寄，邮寄地址：示例地址）" in content["notes"]
    assert all("送达方式" not in note for note in sample_document(Kind.CORRECTION, Outcome.GRANTED)["notes"])
