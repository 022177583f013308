"""The template library: versions, stale saves, concurrency, search, import/export, starters."""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests.templates.test_templates import templates
from workbench.library.errors import (
    ImportFormatError,
    StaleVersionError,
    TemplateDeletedError,
    TemplateExistsError,
    TemplateNotFoundError,
    VersionNotFoundError,
)
from workbench.library.exchange import (
    export_bundle,
    export_template,
    from_open_webui,
    parse_templates,
    template_text,
)
from workbench.library.store import STARTER_DIR, Library
from workbench.techniques.reverse_chain import build_chain
from workbench.templates.model import TECHNIQUES
from workbench.templates.rendering import (
    Message,
    Template,
    Variable,
    VariableType,
    escape_jinja,
    from_dict,
    render,
    to_dict,
)


def sample(template_id: str = "blog", **changes: Any) -> Template:
    """A small valid template."""
    template = Template(
        id=template_id,
        name="Blog post",
        messages=[Message("user", "Write about {{topic}}.\nKeep it short.")],
        variables=[Variable("topic", default="tides")],
        tags=["writing"],
        technique="structured",
    )
    return replace(template, **changes)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """An empty library in a temporary directory."""
    return Library(tmp_path / "lib")


# --- saving and history ------------------------------------------------------------------------


def test_save_writes_a_readable_yaml_file_with_block_text(library: Library) -> None:
    assert library.save(sample(), None) == 1
    text = (library.root / "blog.yaml").read_text(encoding="utf-8")
    assert "  text: |-\n    Write about {{topic}}.\n    Keep it short.\n" in text
    assert text == (library.root / ".history" / "blog" / "1.yaml").read_text(encoding="utf-8")
    entry = library.get("blog")
    assert (entry.template, entry.version, entry.error) == (sample(), 1, None)


def test_every_save_is_a_new_version_with_diff_and_restore(library: Library) -> None:
    library.save(sample(), None)
    assert library.save(sample(description="Edited"), 1) == 2
    assert [v.number for v in library.versions("blog")] == [1, 2]
    diff = library.diff("blog", 1, 2)
    assert "--- blog v1\n+++ blog v2\n" in diff
    assert "-description: ''\n+description: Edited\n" in diff
    assert library.restore("blog", 1) == 3
    assert library.load("blog") == library.version("blog", 1) == sample()
    assert library.current_version("blog") == 3
    assert library.diff("blog", 1, 3) == ""


def test_a_stale_save_is_refused_with_the_diff(library: Library) -> None:
    library.save(sample(), None)
    library.save(sample(description="Theirs"), 1)
    with pytest.raises(StaleVersionError) as caught:
        library.save(sample(description="Mine"), 1)
    error = caught.value
    assert error.code == "error.template_stale"
    assert (error.params["based_on"], error.params["current"]) == (1, 2)
    assert "-description: Theirs\n+description: Mine\n" in error.diff
    assert error.params["diff"] == error.diff
    assert library.load("blog").description == "Theirs"
    assert library.current_version("blog") == 2


def test_a_new_template_cannot_take_an_existing_id(library: Library) -> None:
    library.save(sample(), None)
    with pytest.raises(TemplateExistsError) as caught:
        library.save(sample(name="Other"), None)
    assert caught.value.code == "error.template_exists"
    assert "-name: Blog post\n+name: Other\n" in caught.value.diff
    assert isinstance(caught.value, StaleVersionError)


def test_a_save_based_on_a_deleted_template_is_refused(library: Library) -> None:
    library.save(sample(), None)
    library.delete("blog")
    with pytest.raises(TemplateDeletedError) as caught:
        library.save(sample(description="late edit"), 1)
    assert caught.value.code == "error.template_deleted"
    assert caught.value.params["based_on"] == 1
    assert "-description: ''\n+description: late edit\n" in caught.value.diff


def test_a_hand_edit_counts_as_a_version_and_is_kept(library: Library) -> None:
    library.save(sample(), None)
    current = library.root / "blog.yaml"
    current.write_text(template_text(sample(description="by hand")), encoding="utf-8")
    assert library.current_version("blog") == 2
    assert [v.number for v in library.versions("blog")] == [1, 2]
    with pytest.raises(StaleVersionError):
        library.save(sample(description="mine"), 1)
    assert library.save(sample(description="mine"), 2) == 3
    assert library.version("blog", 2).description == "by hand"


