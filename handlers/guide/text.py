"""Turning a citizen's message into search terms: jieba words folded by synonyms, plus character bigrams."""

import re
import unicodedata
from collections.abc import Iterable

from handlers.guide.segmenter import Segmenter, shared_dictionary

# Function words and bare question words carry no topic; dropping them keeps "怎么申请" about 申请.
STOPWORDS = frozenset(
    "的 了 吗 呢 啊 吧 呀 嘛 么 哦 呐 不 没 是 有 在 和 与 或 及 就 都 也 还 又 很 太 再 会 能 可以 可 要 "
    "想 得 着 过 给 把 被 让 从 对 向 于 以 为 这 那 这个 那个 一个 一下 一些 些 个 我 我们 我的 你 你们 "
    "您 他 她 它 他们 自己 请问 请 问 问一下 啥 什么 哪些 多少 几 是不是 "
    "能不能 可不可以 行不行 行 不行 可以吗 需要 需 应该 一定 必须 办 弄 搞 做 用 上 里 中 后 前 时 "
    "一 二 三 东西 事 事情 呗 咱 咱们 俺 这里 那里 这边 那边 这样 那样 现在 已经 然后 还是 直接 "
    "之前 以后 以前 的话 大概 好 能够 不是 没有 有没有 为啥 为什么 我要 想要 要不要 不要 来 去 跟 最 多 出来 会不会 有些 什么样 还有 只 只是 那么 这么 一本 一份 几份 打 意思 含义 定义 概念 是啥 叫 叫啥 啥叫 干 干啥 干嘛 "
    "知道 不知道 时候 的时候 该 回事 怎么回事 第一次 找 一下子 具体 情况 其实 麻烦 谢谢 您好 你好".split()
)
ADDED_WORD_FREQ = 5000
_PUNCT = re.compile(r"[^\w]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}|[a-z0-9]+")


class Analyzer:
    """Word and bigram terms for one text; the dictionary is loaded on first use, once per process."""

    def __init__(self, synonyms: dict[str, str], vocabulary: Iterable[str] = ()):
        self.synonyms = synonyms
        # Stopwords too, so that 能不能 is cut whole and dropped rather than leaving 不能 behind.
        self.vocabulary = sorted({w for w in (*synonyms, *vocabulary, *STOPWORDS) if len(w) > 1})
        self._segmenter: Segmenter | None = None

    def words(self, text: str) -> list[str]:
        """Canonical content words in order; a long word also yields its dictionary sub-words (政府信息 → 政府)."""
        segmenter = self._segment()
        terms = []
        for word in segmenter.cut(normalise(text)):
            if word.isspace() or word in STOPWORDS:
                continue
            if word in self.synonyms:
                terms.append(self.synonyms[word])
                continue
            terms.extend(self._parts(word, segmenter))
            terms.append(word)
        return terms

    def _parts(self, word: str, segmenter: Segmenter) -> list[str]:
        """Like jieba's search mode, but the parts are folded and filtered as words of their own."""
        parts = [word[i : i + n] for n in (2, 3) if len(word) > n for i in range(len(word) - n + 1)]
        parts = [self.synonyms.get(p, p) for p in parts if segmenter.freq(p) and p not in STOPWORDS]
        return [p for p in parts if p not in STOPWORDS]

    def _segment(self) -> Segmenter:
        if self._segmenter is None:
            # Frequent enough to beat a general word overlapping it (补正是 → 补正/是, not 补/正是).
            self._segmenter = Segmenter(shared_dictionary(), self.vocabulary, ADDED_WORD_FREQ)
        return self._segmenter


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, punctuation to spaces."""
    return _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def bigrams(text: str) -> list[str]:
    """Overlapping pairs of Chinese characters (they still match when a word is mistyped), and Latin words."""
    grams = []
    for run in _CJK_RUN.findall(normalise(text)):
        if run.isascii():  # a Latin or digit word (ETC, 12328) stays whole
            grams.append(run)
            continue
        grams.extend(g for g in (run[i : i + 2] for i in range(len(run) - 1)) if g not in STOPWORDS)
    return grams
