"""Message catalogs (TOML files per language, one per page) and language-aware formatting."""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from workbench.errors import Reason, WorkbenchError

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    """All messages of one language (every locales/<language>/*.toml), keyed 'models.title'."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.toml")):
        with path.open("rb") as handle:
            part = _flatten(tomllib.load(handle))
        clash = sorted(set(part) & set(messages))
        if clash:
            raise ValueError(f"{path} repeats keys defined in another file: {clash}")
        messages.update(part)
    return messages


def resolve_language(requested: str | None) -> str:
    """Pick a supported language from a code or a browser locale such as 'ko-KR'."""
    code = (requested or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, language: str, /, **params: Any) -> str:
    """The message for `key` in `language`, falling back to English, then to the key itself;
    params that are Reasons are translated first."""
    template = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    params = {
        name: translate(value.code, language, **value.params)
        if isinstance(value, Reason)
        else value
        for name, value in params.items()
    }
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def localized_help(key: str, english: str, language: str) -> str:
    """A help line kept in English beside its code (settings, parameters), or its translation."""
    return catalog(language).get(key, english)


def line_params(line: int | None, language: str) -> dict[str, str]:
    """The {at} and {at_start} placeholders that name an error's line ("" without a line)."""
    if line is None:
        return {"at": "", "at_start": ""}
    return {
        "at": translate("error.at_line", language, line=line),
        "at_start": translate("error.at_line_start", language, line=line),
    }


def error_text(exc: BaseException, language: str, with_line: bool = True) -> str:
    """A translated message for a workbench error; other errors keep their own text.

    With `with_line` False an error's line is left out of its message, for a UI that shows it.
    """
    if not isinstance(exc, WorkbenchError) or exc.code not in catalog(DEFAULT_LANGUAGE):
        return str(exc)
    params = dict(exc.params)
    params |= line_params(params.get("line") if with_line else None, language)
    problems = getattr(exc, "problems", None)
    if problems:
        params["details"] = "; ".join(
            translate(p.code, language, **p.params)
            if p.code in catalog(DEFAULT_LANGUAGE)
            else p.message
            for p in problems
        )
    return translate(exc.code, language, **params)


def format_number(value: float, language: str, decimals: int = 0) -> str:
    """A number with thousands separators (both languages group by three with commas)."""
    del language
    return f"{value:,.{decimals}f}"


def format_bytes(size: float, language: str) -> str:
    """A byte count in decimal units, as `ollama list` prints them (e.g. 253 MB)."""
    units = ("B", "KB", "MB", "GB", "TB")
    value = float(size)
    for unit in units:
        if abs(value) < 1000 or unit == units[-1]:
            decimals = 0 if unit == "B" or value >= 100 else 1
            return f"{format_number(value, language, decimals)} {unit}"
        value /= 1000
    return f"{size} B"


def format_duration(seconds: float, language: str) -> str:
    """A short duration: '850 ms', '2.4 s', '3 min 5 s' (or the Korean forms)."""
    unit = {name: translate(f"format.{name}", language) for name in ("ms", "s", "min", "h")}
    if seconds < 1:
        return f"{seconds * 1000:.0f}{unit['ms']}"
    if seconds < 60:
        return f"{seconds:.1f}{unit['s']}"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}{unit['min']} {secs}{unit['s']}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}{unit['h']} {minutes}{unit['min']}"


def format_datetime(moment: datetime | None, language: str) -> str:
    """A local date and time in the language's usual order."""
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo else moment
    pattern = translate("format.datetime", language)
    return local.strftime(pattern if "%" in pattern else "%Y-%m-%d %H:%M")


def format_relative(moment: datetime | None, now: datetime, language: str) -> str:
    """How far a moment lies from now, e.g. 'in 4 min 30 s' / '4분 30초 후'."""
    if moment is None:
        return ""
    delta: timedelta = moment - now
    seconds = delta.total_seconds()
    key = "format.in_future" if seconds >= 0 else "format.in_past"
    return translate(key, language, duration=format_duration(abs(seconds), language))
