"""The library's stat-keyed index: outside changes are seen, unchanged files are not re-parsed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

import workbench.library.store as store_module
from tests.library.test_library import sample
from tests.templates.test_templates import templates
from workbench.errors import WorkbenchError
from workbench.library import STARTER_DIR, Library, StaleVersionError
from workbench.library.exchange import template_text
from workbench.library.yaml_format import SAFE_LOADER, load_template
from workbench.templates import Message, Template, escape_jinja

LOADERS = [yaml.SafeLoader, yaml.CSafeLoader]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of every template file parsed while the test runs."""
    seen: list[str] = []

    def counting(text: str, expected_id: str, filename: str, *args: Any) -> Template:
        seen.append(expected_id)
        return load_template(text, expected_id, filename, *args)

    monkeypatch.setattr(store_module, "load_template", counting)
    return seen


@pytest.fixture
def filled(tmp_path: Path) -> Library:
    """A library with three saved templates."""
    library = Library(tmp_path / "lib")
    for name in ("alpha", "beta", "gamma"):
        library.save(sample(name), None)
    return library


def fresh(library: Library) -> list[Any]:
    """The entries as an uncached library reads them."""
    return Library(library.root).entries()


def test_unchanged_files_are_not_parsed_again(filled: Library, parses: list[str]) -> None:
    filled.entries()
    assert sorted(parses) == ["alpha", "beta", "gamma"]
    parses.clear()
    assert filled.entries() == fresh(filled)
    parses.clear()
    filled.entries()
    assert parses == []


def test_an_outside_edit_add_and_delete_are_seen(filled: Library, parses: list[str]) -> None:
    filled.entries()
    parses.clear()
    root = filled.root
    edited = (root / "beta.yaml").read_text(encoding="utf-8").replace("Blog post", "Edited")
    (root / "beta.yaml").write_text(edited, encoding="utf-8")
    (root / "delta.yaml").write_text(template_text(sample("delta")), encoding="utf-8")
    (root / "alpha.yaml").unlink()
    entries = filled.entries()
    assert sorted(parses) == ["beta", "delta"]
    assert [e.id for e in entries] == ["beta", "delta", "gamma"]
    assert entries[0].template is not None and entries[0].template.name == "Edited"
    assert entries[0].version == 2
    assert entries == fresh(filled)


def test_a_pull_that_only_adds_history_updates_the_version(filled: Library) -> None:
    assert filled.entries()[0].version == 1
    history = filled.root / ".history" / "alpha"
    shutil.copy(history / "1.yaml", history / "2.yaml")
    os.utime(filled.root / "alpha.yaml", ns=(0, (filled.root / "alpha.yaml").stat().st_mtime_ns))
    assert filled.entries()[0].version == 2 == fresh(filled)[0].version


def test_two_instances_see_each_others_saves_and_stale_saves_are_refused(
    filled: Library,
) -> None:
    other = Library(filled.root)
    assert other.entries() == filled.entries()
    other.save(sample("beta", name="Theirs"), 1)
    beta = filled.entries()[1]
    assert beta.version == 2 and beta.template is not None and beta.template.name == "Theirs"
    with pytest.raises(StaleVersionError):
        filled.save(sample("beta", name="Mine"), 1)
    assert filled.entries() == other.entries() == fresh(filled)


def test_a_file_broken_from_outside_is_listed_then_fixed(filled: Library) -> None:
    filled.entries()
    good = (filled.root / "gamma.yaml").read_text(encoding="utf-8")
    (filled.root / "gamma.yaml").write_text("id: [unclosed", encoding="utf-8")
    assert filled.entries()[2].error is not None
    (filled.root / "gamma.yaml").write_text(good, encoding="utf-8")
    assert filled.entries()[2].template == sample("gamma")


@pytest.mark.parametrize("path", sorted(STARTER_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_c_and_pure_loaders_read_every_starter_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pure, fast = (load_template(text, path.stem, path.name, loader) for loader in LOADERS)
    assert pure == fast


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_c_and_pure_loaders_read_any_saved_template_alike(template: Template) -> None:
    template.system = escape_jinja(template.system)
    template.messages = [Message(m.role, escape_jinja(m.text)) for m in template.messages]
    text = template_text(template)
    pure, fast = (load_template(text, template.id, "t.yaml", loader) for loader in LOADERS)
    assert pure == fast == template


@pytest.mark.parametrize("text", ["id: [unclosed", "id: a\n\tb: 1", "- just\n- a list"])
def test_c_and_pure_loaders_refuse_the_same_files(text: str) -> None:
    errors = []
    for loader in LOADERS:
        with pytest.raises(WorkbenchError) as caught:
            load_template(text, "a", "a.yaml", loader)
        errors.append(caught.value.code)
    assert errors[0] == errors[1]


def test_the_default_loader_is_the_c_one_when_available() -> None:
    assert SAFE_LOADER is yaml.CSafeLoader


def test_a_kept_index_spares_a_restarted_process_the_parsing(
    filled: Library, parses: list[str], tmp_path: Path
) -> None:
    index_file = tmp_path / "cache" / "library.pickle"
    first = Library(filled.root, index_file).entries()
    assert index_file.is_file()
    parses.clear()
    restarted = Library(filled.root, index_file).entries()
    assert parses == []
    assert [(e.id, e.template, e.version) for e in restarted] == [
        (e.id, e.template, e.version) for e in first
    ]


def test_a_kept_index_sees_what_changed_while_the_process_was_down(
    filled: Library, parses: list[str], tmp_path: Path
) -> None:
    index_file = tmp_path / "library.pickle"
    Library(filled.root, index_file).entries()
    filled.save(sample("delta"), None)
    (filled.root / "gamma.yaml").unlink()
    parses.clear()
    ids = [entry.id for entry in Library(filled.root, index_file).entries()]
    assert ids == ["alpha", "beta", "delta"] and parses == ["delta"]


@pytest.mark.parametrize("content", [b"not a pickle", b""])
def test_a_damaged_kept_index_is_rebuilt(
    filled: Library, parses: list[str], tmp_path: Path, content: bytes
) -> None:
    index_file = tmp_path / "library.pickle"
    index_file.write_bytes(content)
    parses.clear()
    assert [e.id for e in Library(filled.root, index_file).entries()] == ["alpha", "beta", "gamma"]
    assert sorted(parses) == ["alpha", "beta", "gamma"]


def test_an_index_kept_by_other_code_is_not_used(
    filled: Library, parses: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_file = tmp_path / "library.pickle"
    Library(filled.root, index_file).entries()
    monkeypatch.setattr(store_module, "INDEX_STAMP", "other code")
    parses.clear()
    Library(filled.root, index_file).entries()
    assert sorted(parses) == ["alpha", "beta", "gamma"]


def test_an_unwritable_index_file_only_costs_speed(filled: Library, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert [e.id for e in Library(filled.root, blocker / "x.pickle").entries()] == [
        "alpha",
        "beta",
        "gamma",
    ]
