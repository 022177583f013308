"""Keyword search: words plus Hangul syllable bigrams, ranked with Okapi BM25."""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Sequence
from typing import Generic, TypeVar

import numpy as np

_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_STOPWORDS = frozenset(
    {
        *("a", "an", "the", "is", "are", "was", "were", "be", "been", "of", "to", "in", "on"),
        *("at", "for", "and", "or", "but", "it", "its", "this", "that", "these", "those"),
        *("with", "as", "by", "from", "what", "which", "who", "whom", "how", "when", "where"),
        *("why", "does", "do", "did"),
    }
)
T = TypeVar("T")
K1 = 1.5
B = 0.75
_CACHE_SIZE = 4


def tokenize(text: str) -> list[str]:
    """Lower-cased words without English stopwords; Hangul as syllable bigrams (a one-syllable
    word stays whole, a particle stuck to a Latin word or number is dropped)."""
    tokens: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text).lower()):
        runs = _HANGUL.findall(word)
        if not runs:
            if word not in _STOPWORDS:
                tokens.append(word)
            continue
        rest = _HANGUL.sub(" ", word).split()
        tokens.extend(rest)
        if word == runs[0] and len(word) == 1:
            tokens.append(word)
        for run in runs:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens


class Bm25Index:
    """An inverted index over a fixed list of texts, scored with numpy."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        postings: dict[str, tuple[list[int], list[int]]] = {}
        lengths = np.zeros(self.size, dtype=np.float32)
        for index, text in enumerate(texts):
            counts = Counter(tokenize(text))
            lengths[index] = sum(counts.values())
            for token, count in counts.items():
                docs, tfs = postings.setdefault(token, ([], []))
                docs.append(index)
                tfs.append(count)
        self._postings = {
            token: (np.array(docs, dtype=np.int64), np.array(tfs, dtype=np.float32))
            for token, (docs, tfs) in postings.items()
        }
        average = float(lengths.mean()) if self.size else 1.0
        self._norm = K1 * (1 - B + B * lengths / (average or 1.0))

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        """The k best (text index, BM25 score) pairs, best first; texts sharing no token with
        the query are left out."""
        scores = np.zeros(self.size, dtype=np.float32)
        for token in set(tokenize(query)):
            if token not in self._postings:
                continue
            docs, tfs = self._postings[token]
            idf = math.log(1 + (self.size - len(docs) + 0.5) / (len(docs) + 0.5))
            scores[docs] += idf * tfs * (K1 + 1) / (tfs + self._norm[docs])
        matched = np.flatnonzero(scores > 0)
        if len(matched) > k:
            matched = matched[np.argpartition(-scores[matched], k - 1)[:k]]
        ranked = sorted(matched.tolist(), key=lambda i: (-float(scores[i]), i))
        return [(i, float(scores[i])) for i in ranked]


class IndexCache(Generic[T]):
    """A few recently used keyword indexes, keyed by collection and revision."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self._items: OrderedDict[tuple[str, ...], T] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> T | None:
        """The cached value for `key`, or None."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: tuple[str, ...], value: T) -> None:
        """Remember a value, forgetting the least recently used beyond the size."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
