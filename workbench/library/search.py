"""Search and filter templates by text (case-insensitive, Korean works), tag and technique."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from workbench.templates import Template


def fold(text: str) -> str:
    """Text normalised for matching: NFKC (so decomposed Hangul matches) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def haystack(template: Template) -> str:
    """Everything a text search looks at: id, name, description, tags and all prompt text."""
    parts = [template.id, template.name, template.description, *template.tags, template.system]
    parts += [m.text for m in template.messages]
    return fold("\n".join(parts))


def matches(
    template: Template, text: str = "", tags: Iterable[str] = (), technique: str | None = None
) -> bool:
    """True if every word of `text`, every tag and the technique (if given) match."""
    if technique and template.technique != technique:
        return False
    own_tags = {fold(t) for t in template.tags}
    if not all(fold(t) in own_tags for t in tags):
        return False
    words = haystack(template)
    return all(word in words for word in fold(text).split())
