"""The library keeps a template's checks: saved with each version, refused when invalid (nothing
written), exported and imported with the template, and older files without checks still load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from workbench.checks import CheckSpec
from workbench.i18n import error_text
from workbench.library import Library
from workbench.library.errors import ImportFormatError
from workbench.library.exchange import export_template, parse_templates
from workbench.library.store import STARTER_DIR
from workbench.templates import Message, Template, TemplateFormatError

CHECKS = [
    CheckSpec("contains", {"values": ["하늘빛시", "바다"], "mode": "any", "ignore_case": True}),
    CheckSpec("length", {"unit": "characters", "min": 10, "max": 200}, 2.0),
    CheckSpec("similar", {"reference": "{{정답}}", "model": "bge-m3", "threshold": 0.8}),
]


def quiz(checks: list[CheckSpec]) -> Template:
    return Template(
        id="quiz",
        name="퀴즈",
        language="ko",
        messages=[Message("user", "하늘빛시는 어디에 있나요?")],
        checks=checks,
    )


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library(tmp_path / "lib")


def test_checks_are_saved_with_each_version(library: Library) -> None:
    assert library.save(quiz(CHECKS), None) == 1
    data = yaml.safe_load((library.root / "quiz.yaml").read_text("utf-8"))
    assert [c["kind"] for c in data["checks"]] == ["contains", "length", "similar"]
    assert library.load("quiz").checks == CHECKS
    assert library.save(quiz(CHECKS[:1]), 1) == 2
    assert library.version("quiz", 1).checks == CHECKS
    assert library.version("quiz", 2).checks == CHECKS[:1]
    diff = library.diff("quiz", 1, 2).splitlines()
    removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
    assert any("kind: length" in line for line in removed)


def test_an_invalid_check_is_refused_at_save_and_nothing_is_written(library: Library) -> None:
    bad = [*CHECKS, CheckSpec("regex", {"pattern": "[a-"})]
    with pytest.raises(TemplateFormatError) as caught:
        library.save(quiz(bad), None)
    assert "checks[3].pattern" in error_text(caught.value, "en")
    assert "regular expression is not valid" in error_text(caught.value, "en")
    assert not (library.root / "quiz.yaml").exists()
    assert library.entries() == []


def test_export_and_import_keep_the_checks(library: Library, tmp_path: Path) -> None:
    library.save(quiz(CHECKS), None)
    for fmt in ("yaml", "json"):
        other = Library(tmp_path / f"other-{fmt}")
        results = other.import_text(library.export(["quiz"], fmt), fmt)
        assert [r.id for r in results] == ["quiz"]
        assert other.load("quiz").checks == CHECKS
        assert parse_templates(export_template(library.load("quiz"), fmt))[0].checks == CHECKS


def test_an_import_with_an_invalid_check_says_which(library: Library) -> None:
    text = export_template(quiz(CHECKS), "yaml").replace("bge-m3", "''")
    with pytest.raises(ImportFormatError) as caught:
        library.import_text(text)
    message = error_text(caught.value, "en")
    assert "Cannot import" in message and "checks[2].model" in message
    assert library.entries() == []


def test_library_files_without_checks_still_load(library: Library) -> None:
    starters = sorted(STARTER_DIR.glob("*.yaml"))
    assert starters
    library.root.mkdir(parents=True)
    for path in starters:
        (library.root / path.name).write_bytes(path.read_bytes())
    entries = library.entries()
    assert len(entries) == len(starters)
    assert all(e.template is not None and e.template.checks == [] for e in entries)
    edited = replace(library.load("zero-shot"), checks=CHECKS[:1])
    assert library.save(edited, library.current_version("zero-shot")) == 2
    assert library.load("zero-shot").checks == CHECKS[:1]
