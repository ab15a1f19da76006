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

    def scores(self, query: list[str]) -> list[float]:
        terms = set(query)
        results = []
        for doc, length in zip(self.documents, self.lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self.average_length)
            score = 0.0
            for term in terms & doc.keys():
                tf = doc[term]
                score += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            results.append(score)
        return results

    def weight(self, term: str) -> float:
        """How telling a query term is; a term no entry uses counts `unknown` times the rarest one."""
        return self.idf.get(term, self.unknown_idf)
