"""The Modelfiles page's logic: examples, checks, form round-trip, saving, creating a model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama, build_gguf
from workbench.errors import InvalidModelName, WorkbenchError
from workbench.i18n import error_text
from workbench.modelfile.parsing import ModelfileError, parse
from workbench.modelfile.workshop import (
    CreateEvent,
    base_model_name,
    checks,
    create_model,
    error_excerpt,
    example_summary,
    from_form,
    list_examples,
    read_example,
    save_example,
    to_form,
    unified_diff,
)
from workbench.ollama.client import OllamaService

GGUF_EXAMPLE = "korean-llama3-gguf"


@pytest.mark.parametrize("name", list_examples())
def test_every_example_has_a_header_and_survives_the_form(name: str) -> None:
    text = read_example(name)
    assert example_summary(text)
    modelfile = parse(text)
    assert from_form(to_form(modelfile), modelfile) == modelfile


@pytest.mark.parametrize("name", list_examples())
def test_every_example_describes_itself_in_both_languages(name: str) -> None:
    text = read_example(name)
    korean, english = example_summary(text, "ko"), example_summary(text, "en")
    assert re.search("[가-힣]", korean), korean
    assert english.isascii(), english


def test_a_summary_falls_back_to_the_first_comment_without_one_in_the_language() -> None:
    assert example_summary("# Only English here\nFROM x\n", "ko") == "Only English here"
    assert example_summary("FROM x\n", "ko") == ""


def test_the_form_validates_parameter_rows() -> None:
    form = to_form(parse("FROM gemma3:270m\nPARAMETER temperature 0.5\n"))
    form.parameters.append({"name": "top_k", "value": "many"})
    with pytest.raises(ModelfileError, match="top_k"):
        from_form(form)


def test_the_form_collects_stop_rows_into_a_list() -> None:
    form = to_form(parse("FROM gemma3:270m\n"))
    form.parameters.extend(
        [{"name": "stop", "value": "<|eot_id|>"}, {"name": "stop", "value": "User:"}]
    )
    assert from_form(form).parameters["stop"] == ["<|eot_id|>", "User:"]


@pytest.mark.parametrize(
    ("text", "installed", "context", "keys"),
    [
        ("FROM gemma3:270m\n", ["gemma3:270m"], 32768, []),
        ("FROM gemma3\n", ["gemma3:latest"], None, []),
        ("FROM mistral:7b\n", ["gemma3:270m"], None, ["modelfiles.check_missing_base"]),
        (
            "FROM gemma3:270m\nPARAMETER num_ctx 65536\n",
            ["gemma3:270m"],
            32768,
            ["modelfiles.check_num_ctx"],
        ),
        (
            "FROM gemma3:270m\nPARAMETER mirostat 1\n",
            ["gemma3:270m"],
            None,
            ["warning.modelfile_deprecated"],
        ),
        ("FROM ./model.gguf\n", [], None, []),
    ],
)
def test_checks_before_create(text, installed, context, keys) -> None:
    assert [c.key for c in checks(parse(text), installed, context)] == keys


def test_base_model_name_is_none_for_files() -> None:
    assert base_model_name(parse("FROM ./x.gguf\n")) is None
    assert base_model_name(parse("FROM llama3:8b\n")) == "llama3:8b"


def test_error_excerpt_marks_the_line() -> None:
    text = "FROM gemma3:270m\nPARAMETER temperature 0.7\nPARAMETR top_k 3\nSYSTEM hi\n"
    with pytest.raises(ModelfileError) as caught:
        parse(text)
    assert error_text(caught.value, "en", with_line=False).startswith("command must be one of")
    assert error_text(caught.value, "ko", with_line=False).startswith("명령어가 올바르지 않습니다")
    assert error_text(caught.value, "en").startswith("(line 3): command must be one of")
    excerpt = error_excerpt(text, caught.value)
    assert "> 3 | PARAMETR top_k 3" in excerpt
    assert "  1 | FROM gemma3:270m" in excerpt


def test_diff_against_the_base() -> None:
    diff = unified_diff("FROM a\n", "FROM a\nSYSTEM hi\n", "base", "mine")
    assert "+SYSTEM hi" in diff
    assert unified_diff("x", "x", "a", "b") == ""


def test_saving_refuses_bad_names_and_silent_overwrites(tmp_path: Path) -> None:
    path = save_example("내-모델", "FROM gemma3:270m\n", folder=tmp_path)
    assert path.name == "내-모델.Modelfile"
    with pytest.raises(WorkbenchError, match="already exists"):
        save_example("내-모델", "FROM gemma3:270m\nSYSTEM x\n", folder=tmp_path)
    assert path.read_text(encoding="utf-8") == "FROM gemma3:270m\n"
    save_example("내-모델", "FROM gemma3:270m\nSYSTEM x\n", folder=tmp_path, overwrite=True)
    assert "SYSTEM x" in path.read_text(encoding="utf-8")
    for bad in ["../evil", "a/b", "", ".hidden"]:
        with pytest.raises(WorkbenchError):
            save_example(bad, "FROM gemma3:270m\n", folder=tmp_path)
    with pytest.raises(ModelfileError):
        save_example("broken", "PARAMETER top_k 1\n", folder=tmp_path)
    assert not (tmp_path / "broken.Modelfile").exists()


def record() -> tuple[list[CreateEvent], callable]:
    events: list[CreateEvent] = []
    return events, events.append


@pytest.mark.parametrize("name", [n for n in list_examples() if n != GGUF_EXAMPLE])
def test_every_example_creates_a_model(name: str, service: OllamaService, tmp_path) -> None:
    events, on_event = record()
    create_model(service, parse(read_example(name)), f"ex-{name}", tmp_path, [tmp_path], on_event)
    assert events[-1] == CreateEvent("status", "success")
    details = service.show(f"ex-{name}")
    assert details.system == (parse(read_example(name)).system or details.system)


def test_the_gguf_example_uploads_then_creates(
    service: OllamaService, fake_daemon: FakeOllama, tmp_path: Path
) -> None:
    gguf = build_gguf({"general.architecture": "llama", "llama.context_length": 8192})
    (tmp_path / "Llama-3-Open-Ko-8B-Q8_0.gguf").write_bytes(gguf)
    modelfile = parse(read_example(GGUF_EXAMPLE))
    events, on_event = record()
    create_model(service, modelfile, "llama3-ko", tmp_path, [tmp_path], on_event)
    phases = [e.phase for e in events]
    assert "hash" in phases and "upload" in phases
    assert events[-1].label == "success"
    uploads = [e for e in events if e.phase == "upload"]
    assert uploads[-1].completed == uploads[-1].total == len(gguf)
    details = service.show("llama3-ko")
    assert "한국어" in details.system
    assert details.parameters["stop"] == ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]

    events.clear()
    create_model(service, modelfile, "llama3-ko-again", tmp_path, [tmp_path], on_event)
    assert "upload" not in [e.phase for e in events]
    assert "skip" in [e.phase for e in events]


def test_a_file_outside_the_allowed_dirs_is_refused(service, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "m.gguf").write_bytes(build_gguf({}))
    allowed = tmp_path / "uploads"
    allowed.mkdir()
    with pytest.raises(ModelfileError, match="outside"):
        create_model(service, parse(f"FROM {outside}/m.gguf\n"), "x", allowed, [allowed], print)


def test_creating_from_a_missing_base_explains(service: OllamaService, tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError) as caught:
        create_model(service, parse("FROM mistral:7b\n"), "x", tmp_path, [tmp_path], print)
    assert "mistral:7b" in str(caught.value)


def test_an_invalid_new_name_is_refused(service: OllamaService, tmp_path: Path) -> None:
    with pytest.raises(InvalidModelName):
        create_model(service, parse("FROM gemma3:270m\n"), "bad name", tmp_path, [tmp_path], print)


def test_a_name_without_a_tag_finds_the_installed_latest() -> None:
    from workbench.modelfile import installed_name

    installed = ["gemma3:latest", "qwen3:0.6b", "library/llama3.2:latest"]
    assert installed_name("gemma3", installed) == "gemma3:latest"
    assert installed_name("Gemma3:latest", installed) == "gemma3:latest"
    assert installed_name("qwen3", installed) is None
    assert installed_name("qwen3:0.6b", installed) == "qwen3:0.6b"


def test_the_created_model_inherits_what_the_modelfile_leaves_out() -> None:
    from workbench.modelfile import as_created

    base = parse(
        'FROM /blobs/sha256-abc\nTEMPLATE """{{ .Prompt }}"""\n'
        "PARAMETER stop <end>\nPARAMETER temperature 1\nSYSTEM base\n"
    )
    mine = parse("FROM gemma3\nPARAMETER temperature 0.2\nPARAMETER num_ctx 4096\n")
    created = as_created(mine, base)
    assert created.template == base.template and created.system == "base"
    assert created.parameters == {"stop": ["<end>"], "temperature": 0.2, "num_ctx": 4096}
    assert created.from_ == base.from_
    own = as_created(parse('FROM gemma3\nSYSTEM """짧게 답해."""\n'), base)
    assert own.system == "짧게 답해."
