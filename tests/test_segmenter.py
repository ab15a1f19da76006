"""The compact segmenter cuts exactly as jieba does (its dictionary, HMM off), with our words added."""

import jieba
import pytest

from bench.guide_accuracy import labelled
from handlers.guide import GuideIndex, load_guide
from handlers.guide.segmenter import Dictionary, Segmenter, build, jieba_dictionary, shared_dictionary
from handlers.guide.text import ADDED_WORD_FREQ, Analyzer, normalise

HOSTILE = ["ETC卡12328热线怎么办", "C++与c#、AT&T的3.5版", "第2024-0123号文件\r\n下一行\t制表", "  前后空格  ",
           "ｆｕｌｌ　ｗｉｄｔｈ１２３", "😀表情和\u200b零宽", "一" * 300, "", "a", "。，！"]


@pytest.fixture
def reference():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _texts() -> list[str]:
    entries = load_guide()
    texts = [q for q, _, _ in labelled()] + HOSTILE
    for e in entries:
        texts += [e.question, e.answer, *e.alternatives, *e.keywords]
    return texts


def test_every_guide_text_and_question_is_cut_as_jieba_cuts_it(reference):
    vocabulary = GuideIndex(load_guide()).analyzer.vocabulary
    for word in vocabulary:
        reference.add_word(word, freq=ADDED_WORD_FREQ)
    ours = Segmenter(shared_dictionary(), vocabulary, ADDED_WORD_FREQ)
    texts = _texts()
    for text in texts + [normalise(t) for t in texts]:
        assert list(ours.cut(text)) == list(reference.cut(text, HMM=False)), text
    for word in ("政府", "信息公开", "补正", "多长时间", "政", "不存在的词语"):
        assert ours.freq(word) == (reference.FREQ.get(word) or 0), word


def test_the_dictionary_is_jieba_s_own(reference):
    dictionary = shared_dictionary()
    assert dictionary.total == reference.total
    assert [dictionary.freq(w) for w in ("的", "政府", "公开", "B超")] == [reference.FREQ[w] for w in ("的", "政府", "公开", "B超")]


def test_a_word_listed_twice_keeps_its_last_frequency(tmp_path):
    source, target = tmp_path / "dict.txt", tmp_path / "dict.bin"
    source.write_text("信息 5 n\n公开 7 v\n信息 9 n\n", encoding="utf-8")
    build(source, target)
    built = Dictionary(target)
    assert (built.total, built.freq("信息"), built.freq("公开"), built.freq("信")) == (21, 9, 7, 0)
    assert list(Segmenter(built).cut("信息公开了")) == ["信息", "公开", "了"]
    assert jieba_dictionary().name == "dict.txt"


def test_each_index_has_its_own_words_and_total():
    """jieba's shared tokenizer grew its total with every index built; an Analyzer's words stay its own."""
    one, two = Analyzer({}, ["公交线路批复"]), Analyzer({}, [])
    assert "公交线路批复" in one.words("公交线路批复文件")
    assert "公交线路批复" not in two.words("公交线路批复文件")
