"""Okapi BM25 over weighted term counts, so that a guide entry's question can count more than its answer."""

import math
from collections import Counter


class BM25:
    """Scores every document against a query; documents are term -> weighted count."""

    def __init__(self, documents: list[Counter], k1: float = 1.2, b: float = 0.5, unknown: float = 1.0):
        self.documents = documents
        self.k1, self.b = k1, b
        self.lengths = [sum(doc.values()) for doc in documents]
        self.average_length = sum(self.lengths) / len(documents)
        frequency = Counter(term for doc in documents for term in doc)
        n = len(documents)
        # The "+1" form of idf stays positive even for a term found in most entries.
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
        self.unknown_idf = unknown * math.log(1 + (n + 0.5) / 0.5)
        # Each term's share of each document's score, computed once: a question then touches only the
        # documents holding its terms (an answer's bigrams number in the hundreds, a question's a dozen).
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for i, (doc, length) in enumerate(zip(documents, self.lengths, strict=True)):
            norm = k1 * (1 - b + b * length / self.average_length)
            for term, tf in doc.items():
                self._postings.setdefault(term, []).append((i, self.idf[term] * tf * (k1 + 1) / (tf + norm)))

    def scores(self, query: list[str]) -> list[float]:
        results = [0.0] * len(self.documents)
        for term in set(query):
            for i, contribution in self._postings.get(term, ()):
                results[i] += contribution
        return results

    def weight(self, term: str) -> float:
        """How telling a query term is; a term no entry uses counts `unknown` times the rarest one."""
        return self.idf.get(term, self.unknown_idf)
