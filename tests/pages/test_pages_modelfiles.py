"""AppTest flows of the Modelfiles page: load, validate at the line, form, create."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_support
from tests.fake_ollama import FakeOllama
from tests.modelfile.test_modelfile_adapters import CONFIG
from tests.pages_support import button, errors, texts, widget
from workbench.modelfile import parse
from workbench.modelfile.workshop import list_examples, read_example
from workbench.ollama.client import OllamaService
from workbench.playground import stop_lines

open_modelfiles = partial(pages_support.open_page, "pages/modelfiles.py", timeout=20)


def load_example(at: AppTest, name: str) -> None:
    at.selectbox(key="mf.example").select(name).run()
    button(at, "Load into the editor").click().run()


def test_load_an_example_and_see_it_valid(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    load_example(at, "summarizer")
    assert at.text_area(key="mf.text").value == read_example("summarizer")
    assert at.success[0].value.startswith("Valid Modelfile: FROM gemma3:270m")


def test_an_error_is_shown_at_its_line_then_fixed(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    load_example(at, "summarizer")
    broken = read_example("summarizer").replace("PARAMETER temperature", "PARAMETER Temperature")
    at.text_area(key="mf.text").input(broken).run()
    error = at.error[0].value
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "Temperature" in text)
    assert error.startswith(f"Line {line}: ")
    assert "did you mean 'temperature'" in error
    assert any(f"> {line} |" in code.value for code in at.code)
    at.text_area(key="mf.text").input(read_example("summarizer")).run()
    assert not at.error


def test_create_from_the_page_then_listed(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    load_example(at, "korean-expert")
    name_input = widget(at.text_input, "Name of the new model")
    name_input.input("korean-expert:latest")
    button(at, "Create").click().run()
    assert not at.exception
    assert any(s.value == "Created korean-expert:latest." for s in at.success)
    assert "korean-expert:latest" in workbench_env.model_names()


def form_input(at: AppTest, kind: str, label: str):
    """The form's widget of this kind and label (its key changes with the text)."""
    return next(w for w in getattr(at, kind) if w.label == label and w.key.startswith("mf.form."))


