"""Search and filter templates by text (case-insensitive, Korean works), tag and technique."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from workbench.templates import Template

T = TypeVar("T")


def fold(text: str) -> str:
    """Text normalised for matching: NFKC (so decomposed Hangul matches) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def haystack(template: Template) -> str:
    """Everything a text search looks at: id, name, description, tags and all prompt text."""
    parts = [template.id, template.name, template.description, *template.tags, template.system]
    parts += [m.text for m in template.messages]
    return fold("\n".join(parts))


def matches(
    template: Template,
    text: str = "",
    tags: Iterable[str] = (),
    technique: str | None = None,
    words: str | None = None,
) -> bool:
    """True if every word of `text`, every tag and the technique match (`words`: its haystack)."""
    if technique and template.technique != technique:
        return False
    own_tags = {fold(t) for t in template.tags}
    if not all(fold(t) in own_tags for t in tags):
        return False
    words = haystack(template) if words is None else words
    return all(word in words for word in fold(text).split())


def best_first(found: Iterable[T], text: str, name_of: Callable[[T], str], limit: int) -> list[T]:
    """The first `limit` of `found`, those whose name holds every word of `text` first."""
    wanted = fold(text).split()
    if not wanted:
        return list(found)[:limit]
    ranked = sorted(found, key=lambda item: not all(w in fold(name_of(item)) for w in wanted))
    return ranked[:limit]
