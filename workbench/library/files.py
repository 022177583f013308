"""File primitives of the library: atomic writes, an exclusive lock, reads, diffs."""

from __future__ import annotations

import difflib
import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from workbench.library.errors import LibraryFileError

LOCK = ".lock"


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None if it does not exist; other OS errors become LibraryFileError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LibraryFileError(path.name, str(exc)) from None


def read_text(path: Path) -> str | None:
    """The file as UTF-8 text, None if it does not exist."""
    data = read_bytes(path)
    try:
        return None if data is None else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LibraryFileError(path.name, f"not UTF-8 text: {exc}") from None


def same_content(a: bytes | None, b: bytes | None) -> bool:
    """True if both exist and are equal up to CRLF line endings (as git may write them)."""
    if a is None or b is None:
        return False
    return a.replace(b"\r\n", b"\n") == b.replace(b"\r\n", b"\n")


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on `root`/.lock (fcntl.flock) so one writer works at a time."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / LOCK).open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def unified_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff of two texts; every line ends with a newline."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_label, new_label
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
