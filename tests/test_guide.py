"""The guide: content faithful to the statute, retrieval that answers or honestly refuses."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from handlers.guide import GuideError, GuideIndex, format_reply, load_guide

QUESTIONS = Path(__file__).parent / "data" / "guide_questions.toml"


@pytest.fixture(scope="module")
def entries():
    return load_guide()


@pytest.fixture(scope="module")
def index(entries):
    return GuideIndex(entries)


def by_id(entries, entry_id):
    return next(e for e in entries if e.id == entry_id)


def test_guide_is_complete_and_phone_sized(entries):
    assert len(entries) >= 35
    assert len({e.id for e in entries}) == len(entries)
    for entry in entries:
        assert "{" not in entry.answer, entry.id  # every contact placeholder was filled
        assert len(entry.answer) <= 300, entry.id


@pytest.mark.parametrize(
    ("entry_id", "facts"),
    [
        ("deadline", ["20个工作日", "延长", "不计算在内"]),
        ("extension", ["20个工作日", "负责人同意"]),
        ("correction", ["7个工作日", "一次性", "重新计算", "放弃"]),
        ("third_party", ["15个工作日"]),
        ("fee_standard", ["10件", "100元", "30页", "10元", "20元", "40元"]),
        ("fee_payment", ["视为放弃", "不计入答复期限"]),
        ("review", ["60日", "牡丹江市人民政府"]),
        ("litigation", ["6个月"]),
        ("receipt_date", ["签收之日", "确认之日", "次日起算"]),
        ("organisation_apply", ["统一社会信用代码"]),
        ("annual_report", ["1月31日"]),
    ],
)
def test_answers_state_the_statute(entries, entry_id, facts):
    answer = by_id(entries, entry_id).answer
    for fact in facts:
        assert fact in answer, (entry_id, fact)


def test_contact_details_come_from_the_agency_table(entries):
    contact = by_id(entries, "contact").answer
    assert "0453-6250110" in contact and "157000" in contact


def write_guide(tmp_path, body):
    path = tmp_path / "guide.toml"
    path.write_text('[agency]\nphone = "1"\n' + body, encoding="utf-8")
    return path


ENTRY = '[[entry]]\nid = "{id}"\ntopic = "t"\nquestion = "q"\nanswer = "{answer}"\n'


def test_duplicate_ids_are_rejected(tmp_path):
    path = write_guide(tmp_path, ENTRY.format(id="a", answer="x") * 2)
    with pytest.raises(GuideError, match="重复"):
        load_guide(path)


def test_unknown_placeholder_is_rejected(tmp_path):
    path = write_guide(tmp_path, ENTRY.format(id="a", answer="{fax}"))
    with pytest.raises(GuideError, match="fax"):
        load_guide(path)


def test_overlong_answer_is_rejected(tmp_path):
    path = write_guide(tmp_path, ENTRY.format(id="a", answer="字" * 301))
    with pytest.raises(GuideError, match="301"):
        load_guide(path)


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("申请以后多久给答复", "deadline"),
        ("申请信息公开收费吗", "fees"),
        ("对答复不服能申请复议吗", "review"),
        ("补正是什么意思", "correction"),
        ("怎么撤回申请", "withdraw"),
        ("传真号码", "apply_fax"),
        ("申请要收费吗？？", "fees"),
        ("ＥＭＳ寄申请寄到哪", "apply_post"),
    ],
)
def test_clear_questions_find_their_entry(index, question, entry_id):
    answer = index.answer(question)
    assert answer.confident
    assert answer.entry.id == entry_id


@pytest.mark.parametrize(
    "question", ["今天天气怎么样", "帮我办驾驶证", "公交车几点收班", "", "？？？", "hello"]
)
def test_out_of_scope_is_refused(index, question):
    assert not index.answer(question).confident


def test_related_entries_are_other_entries(index):
    answer = index.answer("多久答复")
    assert 0 < len(answer.related) <= 3
    assert answer.entry not in answer.related


def test_reply_text_answers_or_refuses(index, entries):
    text = format_reply(index.answer("申请要多长时间答复"))
    assert text.startswith(by_id(entries, "deadline").answer)
    refusal = format_reply(index.answer("今天天气怎么样"))
    assert "抱歉" in refusal and "联系方式" in refusal


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [("申请信息公开能用护照吗", "identity_documents"), ("出租车投诉电话", "petition_not_disclosure")],
)
def test_other_services_words_with_a_disclosure_context_are_answered(index, question, entry_id):
    # 护照 names another department's service, but here it is an identity document for an application;
    # transport complaints are answered by the guide's 12328 entry.
    answer = index.answer(question)
    assert answer.confident and answer.entry.id == entry_id


@pytest.mark.parametrize("question", ["护照怎么办理", "驾照换证", "公交卡充值", "怎么注册公司", "社保查询"])
def test_other_departments_services_are_refused_without_suggestions(index, question):
    answer = index.answer(question)
    assert not answer.confident and answer.entry is None and answer.related == ()


def parts():
    """Development, held-out v1 and held-out v2 parts of the labelled set."""
    data = tomllib.loads(QUESTIONS.read_text(encoding="utf-8"))
    return [data, data["holdout"], data["holdout2"], data["holdout3"]]


def tally(index, part_list):
    """(hits, in-scope count, refused, out-of-scope count) over the given parts."""
    hits = inside = refused = outside = 0
    for part in part_list:
        for entry_id, questions in part["expected"].items():
            for question in questions:
                answer = index.answer(question)
                hits += answer.confident and answer.entry.id == entry_id
                inside += 1
        for question in part["out_of_scope"]["questions"]:
            refused += not index.answer(question).confident
            outside += 1
    return hits, inside, refused, outside


def test_labelled_set_is_large_and_covers_every_entry(entries):
    data = parts()
    assert sum(len(qs) for p in data for qs in p["expected"].values()) >= 150
    assert sum(len(p["out_of_scope"]["questions"]) for p in data) >= 30
    for part in data:
        assert set(part["expected"]) <= {e.id for e in entries}
    assert set(data[2]["expected"]) == {e.id for e in entries}  # held-out v2 asks about every entry


def test_accuracy_on_all_labelled_questions(index):
    # The target of the issue: ≥ 90% top-1 accuracy and ≥ 90% out-of-scope refusal (bench/guide_accuracy.py).
    hits, inside, refused, outside = tally(index, parts())
    assert hits / inside >= 0.90
    assert refused / outside >= 0.90


def test_accuracy_on_the_held_out_questions(index):
    # Never tuned on; floors just under the measured 87.6% / 92.9%, so that a regression fails.
    hits, inside, refused, outside = tally(index, parts()[1:])
    assert hits / inside >= 0.85
    assert refused / outside >= 0.90


def test_importing_does_not_load_jieba():
    code = "import sys, handlers.guide; print('jieba' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
