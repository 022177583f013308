"""Uploaded files whose ingest has not finished, kept on disk so a partial document resumes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from workbench.kb.collections import chroma_name
from workbench.kb.documents import SourceFile


def _path(root: Path, collection: str, name: str) -> Path:
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    return root / chroma_name(collection) / digest


def keep(root: Path, collection: str, source: SourceFile) -> None:
    """Save a file's bytes until its ingest finishes."""
    path = _path(root, collection, source.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(source.read())


def kept(root: Path, collection: str, name: str) -> SourceFile | None:
    """The saved file of a partial document, or None when it was not kept."""
    path = _path(root, collection, name)
    return SourceFile(name, path=path) if path.is_file() else None


def forget(root: Path, collection: str, name: str) -> None:
    """Drop a saved file once its document is complete or deleted."""
    _path(root, collection, name).unlink(missing_ok=True)
