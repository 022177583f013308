"""A stat-keyed cache of the library's files: only files whose stat changed are parsed again."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

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
    """Values built from named files, each kept until its file's signature changes."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[Signature, T]] = {}

    def values(
        self,
        names: Sequence[str],
        signature: Callable[[str], Signature],
        build: Callable[[str], T],
    ) -> list[T]:
        """One value per name, rebuilt only where the signature differs; forgets other names."""
        known, fresh, values = self._items, {}, []
        for name in names:
            mark = signature(name)
            hit = known.get(name)
            value = hit[1] if hit is not None and hit[0] == mark else build(name)
            fresh[name] = (mark, value)
            values.append(value)
        self._items = fresh
        return values
