"""Message catalogs: both languages complete, placeholders consistent, formatting per language."""

import re
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workbench import errors
from workbench.errors import ModelNotFound, WorkbenchError
from workbench.i18n import (
    LANGUAGES,
    catalog,
    error_text,
    format_bytes,
    format_duration,
    format_relative,
    localized_help,
    resolve_language,
    translate,
)
from workbench.modelfile.params import PARAMETERS
from workbench.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
ENGLISH_IN_CODE = {f"settings.{spec.field}": spec.help for spec in SETTINGS} | {
    f"parameter.{p.name}": p.help for p in PARAMETERS.values()
}
CODE_FILES = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("workbench/**/*.py")]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_english_key_is_translated(language: str) -> None:
    missing = set(catalog("en")) - set(catalog(language))
    assert not missing, f"{language} lacks {sorted(missing)}"
    extra = set(catalog(language)) - set(catalog("en")) - set(ENGLISH_IN_CODE)
    assert not extra, f"{language} has keys English lacks: {sorted(extra)}"


@pytest.mark.parametrize("key", sorted(ENGLISH_IN_CODE))
def test_help_kept_in_code_is_translated_to_korean(key: str) -> None:
    english = ENGLISH_IN_CODE[key]
    assert localized_help(key, english, "ko") != english
    assert localized_help(key, english, "en") == english


@pytest.mark.parametrize("key", sorted(catalog("en")))
def test_translations_use_the_same_placeholders(key: str) -> None:
    assert placeholders(catalog("ko")[key]) == placeholders(catalog("en")[key])


def test_every_key_used_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in CODE_FILES:
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text("utf-8")))
    missing = sorted(key for key in used if key not in catalog("en"))
    assert not missing


def test_every_error_code_has_a_message() -> None:
    codes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, WorkbenchError)
    }
    for path in CODE_FILES:
        text = path.read_text("utf-8")
        codes |= set(re.findall(r'code\s*=\s*"((?:error|warning)\.[a-z_]+)"', text))
    assert sorted(code for code in codes if code not in catalog("en")) == []


@pytest.mark.parametrize(
    ("requested", "expected"),
    [("ko-KR", "ko"), ("ko", "ko"), ("en-US", "en"), ("fr-FR", "en"), (None, "en"), ("", "en")],
)
def test_browser_locale_picks_a_supported_language(requested, expected) -> None:
    assert resolve_language(requested) == expected


def test_translate_fills_placeholders_and_falls_back() -> None:
    assert (
        translate("models.deleted", "ko", name="gemma3:270m") == "gemma3:270m을(를) 삭제했습니다."
    )
    assert translate("models.deleted", "xx", name="m") == "Deleted m."
    assert translate("no.such.key", "ko") == "no.such.key"


def test_errors_are_translated_at_display_time() -> None:
    exc = ModelNotFound("english", model="nope")
    assert "'nope' 모델을 찾을 수 없습니다" in error_text(exc, "ko")
    assert "'nope' was not found" in error_text(exc, "en")
    assert error_text(ValueError("plain"), "ko") == "plain"


@pytest.mark.parametrize(
    ("seconds", "language", "expected"),
    [
        (0.25, "en", "250 ms"),
        (2.44, "en", "2.4 s"),
        (185, "en", "3 min 5 s"),
        (3700, "en", "1 h 1 min"),
        (2.44, "ko", "2.4초"),
        (185, "ko", "3분 5초"),
    ],
)
def test_durations_read_naturally(seconds: float, language: str, expected: str) -> None:
    assert format_duration(seconds, language) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [(512, "512 B"), (253113899, "253 MB"), (1_500_000_000, "1.5 GB"), (85149696, "85.1 MB")],
)
def test_sizes_use_decimal_units_like_ollama_list(size: int, expected: str) -> None:
    assert format_bytes(size, "en") == expected


def test_relative_times_in_both_languages() -> None:
    now = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
    later = now + timedelta(minutes=4, seconds=30)
    assert format_relative(later, now, "en") == "in 4 min 30 s"
    assert format_relative(later, now, "ko") == "4분 30초 후"
    assert format_relative(now - timedelta(seconds=5), now, "en") == "5.0 s ago"