@pytest.mark.parametrize("template_id", ["nope", "../escape", "Bad Id", ".history"])
def test_missing_templates_and_versions(library: Library, template_id: str) -> None:
    library.save(sample(), None)
    with pytest.raises(TemplateNotFoundError) as caught:
        library.get(template_id)
    assert caught.value.params == {"template": template_id}
    with pytest.raises(VersionNotFoundError) as missing:
        library.version("blog", 7)
    assert missing.value.params == {"template": "blog", "version": 7}


def test_a_save_refuses_templates_that_do_not_render(library: Library) -> None:
    from workbench.templates.rendering import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        library.save(sample(messages=[Message("user", "{% if %}")]), None)
    assert library.entries() == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary_files(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.save(sample(), None)
    before = (library.root / "blog.yaml").read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        library.save(sample(description="never"), 1)
    assert (library.root / "blog.yaml").read_bytes() == before
    assert not [p for p in library.root.rglob("*") if p.name.startswith(".tmp-")]


# --- soft delete -------------------------------------------------------------------------------


def test_delete_keeps_the_history_and_restore_brings_it_back(library: Library) -> None:
    library.save(sample(), None)
    library.save(sample(description="v2"), 1)
    library.delete("blog", based_on_version=2)
    assert library.entries() == [] and library.deleted() == ["blog"]
    assert library.version("blog", 2).description == "v2"
    assert library.restore("blog", 2) == 3
    assert library.deleted() == [] and library.load("blog").description == "v2"


def test_delete_based_on_an_old_version_is_refused(library: Library) -> None:
    library.save(sample(), None)
    library.save(sample(description="v2"), 1)
    with pytest.raises(StaleVersionError) as caught:
        library.delete("blog", based_on_version=1)
    assert "+description: v2" in caught.value.diff
    assert library.current_version("blog") == 2
    with pytest.raises(TemplateNotFoundError):
        library.delete("ghost")


def test_a_deleted_id_is_not_reused_by_unique_id(library: Library) -> None:
    library.save(sample(), None)
    library.delete("blog")
    assert library.unique_id("blog") == "blog-2"
    assert library.unique_id("fresh") == "fresh"


# --- two processes saving at once --------------------------------------------------------------


ROUNDS = 3


def _racing_saves(root: str, label: str, barrier: Any, results: Any) -> None:
    """Child process: each round, load the current version and save on top of it with the rest."""
    library = Library(root)
    for base in range(1, ROUNDS + 1):
        template = replace(library.load("blog"), description=f"{label} round {base}")
        barrier.wait()
        try:
            results.put((base, "saved", template.description, library.save(template, base)))
        except StaleVersionError as error:
            results.put((base, "stale", template.description, error.params["current"]))
        barrier.wait()


def test_concurrent_saves_on_one_base_version_have_exactly_one_winner(library: Library) -> None:
    library.save(sample(), None)
    context = multiprocessing.get_context("spawn")
    workers = 4
    barrier, results = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=_racing_saves, args=(str(library.root), f"w{n}", barrier, results))
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in range(workers * ROUNDS)]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    for base in range(1, ROUNDS + 1):
        this_round = [o for o in outcomes if o[0] == base]
        winners = [o for o in this_round if o[1] == "saved"]
        assert len(winners) == 1 and winners[0][3] == base + 1
        assert [o[3] for o in this_round if o[1] == "stale"] == [base + 1] * (workers - 1)
        assert library.version("blog", base + 1).description == winners[0][2]
    assert [v.number for v in library.versions("blog")] == list(range(1, ROUNDS + 2))
    assert library.current_version("blog") == ROUNDS + 1
    assert not [p for p in library.root.rglob("*") if p.name.startswith(".tmp-")]


# --- search and filter -------------------------------------------------------------------------


@pytest.fixture
def filled(library: Library) -> Library:
    """A library with English and Korean templates."""
    library.save(sample("quantum", name="Quantum Computing explained", tags=["Science"]), None)
    korean = sample(
        "yangja",
        name="양자 컴퓨팅 설명",
        description="고등학생을 위한 글",
        messages=[Message("user", "{{topic}}에 관한 블로그 글을 써 주세요.")],
        tags=["과학", "science"],
        technique="role",
    )
    library.save(korean, None)
    library.save(sample("recipe", name="Recipe card", tags=["food"]), None)
    return library


