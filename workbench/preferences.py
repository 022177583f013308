"""Choices remembered across sessions in the data directory: the last model used on each page."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from workbench.atomic import write_atomic

FILE_NAME = "preferences.json"


class LastModels:
    """The model last chosen on each page, kept in preferences.json (a damaged file is ignored)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    def _read(self) -> dict[str, object]:
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def get(self, page: str) -> str | None:
        """The model last used on `page`, or None."""
        name = self._value(page)
        return name if isinstance(name, str) else None

    def get_all(self, page: str) -> list[str]:
        """The models last chosen together on `page` (e.g. Compare's), oldest choice first."""
        names = self._value(page)
        if isinstance(names, str):
            return [names]
        return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []

    def set(self, page: str, model: str | Sequence[str]) -> None:
        """Remember `model` (or several) as last used on `page` (skipped if unwritable)."""
        value = model if isinstance(model, str) else list(model)
        if self._value(page) == value:
            return
        found = self._read()
        models = found.get("last_model")
        found["last_model"] = {**(models if isinstance(models, dict) else {}), page: value}
        try:
            write_atomic(self.path, json.dumps(found, ensure_ascii=False, indent=1).encode())
        except OSError:
            return

    def _value(self, page: str) -> object:
        models = self._read().get("last_model", {})
        return models.get(page) if isinstance(models, dict) else None

    def pick(self, page: str, choices: Sequence[str]) -> int | None:
        """The index of the remembered model among `choices`; None when it is gone or unknown."""
        name = self.get(page)
        return choices.index(name) if name in choices else None
