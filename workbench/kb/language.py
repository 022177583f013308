"""Warn when Korean documents meet an English-only embedding model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from workbench.i18n import DEFAULT_LANGUAGE, translate
from workbench.kb.encoding import hangul_ratio

ENGLISH_ONLY_MODELS = frozenset(
    {
        "all-minilm",
        "nomic-embed-text",
        "mxbai-embed-large",
        "snowflake-arctic-embed",
        "bge-large",
        "bge-base",
        "bge-small",
        "gte-base",
        "gte-large",
    }
)
MULTILINGUAL_MODEL = "bge-m3"
KOREAN_THRESHOLD = 0.5


@dataclass(frozen=True)
class KbWarning:
    """Something the user should know; `code` and `params` select the translated text."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The English text, from the catalog."""
        return translate(self.code, DEFAULT_LANGUAGE, **self.params)


def base_model_name(model: str) -> str:
    """The model's name without registry, namespace or tag: 'all-minilm' for 'all-minilm:l6-v2'."""
    return model.strip().rsplit("/", 1)[-1].split(":", 1)[0].lower()


def is_english_only(model: str) -> bool:
    """True for embedding models known to understand English only."""
    return base_model_name(model) in ENGLISH_ONLY_MODELS


def korean_model_warning(collection: str, model: str, texts: Iterable[str]) -> KbWarning | None:
    """A warning when the texts are mostly Korean but the embedding model is English-only."""
    if not is_english_only(model):
        return None
    ratio = hangul_ratio("\n".join(texts))
    if ratio < KOREAN_THRESHOLD:
        return None
    percent = round(ratio * 100)
    return KbWarning(
        code="warning.kb_korean_english_model",
        params={
            "collection": collection,
            "percent": percent,
            "model": model,
            "suggestion": MULTILINGUAL_MODEL,
        },
    )