SEARCH_CASES = [
    ({"text": "QUANTUM"}, ["quantum"]),
    ({"text": "quantum explained"}, ["quantum"]),
    ({"text": "quantum cooking"}, []),
    ({"text": "양자"}, ["yangja"]),
    ({"text": unicodedata.normalize("NFD", "블로그")}, ["yangja"]),
    ({"text": "고등학생"}, ["yangja"]),
    ({"text": "keep it SHORT"}, ["quantum", "recipe"]),
    ({"tags": ["science"]}, ["quantum", "yangja"]),
    ({"tags": ["SCIENCE", "과학"]}, ["yangja"]),
    ({"technique": "role"}, ["yangja"]),
    ({"text": "recipe", "technique": "role"}, []),
    ({}, ["quantum", "recipe", "yangja"]),
]


@pytest.mark.parametrize(("query", "ids"), SEARCH_CASES)
def test_search_and_filter(filled: Library, query: dict[str, Any], ids: list[str]) -> None:
    assert [entry.id for entry in filled.search(**query)] == ids


# --- import and export -------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_bundles_round_trip_between_libraries(filled: Library, tmp_path: Path, fmt: Any) -> None:
    text = filled.export(["quantum", "yangja"], fmt)
    if fmt == "json":
        assert json.loads(text)["format"] == "ollama-workbench/templates"
    other = Library(tmp_path / "other")
    results = other.import_text(text)
    assert [(r.source_id, r.id, r.version) for r in results] == [
        ("quantum", "quantum", 1),
        ("yangja", "yangja", 1),
    ]
    assert other.load("yangja") == filled.load("yangja")


@pytest.mark.parametrize(
    ("on_collision", "expected"),
    [("new_id", ("blog-2", 1)), ("new_version", ("blog", 2)), ("skip", ("blog", None))],
)
def test_import_collisions_follow_the_callers_choice(
    library: Library, on_collision: Any, expected: tuple[str, int | None]
) -> None:
    library.save(sample(), None)
    [result] = library.import_templates([sample(description="imported")], on_collision)
    assert (result.id, result.version) == expected
    assert library.load(result.id).description == ("" if on_collision == "skip" else "imported")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_single_templates_export_and_parse(fmt: Any) -> None:
    template = sample(system="Be brief.", parameters={"temperature": 0.2, "stop": ["###"]})
    assert parse_templates(export_template(template, fmt)) == [template]
    assert parse_templates(export_bundle([template, sample("b")], fmt), fmt) == [
        template,
        sample("b"),
    ]


OPEN_WEBUI = [
    {
        "command": "/summarize",
        "title": "Summarize",
        "content": "Summarize {{CLIPBOARD}} for {{ your name }} in "
        "{{style | select:options=['a']}}. Literal {% stays.",
        "user_id": "u1",
        "timestamp": 1700000000,
    },
    {"command": "/요약", "title": "한국어 요약", "content": "{{주제}}를 세 줄로 요약해 주세요."},
]


def test_open_webui_prompts_become_templates_with_long_text_variables(library: Library) -> None:
    results = library.import_text(json.dumps(OPEN_WEBUI, ensure_ascii=False))
    assert [r.id for r in results] == ["summarize", "prompt"]
    summarize = library.load("summarize")
    assert [(v.name, v.type) for v in summarize.variables] == [
        ("CLIPBOARD", VariableType.LONG_TEXT),
        ("your_name", VariableType.LONG_TEXT),
        ("style", VariableType.LONG_TEXT),
    ]
    values = {"CLIPBOARD": "the text", "your_name": "Ann", "style": "bullets"}
    assert render(summarize, values)[0]["content"] == (
        "Summarize the text for Ann in bullets. Literal {% stays."
    )
    korean = library.load("prompt")
    assert korean.name == "한국어 요약" and [v.name for v in korean.variables] == ["주제"]
    assert from_open_webui(OPEN_WEBUI[1:])[0].tags == ["open-webui"]


BAD_IMPORTS = [
    ("{not json", "json", 0),
    ("key: [unclosed", None, 0),
    ("just a sentence", None, 0),
    ("templates: 5", None, 0),
    (json.dumps({"templates": [to_dict(sample()), {"id": "x"}]}), None, 2),
]


