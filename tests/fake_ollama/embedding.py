"""Deterministic dense embeddings by feature hashing: texts that share words (or Hangul
syllable bigrams) get nearby vectors."""

from __future__ import annotations

import hashlib
import math
import re
from functools import lru_cache

_WORD = re.compile(r"\w+")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
_STOPWORDS = frozenset(
    re.findall(
        r"\w+", "a an the is are was were be of to in on at for and or but it this that with as by"
    )
)


@lru_cache(maxsize=8192)
def _direction(feature: str, dim: int) -> tuple[float, ...]:
    """A dense pseudo-random direction for a feature, derived from SHAKE-256 of it."""
    raw = hashlib.shake_256(feature.encode("utf-8")).digest(dim)
    return tuple((byte - 127.5) / 127.5 for byte in raw)


def features(text: str) -> list[tuple[str, float]]:
    """Weighted hashed features: lower-cased words, plus syllable unigrams/bigrams for Hangul."""
    found: list[tuple[str, float]] = []
    for word in _WORD.findall(text.lower()):
        if _HANGUL_RUN.fullmatch(word):
            found.append((f"w:{word}", 0.5))
            found.extend((f"k1:{syllable}", 0.15) for syllable in word)
            found.extend((f"k2:{word[i : i + 2]}", 1.0) for i in range(len(word) - 1))
        else:
            found.append((f"w:{word}", 0.25 if word in _STOPWORDS else 1.0))
            for run in _HANGUL_RUN.findall(word):
                found.extend((f"k2:{run[i : i + 2]}", 1.0) for i in range(len(run) - 1))
    return found


def raw_vector(text: str, dim: int) -> list[float]:
    """The unnormalised hashed vector of a text (never all zeros)."""
    vector = [0.0] * dim
    found = features(text)
    weighted = [*found, (f"text:{text}", 0.08 if found else 1.0)]
    for feature, weight in weighted:
        direction = _direction(feature, dim)
        for index in range(dim):
            vector[index] += direction[index] * weight
    return vector


def normalise(vector: list[float]) -> list[float]:
    """Scale a vector to unit L2 length (rounded to float32-like precision)."""
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [float(f"{v / norm:.8g}") for v in vector]


def embed(text: str, dim: int, dimensions: int | None = None) -> list[float]:
    """The /api/embed vector: unit length, optionally truncated to `dimensions` first."""
    vector = raw_vector(text, dim)
    if dimensions and 0 < dimensions < dim:
        vector = vector[:dimensions]
    return normalise(vector)


def embed_legacy(text: str, dim: int) -> list[float]:
    """The /api/embeddings vector: same direction as embed() but not normalised."""
    scale = 1.0 + (hashlib.sha256(text.encode("utf-8")).digest()[0] / 255.0) * 4.0
    return [v * scale for v in embed(text, dim)]


def cosine(a: list[float], b: list[float]) -> float:
    """Cosine similarity of two vectors."""
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norms if norms else 0.0


def token_count(text: str) -> int:
    """A rough token count used for prompt_eval_count and truncation."""
    return max(len(_WORD.findall(text)) + len(re.findall(r"[^\w\s]", text)), 1)
