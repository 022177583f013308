"""The starter set: templates that a new, empty library is filled with."""

from __future__ import annotations

from pathlib import Path

from workbench.library.store import STARTER_DIR, ImportResult, Library


def seed_library(root: Path | str) -> list[ImportResult]:
    """Fill an empty or missing library with the starter templates; leave any other alone.

    A library whose templates were all deleted keeps its history and is not seeded again.
    """
    library = Library(root)
    if library.entries() or library.deleted():
        return []
    starters = (entry.template for entry in Library(STARTER_DIR).entries() if entry.template)
    return library.import_templates(starters, "skip")
