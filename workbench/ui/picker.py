"""Large lists in small pieces: a template search that offers the best matches, and a pager."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

import streamlit as st

from workbench.library import LibraryEntry, best_first
from workbench.ui.context import t
from workbench.ui.kept import keep

PICK_LIMIT = 50
PAGE_SIZE = 50
T = TypeVar("T")


def searched(entries: Sequence[LibraryEntry], key: str, keep: str | None) -> list[LibraryEntry]:
    """A search box; the best `PICK_LIMIT` matching templates, plus the one chosen (`keep`)."""
    text = st.text_input(t("picker.search"), key=key, placeholder=t("picker.search_placeholder"))
    found = [e for e in entries if e.matches(text)]
    if len(found) > PICK_LIMIT:
        st.caption(t("picker.more", shown=PICK_LIMIT, found=len(found)))
    return best_entries(entries, found, text, keep)


def best_entries(
    entries: Sequence[LibraryEntry], found: Sequence[LibraryEntry], text: str, keep: str | None
) -> list[LibraryEntry]:
    """The best `PICK_LIMIT` of `found` for `text`, after the entry chosen before (`keep`)."""
    best = best_first(found, text, _name, PICK_LIMIT)
    return [e for e in entries if e.id == keep and e not in best] + best


def _name(entry: LibraryEntry) -> str:
    return f"{entry.id} {entry.template.name if entry.template else ''}"


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages of `size` hold `total` items (at least one)."""
    return max(1, math.ceil(total / size))


def pager(total: int, key: str, size: int = PAGE_SIZE) -> int:
    """A page number input when `total` needs more than one page; the chosen page's offset."""
    pages = page_count(total, size)
    if pages == 1:
        return 0
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = pages
    column, _ = st.columns([1, 4])
    number = column.number_input(
        t("picker.page", pages=pages), min_value=1, max_value=pages, step=1, key=keep(key)
    )
    return (int(number) - 1) * size


def page_of(items: Sequence[T], key: str, size: int = PAGE_SIZE) -> Sequence[T]:
    """The slice of `items` on the page chosen with a pager."""
    offset = pager(len(items), key, size)
    return items[offset : offset + size]
