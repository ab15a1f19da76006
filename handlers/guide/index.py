"""Finding the guide entry that answers a citizen's question, and knowing when none does."""

from collections import Counter
from dataclasses import dataclass

from handlers.guide.bm25 import BM25
from handlers.guide.content import GuideEntry, load_synonyms
from handlers.guide.text import Analyzer, bigrams

# An entry's question, alternatives and keywords say what it is about; its answer only mentions things.
BODY_WEIGHT = 0.3
# Share of a query term's weight earned when it appears only in an entry's answer.
BODY_MATCH = 0.5
# Bigram scores rank second: they rescue typos and words the segmenter cuts oddly.
BIGRAM_SHARE = 0.3
# A word no entry uses weighs this share of the rarest known word: citizens add fillers the guide never
# uses, while an out-of-scope question is mostly made of such words.
UNKNOWN_WEIGHT = 0.8
# Bigrams only vouch for part of the confidence: they also match by accident.
GRAM_CONFIDENCE = 0.7
# Calibrated on the development half of tests/data/guide_questions.toml (bench/guide_accuracy.py).
THRESHOLD = 0.35
# Below this confidence an entry is not worth suggesting even as "您是不是想问".
SUGGEST_FLOOR = 0.25
RELATED_SHARE = 0.35
MAX_RELATED = 3


@dataclass(frozen=True)
class GuideAnswer:
    """The best entry (None if nothing matched at all), confidence in [0, 1], and up to 3 related entries.

    When `confident` is False the entry must not be sent as the answer; `related` then holds suggestions.
    """

    question: str
    entry: GuideEntry | None
    score: float
    confident: bool
    related: tuple[GuideEntry, ...]


class GuideIndex:
    def __init__(
        self, entries: list[GuideEntry], synonyms: dict[str, str] | None = None, threshold: float = THRESHOLD
    ):
        self.entries = list(entries)
        self.threshold = threshold
        vocabulary = [k for e in self.entries for k in e.keywords]
        self.analyzer = Analyzer(load_synonyms() if synonyms is None else synonyms, vocabulary)
        heads = [" ".join((e.question, *e.alternatives, *e.keywords)) for e in self.entries]
        self._head_words = [set(self.analyzer.words(h)) for h in heads]
        self._body_words = [set(self.analyzer.words(e.answer)) for e in self.entries]
        self._head_grams = [set(bigrams(h)) for h in heads]
        self._body_grams = [set(bigrams(e.answer)) for e in self.entries]
        self._words = BM25(
            [
                _weighted(self.analyzer.words(h), self.analyzer.words(e.answer))
                for h, e in zip(heads, self.entries, strict=True)
            ],
            unknown=UNKNOWN_WEIGHT,
        )
        self._grams = BM25(
            [_weighted(bigrams(h), bigrams(e.answer)) for h, e in zip(heads, self.entries, strict=True)],
            unknown=UNKNOWN_WEIGHT,
        )

    def answer(self, question: str) -> GuideAnswer:
        words, grams = self.analyzer.words(question), bigrams(question)
        word_scores, gram_scores = self._words.scores(words), self._grams.scores(grams)
        ranking = [w + BIGRAM_SHARE * g for w, g in zip(word_scores, gram_scores, strict=True)]
        order = sorted(range(len(self.entries)), key=lambda i: -ranking[i])
        best = order[0]
        if ranking[best] <= 0:
            return GuideAnswer(question, None, 0.0, False, ())
        confidence = self._confidence(best, words, grams)
        confident = confidence >= self.threshold
        if confident:
            others = [i for i in order[1:] if ranking[i] >= RELATED_SHARE * ranking[best]]
        else:
            others = [i for i in order if self._confidence(i, words, grams) >= SUGGEST_FLOOR]
        related = tuple(self.entries[i] for i in others[:MAX_RELATED])
        return GuideAnswer(question, self.entries[best], round(confidence, 3), confident, related)

    def _confidence(self, i: int, words: list[str], grams: list[str]) -> float:
        """Share of the question's telling words (or, for typos, bigrams) that entry i accounts for."""
        word_cover = _coverage(words, self._words, self._head_words[i], self._body_words[i])
        gram_cover = _coverage(grams, self._grams, self._head_grams[i], self._body_grams[i])
        return max(word_cover, gram_cover) if not words else max(word_cover, GRAM_CONFIDENCE * gram_cover)


def _weighted(head: list[str], body: list[str]) -> Counter:
    counts = Counter(head)
    for term in body:
        counts[term] += BODY_WEIGHT
    return counts


def _coverage(terms: list[str], bm25: BM25, head: set[str], body: set[str]) -> float:
    unique = set(terms)
    total = sum(bm25.weight(t) for t in unique)
    if not total:
        return 0.0
    found = sum(bm25.weight(t) * (1.0 if t in head else BODY_MATCH if t in body else 0.0) for t in unique)
    return found / total
