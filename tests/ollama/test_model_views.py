"""Pure helpers behind the Models page: table rows, GPU/CPU split, pull progress, names."""

from datetime import UTC, datetime, timedelta

import pytest

from workbench.errors import InvalidModelName
from workbench.ollama.models import (
    InstalledModel,
    PullProgress,
    RunningModel,
    parse_parameters,
    parse_timestamp,
)
from workbench.ollama.names import is_valid_model_name, validate_model_name, with_default_tag
from workbench.ollama.pull_progress import PullTracker
from workbench.ollama.views import installed_rows, processor_split, running_rows


@pytest.mark.parametrize(
    ("size", "vram", "expected"),
    [
        (477798912, 0, "100% CPU"),
        (1000, 1000, "100% GPU"),
        (1000, 520, "48%/52% CPU/GPU"),
        (0, 0, "100% CPU"),
    ],
)
def test_processor_split_reads_like_ollama_ps(size: int, vram: int, expected: str) -> None:
    assert processor_split(size, vram) == expected


def test_installed_rows_are_localised() -> None:
    model = InstalledModel(
        "gemma3:270m", "gemma3", "268.10M", "Q4_K_M", 253113899, None, "d", ("completion",), 32768
    )
    (row,) = installed_rows([model], "ko")
    assert row["이름"] == "gemma3:270m"
    assert row["크기"] == "253 MB"
    assert row["기능"] == "채팅"
    assert row["컨텍스트 길이"] == 32768


def test_running_rows_show_split_and_expiry() -> None:
    now = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
    model = RunningModel("gemma3:270m", 477798912, 0, now + timedelta(minutes=5), 4096)
    (row,) = running_rows([model], now, "en")
    assert row["Processor"] == "100% CPU"
    assert row["Unloads"] == "in 5 min 0 s"
    assert row["Memory"] == "478 MB"


def test_pull_tracker_adds_up_layers_and_finishes() -> None:
    tracker = PullTracker()
    lines = [
        PullProgress("pulling manifest"),
        PullProgress("pulling aaa", "sha256:aaa", 0, 100),
        PullProgress("pulling aaa", "sha256:aaa", 50, 100),
        PullProgress("pulling bbb", "sha256:bbb", 10, 300),
        PullProgress("pulling aaa", "sha256:aaa", 40, 100),
    ]
    for line in lines:
        tracker.update(line)
    assert tracker.completed == 60
    assert tracker.total == 400
    assert tracker.fraction == pytest.approx(0.15)
    assert tracker.layers["sha256:aaa"].fraction == 0.5
    tracker.update(PullProgress("success"))
    assert tracker.done and tracker.fraction == 1.0


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("llama3.2", True),
        ("llama3:7b-instruct-q4_K_M", True),
        ("team/model:1", True),
        ("registry.ollama.ai/library/gemma3:270m", True),
        ("localhost:5000/ns/m:t", True),
        ("bad name", False),
        ("-leading-dash", False),
        ("a/b/c/d", False),
        ("모델", False),
        ("model:", False),
        ("x" * 81, False),
    ],
)
def test_model_name_rules(name: str, valid: bool) -> None:
    assert is_valid_model_name(name) is valid


def test_validate_model_name_explains_the_rules() -> None:
    assert validate_model_name("  my-model:v1 ") == "my-model:v1"
    with pytest.raises(InvalidModelName, match=r"e\.g\. my-assistant:latest"):
        validate_model_name("my model")
    assert with_default_tag("team/m") == "team/m:latest"
    assert with_default_tag("localhost:5000/m") == "localhost:5000/m:latest"


def test_show_parameters_text_is_parsed_into_values() -> None:
    text = (
        "top_p                          0.95\nnum_predict                    128\n"
        'stop                           "<end_of_turn>"\nstop                           "User:"\n'
        "temperature                    1\nuse_mmap                       false"
    )
    assert parse_parameters(text) == {
        "top_p": 0.95,
        "num_predict": 128,
        "stop": ["<end_of_turn>", "User:"],
        "temperature": 1,
        "use_mmap": False,
    }


def test_timestamps_with_nanoseconds_parse() -> None:
    moment = parse_timestamp("2026-11-22T05:50:56.1928912Z")
    assert moment == datetime(2026, 11, 22, 5, 50, 56, 192891, tzinfo=UTC)
    assert parse_timestamp("2025-05-04T17:37:44-07:00").utcoffset() == timedelta(hours=-7)
    assert parse_timestamp("garbage") is None


@pytest.mark.parametrize(
    ("capabilities", "is_chat"),
    [
        (("completion",), True),
        (("completion", "vision", "tools"), True),
        ((), True),
        (("embedding",), False),
        (("embedding", "completion"), False),
        (("insert",), False),
    ],
)
def test_is_chat_is_the_one_rule_for_chat_models(
    capabilities: tuple[str, ...], is_chat: bool
) -> None:
    model = InstalledModel("m", "", "", "", 0, None, "", capabilities)
    assert model.is_chat is is_chat


def test_the_modelfile_from_show_names_the_model_instead_of_its_blob() -> None:
    from workbench.ollama import is_blob_path, shareable_modelfile

    blob = "~/.ollama/models/blobs/sha256-" + "a5fd3b62" * 8
    text = f"# FROM gemma3-270m:latest\n\nFROM {blob}\nPARAMETER stop <end>\n"
    shown = shareable_modelfile(text, "gemma3-270m:latest")
    assert "FROM gemma3-270m:latest\nPARAMETER stop <end>" in shown and "blobs" not in shown
    assert is_blob_path(blob) and not is_blob_path("gemma3:270m")
    assert shareable_modelfile("FROM llama3.2\n", "x") == "FROM llama3.2\n"
