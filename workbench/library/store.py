"""The template library: one YAML file per template, full history, safe concurrent saves.

Layout of a library directory (share it as a git checkout or a shared folder):
`<id>.yaml` is the current version; `.history/<id>/<n>.yaml` keeps every saved version n;
a deleted template loses only its current file. `.lock` serialises writers (fcntl.flock).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Literal

from workbench.atomic import write_atomic
from workbench.errors import WorkbenchError
from workbench.library.errors import (
    LibraryFileError,
    StaleVersionError,
    TemplateDeletedError,
    TemplateExistsError,
    TemplateNotFoundError,
    VersionNotFoundError,
)
from workbench.library.exchange import Format, export_bundle, parse_templates, template_text
from workbench.library.files import (
    locked,
    read_bytes,
    read_text,
    same_content,
    unified_diff,
)
from workbench.library.index import Signature, StatCache, code_stamp, stat_signature
from workbench.library.search import haystack, matches
from workbench.library.yaml_format import load_template
from workbench.templates import ID_PATTERN, Template, check_template

HISTORY = ".history"
SUFFIX = ".yaml"
STARTER_DIR = Path(__file__).resolve().parents[2] / "library"
# A kept index is used only by the code that made it: the modules of the library, the templates
# and the tool definitions and checks they hold.
INDEX_STAMP = code_stamp(
    *(Path(__file__).parents[1] / name for name in ("library", "templates", "tools", "checks"))
)
Collision = Literal["new_id", "new_version", "skip"]
_VERSION_FILE = re.compile(r"^([1-9][0-9]*)\.yaml$")


@dataclass(frozen=True)
class LibraryEntry:
    """One file of the library: its template, or why it could not be loaded."""

    path: Path
    id: str
    template: Template | None
    version: int
    error: str | None = None
    error_code: str | None = None

    @cached_property
    def haystack(self) -> str:
        """The folded text a search looks at ("" for a broken file); kept with the index."""
        return haystack(self.template) if self.template else ""

    def matches(
        self, text: str = "", tags: Iterable[str] = (), technique: str | None = None
    ) -> bool:
        """True if the template loads and matches every word, tag and the technique."""
        if self.template is None:
            return False
        return matches(self.template, text, tags, technique, self.haystack)


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of a template."""

    number: int
    saved_at: datetime
    path: Path


@dataclass(frozen=True)
class ImportResult:
    """What happened to one imported template: saved under `id` as `version`, or skipped."""

    source_id: str
    id: str
    version: int | None


