"""model@host: split on the last "@" only when a configured label follows it."""

from __future__ import annotations

import pytest

from workbench.fleet import ModelRef, model_key, parse_ref

LABELS = ("gpu-a", "127.0.0.1:11434")


@pytest.mark.parametrize(
    ("text", "name", "host"),
    [
        ("gemma3:270m@gpu-a", "gemma3:270m", "gpu-a"),
        (" gemma3:270m@gpu-a ", "gemma3:270m", "gpu-a"),
        ("qwen3@127.0.0.1:11434", "qwen3", "127.0.0.1:11434"),
        ("team@corp/model@gpu-a", "team@corp/model", "gpu-a"),
        ("gemma3:270m", "gemma3:270m", None),
        ("team@corp/model", "team@corp/model", None),
        ("gemma3@laptop", "gemma3@laptop", None),
        ("gemma3@GPU-A", "gemma3@GPU-A", None),
        ("@gpu-a", "@gpu-a", None),
        ("gemma3@", "gemma3@", None),
    ],
)
def test_parse_ref(text: str, name: str, host: str | None) -> None:
    assert parse_ref(text, LABELS) == ModelRef(name, host)


@pytest.mark.parametrize("text", ["gemma3:270m@gpu-a", "gemma3:270m", "odd@name"])
def test_text_reads_back_as_written(text: str) -> None:
    assert parse_ref(text, LABELS).text == text


def test_model_names_compare_with_the_default_tag_and_any_case() -> None:
    assert model_key("Gemma3") == model_key("gemma3:latest")
    assert model_key("gemma3:270m") != model_key("gemma3")