@pytest.mark.parametrize(("text", "fmt", "item"), BAD_IMPORTS)
def test_bad_imports_say_why(text: str, fmt: Any, item: int) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_templates(text, fmt)
    expected = "error.template_import" if item else "error.template_import_whole"
    assert caught.value.code == expected
    assert caught.value.params["item"] == item
    assert caught.value.message.startswith("Cannot import")


# --- broken files ------------------------------------------------------------------------------

BROKEN_FILES = [
    ("bad-yaml", "id: bad-yaml\nname: a: b\n", "error.library_file", "line 2, column 8"),
    ("not-mapping", "- just\n- a list\n", "error.template_format", "mapping"),
    ("no-messages", "id: no-messages\nname: X\n", "error.template_format", "messages"),
    ("wrong-type", "id: wrong-type\nname: X\nmessages: 5\n", "error.template_format", "type"),
    ("other-id", "id: elsewhere\nname: X\nmessages: [{role: user, text: hi}]\n", "", "match"),
    ("empty", "", "error.template_format", "mapping"),
]


def test_broken_files_are_listed_with_reasons_while_others_load(library: Library) -> None:
    library.save(sample(), None)
    for name, text, _, _ in BROKEN_FILES:
        (library.root / f"{name}.yaml").write_text(text, encoding="utf-8")
    (library.root / "latin1.yaml").write_bytes(b"name: caf\xe9\n")
    (library.root / "My Prompt.yaml").write_text(template_text(sample()), encoding="utf-8")
    entries = {entry.id: entry for entry in library.entries()}
    assert entries["blog"].template == sample() and entries["blog"].error is None
    for name, _, code, words in BROKEN_FILES:
        entry = entries[name]
        assert entry.template is None and words in (entry.error or "")
        assert entry.error_code == (code or "error.library_file")
    assert entries["latin1"].error_code == "error.library_file"
    assert "not a valid template id" in (entries["My Prompt"].error or "")
    assert [entry.id for entry in library.search()] == ["blog"]
    with pytest.raises(Exception, match="match"):
        library.load("other-id")


# --- property: anything saved loads back -------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_save_and_load_round_trip_arbitrary_unicode(template: Template) -> None:
    template.system = escape_jinja(template.system)
    template.messages = [Message(m.role, escape_jinja(m.text)) for m in template.messages]
    with tempfile.TemporaryDirectory() as root:
        library = Library(root)
        library.save(template, None)
        assert library.load(template.id) == template
        data = yaml.safe_load((Path(root) / f"{template.id}.yaml").read_text(encoding="utf-8"))
        assert from_dict(data) == template


# --- the shipped starter set -------------------------------------------------------------------

STARTERS = Library(STARTER_DIR).entries()


def test_the_starter_set_covers_every_technique_in_both_languages() -> None:
    assert all(entry.error is None for entry in STARTERS), [e.error for e in STARTERS]
    shipped = {(e.template.technique, e.template.language) for e in STARTERS if e.template}
    wanted = {(t, lang) for t in TECHNIQUES if t != "custom" for lang in ("en", "ko")}
    assert wanted <= shipped
    for rag_id in ("rag-answer", "rag-answer-ko"):
        rag = Library(STARTER_DIR).load(rag_id)
        assert [v.name for v in rag.variables] == ["context", "question"]


@pytest.mark.parametrize("entry", STARTERS, ids=lambda e: e.id)
def test_every_starter_loads_renders_and_round_trips(entry: Any) -> None:
    template = entry.template
    assert template is not None, entry.error
    assert template.id.endswith("-ko") == (template.language == "ko")
    messages = render(template, {})
    assert messages and all(m["content"].strip() for m in messages)
    if template.chain:
        assert len(build_chain(template, {}).steps) == len(template.messages)
    assert from_dict(to_dict(template)) == template
    assert template_text(template) == entry.path.read_text(encoding="utf-8")


def test_import_errors_read_wholly_in_korean() -> None:
    from workbench.i18n import error_text

    bad = "templates:\n  - id: Bad Id\n    name: x\n    messages: [{role: user, text: hi}]\n"
    with pytest.raises(ImportFormatError) as caught:
        parse_templates(bad)
    korean = error_text(caught.value, "ko")
    assert "항목 1" in korean and "영문 소문자" in korean
    assert "lowercase" not in korean
    assert "lowercase letters" in str(caught.value)