class Library:
    """A directory of templates with history; every method is safe across processes."""

    def __init__(self, root: Path | str, index_file: Path | None = None) -> None:
        """`index_file` keeps the parsed entries across restarts (see workbench.library.index)."""
        self.root = Path(root)
        self._index: StatCache[LibraryEntry] = StatCache(index_file, INDEX_STAMP)

    def entries(self) -> list[LibraryEntry]:
        """Every current template file, sorted by id; broken files included with the reason.

        Only files changed since the last call (by this or any other process) are parsed again.
        """
        try:
            names = os.listdir(self.root)
        except (FileNotFoundError, NotADirectoryError):
            names = []
        ids = sorted(n[: -len(SUFFIX)] for n in names if n.endswith(SUFFIX) and n[0] != ".")
        return self._index.values(ids, self._signature, self._entry)

    def search(
        self, text: str = "", tags: Iterable[str] = (), technique: str | None = None
    ) -> list[LibraryEntry]:
        """Loadable templates matching every word of `text`, every tag and the technique."""
        return [entry for entry in self.entries() if entry.matches(text, tags, technique)]

    def get(self, template_id: str) -> LibraryEntry:
        """The current template with its version (check `error` for a broken file)."""
        if not self._current(template_id).is_file():
            raise TemplateNotFoundError(template_id)
        return self._entry(template_id)

    def load(self, template_id: str) -> Template:
        """The current template; raises if it is missing or broken."""
        return self._parse(template_id, self._text_of(template_id, None))

    def current_version(self, template_id: str) -> int:
        """The current version number; 0 if the template is deleted or unknown."""
        data = read_bytes(self._current(template_id))
        if data is None:
            return 0
        latest = self._latest(template_id)
        if latest and same_content(data, read_bytes(self._version(template_id, latest))):
            return latest
        return latest + 1

    def versions(self, template_id: str) -> list[VersionInfo]:
        """Every version, oldest first (a hand edit not yet recorded counts as the newest)."""
        numbers = self._numbers(template_id)
        infos = [_info(n, self._version(template_id, n)) for n in numbers]
        current = self.current_version(template_id)
        if current and current not in numbers:
            infos.append(_info(current, self._current(template_id)))
        return infos

    def version(self, template_id: str, number: int) -> Template:
        """Version `number` of a template."""
        return self._parse(template_id, self._text_of(template_id, number))

    def diff(self, template_id: str, a: int, b: int) -> str:
        """A unified diff of the YAML of versions a and b."""
        return unified_diff(
            self._text_of(template_id, a),
            self._text_of(template_id, b),
            f"{template_id} v{a}",
            f"{template_id} v{b}",
        )

    def save(self, template: Template, based_on_version: int | None) -> int:
        """Save a new version and return its number; based on None means a new template."""
        check_template(template)
        with locked(self.root):
            return self._save(template, based_on_version)

    def restore(self, template_id: str, number: int, based_on_version: int | None = None) -> int:
        """Save version `number` again as a new version (also brings back a deleted template)."""
        old = self.version(template_id, number)
        with locked(self.root):
            current = self.current_version(template_id)
            base = based_on_version if based_on_version is not None else current or None
            return self._save(old, base)

    def delete(self, template_id: str, based_on_version: int | None = None) -> None:
        """Remove the current file but keep every version (restore brings it back)."""
        with locked(self.root):
            current = self.current_version(template_id)
            if not current:
                raise TemplateNotFoundError(template_id)
            if based_on_version is not None and based_on_version != current:
                diff = self._safe_diff(template_id, based_on_version, current)
                raise StaleVersionError(template_id, based_on_version, current, diff)
            self._record_hand_edit(template_id, current)
            self._current(template_id).unlink()

    def deleted(self) -> list[str]:
        """Ids of deleted templates whose history is kept."""
        try:
            kept = set(os.listdir(self.root / HISTORY))
        except (FileNotFoundError, NotADirectoryError):
            return []
        gone = kept - {name[: -len(SUFFIX)] for name in os.listdir(self.root)}
        return sorted(name for name in gone if ID_PATTERN.match(name) and self._numbers(name))

    def unique_id(self, base: str) -> str:
        """`base`, or `base-2`, `base-3`... whichever has never been used in this library."""
        candidate, n = base, 1
        while self._used(candidate):
            n += 1
            suffix = f"-{n}"
            candidate = base[: 64 - len(suffix)].rstrip("-") + suffix
        return candidate

    def import_templates(
        self, templates: Iterable[Template], on_collision: Collision = "new_id"
    ) -> list[ImportResult]:
        """Save imported templates; a taken id gets a new id, a new version, or is skipped."""
        items = list(templates)
        for template in items:
            check_template(template)
        results = []
        for template in items:
            with locked(self.root):
                results.append(self._import_one(template, on_collision))
        return results

    def import_text(
        self, text: str, fmt: Format | None = None, on_collision: Collision = "new_id"
    ) -> list[ImportResult]:
        """Import a template, a bundle or an Open WebUI prompt export from text."""
        return self.import_templates(parse_templates(text, fmt), on_collision)

    def export(self, template_ids: Iterable[str], fmt: Format = "yaml") -> str:
        """The current versions of these templates as one bundle."""
        return export_bundle([self.load(i) for i in template_ids], fmt)

    def _import_one(self, template: Template, on_collision: Collision) -> ImportResult:
        if on_collision == "skip" and self._used(template.id):
            return ImportResult(template.id, template.id, None)
        if on_collision == "new_version":
            version = self._save(template, self.current_version(template.id))
            return ImportResult(template.id, template.id, version)
        target = replace(template, id=self.unique_id(template.id))
        return ImportResult(template.id, target.id, self._save(target, None))

    def _save(self, template: Template, based_on: int | None) -> int:
        template_id = template.id
        current = self.current_version(template_id)
        text = template_text(template)
        if (based_on or None) != (current or None):
            self._refuse(template_id, based_on, current, text)
        self._record_hand_edit(template_id, current)
        number = max(self._latest(template_id), current) + 1
        data = text.encode("utf-8")
        write_atomic(self._current(template_id), data)
        write_atomic(self._version(template_id, number), data)
        return number

    def _refuse(self, template_id: str, based_on: int | None, current: int, text: str) -> None:
        if based_on is None:
            old = self._text_of(template_id, None)
            raise TemplateExistsError(
                template_id, current, unified_diff(old, text, "existing", "new")
            )
        if not current:
            latest = self._latest(template_id)
            last = read_text(self._version(template_id, latest)) or ""
            labels = (f"{template_id} v{latest} (deleted)", f"{template_id} (your edit)")
            raise TemplateDeletedError(template_id, based_on, unified_diff(last, text, *labels))
        old = self._text_of(template_id, None)
        diff = unified_diff(
            old, text, f"{template_id} v{current} (current)", f"{template_id} (your edit)"
        )
        raise StaleVersionError(template_id, based_on, current, diff)

    def _record_hand_edit(self, template_id: str, current: int) -> None:
        """Keep a current file that was edited by hand (or git) as a version of its own."""
        if current and current > self._latest(template_id):
            data = read_bytes(self._current(template_id)) or b""
            write_atomic(self._version(template_id, current), data)

    def _signature(self, template_id: str) -> Signature:
        """What a cached entry depends on: the current file and its history folder."""
        root = str(self.root)
        return stat_signature(f"{root}/{template_id}{SUFFIX}", f"{root}/{HISTORY}/{template_id}")

    def _entry(self, template_id: str) -> LibraryEntry:
        path = self.root / f"{template_id}{SUFFIX}"
        try:
            if not ID_PATTERN.match(template_id):
                raise LibraryFileError(path.name, "the file name is not a valid template id")
            version = self.current_version(template_id)
            template = self.load(template_id)
        except WorkbenchError as exc:
            return LibraryEntry(path, template_id, None, 0, exc.message, exc.code)
        return LibraryEntry(path, template_id, template, version)

    def _parse(self, template_id: str, text: str) -> Template:
        return load_template(text, template_id, self._current(template_id).name)

    def _text_of(self, template_id: str, number: int | None) -> str:
        """The text of version `number` (None: the current file)."""
        if number is None:
            text = read_text(self._current(template_id))
            if text is None:
                raise TemplateNotFoundError(template_id)
            return text
        text = read_text(self._version(template_id, number))
        if text is None and number == self.current_version(template_id):
            text = read_text(self._current(template_id))
        if text is None:
            raise VersionNotFoundError(template_id, number)
        return text

    def _safe_diff(self, template_id: str, a: int, b: int) -> str:
        try:
            return self.diff(template_id, a, b)
        except VersionNotFoundError:
            return ""

    def _used(self, template_id: str) -> bool:
        return self._current(template_id).exists() or bool(self._numbers(template_id))

    def _numbers(self, template_id: str) -> list[int]:
        folder = self._version(template_id, 1).parent
        if not folder.is_dir():
            return []
        found = (_VERSION_FILE.match(p.name) for p in folder.iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    def _latest(self, template_id: str) -> int:
        numbers = self._numbers(template_id)
        return numbers[-1] if numbers else 0

    def _current(self, template_id: str) -> Path:
        if not ID_PATTERN.match(template_id):
            raise TemplateNotFoundError(template_id)
        return self.root / f"{template_id}{SUFFIX}"

    def _version(self, template_id: str, number: int) -> Path:
        return self._current(template_id).parent / HISTORY / template_id / f"{number}{SUFFIX}"


def _info(number: int, path: Path) -> VersionInfo:
    return VersionInfo(number, datetime.fromtimestamp(path.stat().st_mtime, UTC), path)
