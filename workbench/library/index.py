"""A stat-keyed cache of the library's files: only files whose stat changed are parsed again.

The cache can be kept in a file, so a restarted process parses only what changed while it was
down. The file is a pickle written by this workbench into the user's own data directory (never
the shared library folder), stamped with the code that made it: a cache from other code, a
damaged one or an unreadable one is ignored and rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from workbench.atomic import write_atomic

T = TypeVar("T")
Signature = tuple[Hashable, ...]


def stat_signature(*paths: str) -> Signature:
    """Inode, size and mtime (ns) of each path; a missing path counts as (0, 0, 0)."""
    parts: list[int] = []
    for path in paths:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            parts += (0, 0, 0)
        else:
            parts += (info.st_ino, info.st_size, info.st_mtime_ns)
    return tuple(parts)


class StatCache(Generic[T]):
    """Values built from named files, each kept until its file's signature changes; kept in
    `path` across processes when one is given."""

    def __init__(self, path: Path | None = None, stamp: str = "") -> None:
        self.path, self.stamp = path, stamp
        self._items: dict[str, tuple[Signature, T]] = self._read() if path else {}

    def values(
        self,
        names: Sequence[str],
        signature: Callable[[str], Signature],
        build: Callable[[str], T],
    ) -> list[T]:
        """One value per name, rebuilt only where the signature differs; forgets other names."""
        known, fresh, values, built = self._items, {}, [], False
        for name in names:
            mark = signature(name)
            hit = known.get(name)
            if hit is not None and hit[0] == mark:
                value = hit[1]
            else:
                value, built = build(name), True
            fresh[name] = (mark, value)
            values.append(value)
        self._items = fresh
        if self.path is not None and (built or len(fresh) != len(known)):
            self._write()
        return values

    def _read(self) -> dict[str, tuple[Signature, T]]:
        try:
            with open(str(self.path), "rb") as handle:
                stamp, items = pickle.load(handle)
        except Exception:
            return {}
        return items if stamp == self.stamp and isinstance(items, dict) else {}

    def _write(self) -> None:
        assert self.path is not None
        try:
            write_atomic(self.path, pickle.dumps((self.stamp, self._items)))
        except OSError:
            return  # a cache that cannot be written only costs speed


def code_stamp(*packages: Path) -> str:
    """A digest of the Python files of `packages`: a cache made by other code is not used."""
    digest = hashlib.sha256()
    for folder in packages:
        for source in sorted(folder.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]
