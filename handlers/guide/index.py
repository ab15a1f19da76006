"""Finding the guide entry that answers a citizen's question, and knowing when none does."""

import weakref
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache, partial

from handlers.guide.bm25 import BM25
from handlers.guide.content import GuideEntry, load_synonyms
from handlers.guide.scope import load_scope
from handlers.guide.text import Analyzer, bigrams, normalise

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
# Weight of the closest single phrasing (question or alternative) next to the entry-wide BM25 rank: a
# paraphrase usually resembles one way of asking as a whole, not scattered words of a long entry.
PHRASING_SHARE = 0.5
# Confidence: this share from how much of the question the entry covers, the rest from how close the
# question is to one of its phrasings (coverage alone trusts a short question sharing one rare word).
CONF_MIX = 0.5
# Calibrated on the development part of tests/data/guide_questions.toml only (bench/guide_accuracy.py).
THRESHOLD = 0.3
# Below this confidence an entry is not worth suggesting even as "您是不是想问".
SUGGEST_FLOOR = 0.25
RELATED_SHARE = 0.35
MAX_RELATED = 3
# Distinct normalised questions whose answers are kept (a few hundred kilobytes).
CACHE_SIZE = 4096


@dataclass(frozen=True)
class GuideAnswer:
    """The best entry (None if nothing matched at all or the question is about another department's
    service), confidence in [0, 1], and up to 3 related entries. Frozen: the cache hands out one object
    to everyone asking the same normalised question.

    When `confident` is False the entry must not be sent as the answer; `related` then holds suggestions.
    """

    entry: GuideEntry | None
    score: float
    confident: bool
    related: tuple[GuideEntry, ...]


class GuideIndex:
    def __init__(
        self, entries: list[GuideEntry], synonyms: dict[str, str] | None = None, threshold: float = THRESHOLD,
        cache_size: int = CACHE_SIZE,
    ):
        self.entries = list(entries)
        self.threshold = threshold
        self.scope = load_scope()
        vocabulary = [*(k for e in self.entries for k in e.keywords), *sorted(self.scope.vocabulary)]
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
        phrasings = [(i, p) for i, e in enumerate(self.entries) for p in (e.question, *e.alternatives)]
        self._phrasing_entry = [i for i, _ in phrasings]
        self._word_phrasings = _Phrasings([set(self.analyzer.words(p)) for _, p in phrasings], self._words)
        self._gram_phrasings = _Phrasings([set(bigrams(p)) for _, p in phrasings], self._grams)
        # Citizens ask the same few things over and over; the answer depends on the normalised text only.
        # Through a weak proxy: a bound method would tie cache and index in a cycle that only a full
        # collection frees, and a replaced index (some 40,000 objects) then cost a 0.1 s pause under load.
        self._recent = lru_cache(maxsize=cache_size)(partial(GuideIndex._answer, weakref.proxy(self)))

    def answer(self, question: str) -> GuideAnswer:
        return self._recent(normalise(question))

    def _answer(self, question: str) -> GuideAnswer:
        words, grams = self.analyzer.words(question), bigrams(question)
        if self.scope.outside(words):
            return GuideAnswer(None, 0.0, False, ())
        word_scores, gram_scores = self._words.scores(words), self._grams.scores(grams)
        bm25 = [w + BIGRAM_SHARE * g for w, g in zip(word_scores, gram_scores, strict=True)]
        top = max(bm25)
        if top <= 0:
            return GuideAnswer(None, 0.0, False, ())
        closeness = self._closeness(words, grams)
        ranking = [b / top + PHRASING_SHARE * c for b, c in zip(bm25, closeness, strict=True)]
        order = sorted(range(len(self.entries)), key=lambda i: -ranking[i])
        best = order[0]
        terms = _Terms(words, self._words), _Terms(grams, self._grams)
        confidence = self._confidence(best, *terms, closeness[best])
        confident = confidence >= self.threshold
        if confident:
            others = [i for i in order[1:] if ranking[i] >= RELATED_SHARE * ranking[best]]
        else:
            others = [i for i in order if self._confidence(i, *terms, closeness[i]) >= SUGGEST_FLOOR]
        related = tuple(self.entries[i] for i in others[:MAX_RELATED])
        return GuideAnswer(self.entries[best], round(confidence, 3), confident, related)

    def _confidence(self, i: int, words: "_Terms", grams: "_Terms", closeness: float) -> float:
        """Share of the question's telling words (or, for typos, bigrams) that entry i accounts for."""
        word_cover = words.coverage(self._head_words[i], self._body_words[i])
        gram_cover = grams.coverage(self._head_grams[i], self._body_grams[i])
        cover = max(word_cover, gram_cover) if not words.weights else max(word_cover, GRAM_CONFIDENCE * gram_cover)
        return CONF_MIX * cover + (1 - CONF_MIX) * closeness

    def _closeness(self, words: list[str], grams: list[str]) -> list[float]:
        """Per entry, the idf-weighted cosine between the question and its closest phrasing."""
        best = [0.0] * len(self.entries)
        entry_of = self._phrasing_entry
        for phrasings, terms, share in ((self._word_phrasings, words, 1.0),
                                        (self._gram_phrasings, grams, GRAM_CONFIDENCE)):
            shared, scale = phrasings.shared(set(terms))
            inverse = phrasings.inverse_roots
            for p, s in shared.items():
                cosine, i = s * scale * inverse[p], entry_of[p]
                if share * cosine > best[i]:
                    best[i] = share * cosine
        return best


class _Phrasings:
    """Term sets of every phrasing with an inverted index: a question is compared only with the
    phrasings it shares a term with (the others have cosine 0), and their norms are computed once."""

    def __init__(self, phrasings: list[set[str]], bm25: BM25):
        self.bm25 = bm25
        norms = [sum(bm25.weight(t) ** 2 for t in terms) for terms in phrasings]
        self.inverse_roots = [norm ** -0.5 if norm else 0.0 for norm in norms]  # a termless one shares none
        # Each term's squared weight beside the phrasings holding it, computed once.
        self.postings: dict[str, tuple[float, list[int]]] = {}
        for p, terms in enumerate(phrasings):
            for t in terms:
                self.postings.setdefault(t, (bm25.weight(t) ** 2, []))[1].append(p)

    def shared(self, query: set[str]) -> tuple[dict[int, float], float]:
        """The dot product with each phrasing sharing a term with `query`, by phrasing number, and the
        query's inverse norm: their product with inverse_roots[p] is the idf-weighted cosine."""
        shared: dict[int, float] = {}
        get = shared.get
        for t in query:
            w2, holders = self.postings.get(t, _NOWHERE)
            for p in holders:
                shared[p] = get(p, 0.0) + w2
        if not shared:
            return shared, 0.0
        return shared, sum(self.bm25.weight(t) ** 2 for t in query) ** -0.5


def _weighted(head: list[str], body: list[str]) -> Counter:
    counts = Counter(head)
    for term in body:
        counts[term] += BODY_WEIGHT
    return counts


_NOWHERE = (0.0, ())


class _Terms:
    """A question's distinct terms with their weights, weighed once for every entry it is held against."""

    def __init__(self, terms: list[str], bm25: BM25):
        self.weights = [(t, bm25.weight(t)) for t in set(terms)]
        self.total = sum(w for _, w in self.weights)

    def coverage(self, head: set[str], body: set[str]) -> float:
        """The weighted share of the terms an entry holds: fully in its question and phrasings, partly in
        its answer."""
        if not self.total:
            return 0.0
        found = sum(w * (1.0 if t in head else BODY_MATCH if t in body else 0.0) for t, w in self.weights)
        return found / self.total