def test_the_form_writes_every_change_to_the_text_at_once(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    load_example(at, "summarizer")
    form_input(at, "text_area", "SYSTEM").input("You summarise in three bullet points.").run()
    text = at.text_area(key="mf.text").value
    assert "SYSTEM You summarise in three bullet points." in text
    assert "PARAMETER temperature 0" in text
    form_input(at, "number_input", "temperature").set_value(0.9).run()
    text = at.text_area(key="mf.text").value
    assert "PARAMETER temperature 0.9" in text and "You summarise" in text


def test_the_text_redraws_the_typed_rows(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    at.text_area(key="mf.text").input(
        'FROM gemma3:270m\nPARAMETER num_ctx 4096\nPARAMETER stop "<end>"\nPARAMETER stop "###"\n'
    ).run()
    assert form_input(at, "number_input", "num_ctx").value == 4096
    assert form_input(at, "text_area", "stop").value == "<end>\n###"
    assert form_input(at, "number_input", "num_ctx").min == 1
    assert "Usual range" in form_input(at, "number_input", "num_ctx").help


def test_a_parameter_row_is_added_and_removed(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    at.text_area(key="mf.text").input("FROM gemma3:270m\n").run()
    form_input(at, "selectbox", "Add a parameter").select("top_k").run()
    next(b for b in at.button if b.key == "mf.form.add.button").click().run()
    assert "PARAMETER top_k 40" in at.text_area(key="mf.text").value
    remove = next(
        b for b in at.button if b.key and ".top_k." in b.key and b.key.endswith(".remove")
    )
    remove.click().run()
    assert "top_k" not in at.text_area(key="mf.text").value


def test_stop_lines_become_one_parameter_each(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    at.text_area(key="mf.text").input('FROM gemma3:270m\nPARAMETER stop "<end>"\n').run()
    form_input(at, "text_area", "stop").input("<end>\nUser:").run()
    text = at.text_area(key="mf.text").value
    assert "PARAMETER stop <end>" in text and "PARAMETER stop User:" in text


def test_missing_base_model_is_warned(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    at.text_area(key="mf.text").input("FROM mistral:7b\n").run()
    assert "mistral:7b, which is not installed" in at.warning[0].value


def test_the_page_in_korean(workbench_env: FakeOllama) -> None:
    at = open_modelfiles("ko")
    at.text_area(key="mf.text").input("FROM gemma3:270m\nFOO bar\n").run()
    message = at.error[0].value
    assert message.startswith("2번째 줄: ")
    assert "FOO" in message and "명령" in message
    assert any(b.label == "편집기로 불러오기" for b in at.button)


def test_a_path_outside_the_allowed_folders_is_flagged_while_typing(workbench_env) -> None:
    at = open_modelfiles()
    at.text_area(key="mf.text").input("FROM /etc/passwd\n").run()
    valid = [s.value for s in at.success if s.value.startswith("Valid Modelfile")]
    assert not valid  # never "✅ Valid Modelfile" for a file create would refuse
    error = at.error[0].value
    assert error.startswith("Line 1: ") and "/etc/passwd" in error
    assert "outside the directories the workbench may read" in error
    assert "Modelfiles page" not in error and "(line 1)" not in error
    at.text_area(key="mf.text").input("FROM gemma3:270m\n").run()
    assert not at.error
    assert any(s.value.startswith("Valid Modelfile") for s in at.success)


def test_the_base_diff_resolves_names_and_shows_only_real_changes(workbench_env) -> None:
    service = OllamaService(workbench_env.url)
    service.copy("gemma3:270m", "gemma3:latest")
    service.close()
    at = open_modelfiles()
    at.text_area(key="mf.text").input("FROM gemma3:270m\nPARAMETER temperature 0.2\n").run()
    diffs = [c.value for c in at.code if c.language == "diff"]
    assert diffs, "a diff against the installed base"
    removed = [line for line in diffs[0].splitlines() if line.startswith("-") and "---" not in line]
    assert not any(line.startswith(("-TEMPLATE", "-PARAMETER stop")) for line in removed)
    assert "+PARAMETER temperature 0.2" in diffs[0]
    at.text_area(key="mf.text").input("FROM gemma3\nPARAMETER num_ctx 256\n").run()
    assert "The diff needs FROM to name an installed model." not in [c.value for c in at.caption]
    assert any("+PARAMETER num_ctx 256" in c.value for c in at.code if c.language == "diff")


# The GGUF example reads a file that is not uploaded here, so the form waits for a valid text.
@pytest.mark.parametrize("name", [n for n in list_examples() if n != "korean-llama3-gguf"])
def test_every_example_fills_the_form(workbench_env: FakeOllama, name: str) -> None:
    at = open_modelfiles()
    load_example(at, name)
    assert not at.exception
    for parameter, value in parse(read_example(name)).parameters.items():
        shown = next(w for w in [*at.number_input, *at.text_area] if w.label == parameter)
        assert shown.value == (stop_lines(value) if isinstance(value, list) else value)


def adapter_files(config: dict | None = CONFIG) -> list[tuple[str, bytes, str]]:
    files = [
        (
            "adapter_model.safetensors",
            b"\x02\x00\x00\x00\x00\x00\x00\x00{}",
            "application/octet-stream",
        )
    ]
    if config is not None:
        files.append(("adapter_config.json", json.dumps(config).encode(), "application/json"))
    return files


def upload_adapter(at: AppTest, files: list[tuple[str, bytes, str]]) -> None:
    next(u for u in at.file_uploader if u.key == "mf.adapter").set_value(files).run()


def test_an_adapter_is_uploaded_checked_against_from_and_created(
    workbench_env: FakeOllama, tmp_path: Path
) -> None:
    at = open_modelfiles()
    upload_adapter(at, adapter_files())
    saved = next(s.value for s in at.success if s.value.startswith("Adapter saved as "))
    path = saved.removeprefix("Adapter saved as ").removesuffix(".")
    assert path.startswith("./Llama-3.1-8B-Instruct-lora-")
    button(at, f"Use {path} as the ADAPTER").click().run()
    assert f"ADAPTER {path}" in at.text_area(key="mf.text").value
    table = at.table[0].value
    assert "meta-llama/Llama-3.1-8B-Instruct" in table.to_string()
    assert "gemma3:270m" in table.to_string() and "268.10M" in table.to_string()
    warnings = texts(at, ("warning",))
    assert "trained for a llama model, but FROM gemma3:270m is a gemma3 model" in warnings
    assert "trained on a model with 8B parameters, but FROM gemma3:270m has 268.10M" in warnings
    widget(at.text_input, "Name of the new model").input("tuned:latest")
    button(at, "Create").click().run()
    assert not at.exception and not at.error
    assert any(s.value == "Created tuned:latest." for s in at.success)
    assert "tuned:latest" in workbench_env.model_names()
    body = next(b for _, p, b in workbench_env.requests if p == "/api/create")
    assert set(body["adapters"]) == {"adapter_model.safetensors", "adapter_config.json"}


def test_a_matching_adapter_is_not_warned_about(workbench_env: FakeOllama) -> None:
    at = open_modelfiles()
    upload_adapter(at, adapter_files({**CONFIG, "base_model_name_or_path": "google/gemma-3-270m"}))
    path = next(s.value for s in at.success if s.value.startswith("Adapter saved as "))[17:-1]
    button(at, f"Use {path} as the ADAPTER").click().run()
    assert not at.warning
    assert "The adapter's base matches FROM gemma3:270m." in texts(at, ("caption",))


def test_a_folder_without_adapter_config_is_refused_and_not_kept(
    workbench_env: FakeOllama, tmp_path: Path
) -> None:
    at = open_modelfiles()
    upload_adapter(at, adapter_files(config=None))
    assert "adapter_config.json is missing" in errors(at)
    assert not any(s.value.startswith("Adapter saved") for s in at.success)
    uploads = tmp_path / "data" / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_the_adapter_mismatch_in_korean(workbench_env: FakeOllama) -> None:
    at = open_modelfiles("ko")
    upload_adapter(at, adapter_files())
    path = next(b.label for b in at.button if b.label.endswith("를 ADAPTER로 쓰기"))
    button(at, path).click().run()
    warnings = texts(at, ("warning",))
    assert "llama 모델용으로 학습되었지만 FROM gemma3:270m은(는) gemma3 모델입니다" in warnings
