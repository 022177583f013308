"""Settings: parsing from the environment, bad values, and the README documenting each one."""

from pathlib import Path

import pytest

from workbench.errors import SettingsError
from workbench.fleet import Host
from workbench.settings import (
    SETTINGS,
    load_settings,
    normalize_ollama_host,
    setting_text,
    settings_markdown_table,
)

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "http://127.0.0.1:11434"),
        ("127.0.0.1:11434", "http://127.0.0.1:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        (":56789", "http://127.0.0.1:56789"),
        ("0.0.0.0", "http://0.0.0.0:11434"),
        ("localhost", "http://localhost:11434"),
        ("http://gpu-box", "http://gpu-box:80"),
        ("https://gpu-box", "https://gpu-box:443"),
        ("HTTP://gpu-box:8080/", "http://gpu-box:8080"),
        ("http://[::1]:8080/ollama/", "http://[::1]:8080/ollama"),
        ("  example.com:1234  ", "http://example.com:1234"),
    ],
)
def test_ollama_host_is_normalised_like_the_ollama_cli(value: str, expected: str) -> None:
    assert normalize_ollama_host(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("ftp://gpu-box", "error.settings_scheme"),
        ("localhost:abc", "error.settings_host"),
        ("http://", "error.settings_host"),
        ("gpu box:11434", "error.settings_host"),
        ("localhost:99999", "error.settings_host"),
    ],
)
def test_malformed_ollama_host_is_refused_with_a_hint(value: str, code: str) -> None:
    with pytest.raises(SettingsError) as caught:
        normalize_ollama_host(value)
    assert caught.value.code == code
    assert "OLLAMA_HOST" in str(caught.value)


def test_defaults_apply_when_the_environment_is_empty(tmp_path: Path) -> None:
    settings = load_settings({})
    assert settings.ollama_host == "http://127.0.0.1:11434"
    assert settings.data_dir == Path("~/.ollama-workbench").expanduser()
    assert settings.request_timeout == 30
    assert settings.model_dirs == ()
    assert settings.redraw_interval == 0.25


def test_values_come_from_the_environment(tmp_path: Path) -> None:
    env = {
        "OLLAMA_HOST": ":1234",
        "WORKBENCH_DATA_DIR": str(tmp_path),
        "WORKBENCH_REQUEST_TIMEOUT": "2.5",
        "WORKBENCH_MODEL_DIRS": f"{tmp_path / 'a'}:{tmp_path / 'b'}",
        "WORKBENCH_REDRAW_INTERVAL": "0.5",
    }
    settings = load_settings(env)
    assert settings.ollama_host == "http://127.0.0.1:1234"
    assert settings.data_dir == tmp_path
    assert settings.upload_dir == tmp_path / "uploads"
    assert settings.request_timeout == 2.5
    assert settings.model_dirs == (tmp_path / "a", tmp_path / "b")
    assert settings.redraw_interval == 0.5


@pytest.mark.parametrize("value", ["0", "-3", "soon", "nan-ish"])
@pytest.mark.parametrize("name", ["WORKBENCH_STREAM_TIMEOUT", "WORKBENCH_REDRAW_INTERVAL"])
def test_durations_must_be_positive_numbers(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value})


def test_the_readme_documents_every_setting() -> None:
    table = settings_markdown_table()
    assert table in README.read_text(encoding="utf-8"), f"Paste this into the README:\n{table}"
    assert all(f"`{spec.env}`" in table for spec in SETTINGS)


@pytest.mark.parametrize(
    ("value", "english", "korean"),
    [
        (None, "not set", "설정 안 함"),
        ((), "none", "없음"),
        (3.0, "3", "3"),
        (0.25, "0.25", "0.25"),
    ],
)
def test_setting_values_read_like_words(value, english, korean) -> None:
    from workbench.settings import setting_text

    assert setting_text(value, "en") == english
    assert setting_text(value, "ko") == korean


def test_without_ollama_hosts_the_one_daemon_of_ollama_host_is_the_fleet() -> None:
    settings = load_settings({"OLLAMA_HOST": "gpu-box:8080", "OLLAMA_HOSTS": "  "})
    assert settings.ollama_host == "http://gpu-box:8080"
    assert settings.ollama_hosts == (Host("gpu-box:8080", "http://gpu-box:8080"),)
    assert not settings.several_hosts


def test_ollama_hosts_lists_the_daemons_and_the_first_is_ollama_host() -> None:
    env = {"OLLAMA_HOST": ":1", "OLLAMA_HOSTS": "gpu-a=http://10.0.0.5:11434,laptop=:11434"}
    settings = load_settings(env)
    assert settings.ollama_hosts == (
        Host("gpu-a", "http://10.0.0.5:11434"),
        Host("laptop", "http://127.0.0.1:11434"),
    )
    assert settings.several_hosts
    assert settings.ollama_host == "http://10.0.0.5:11434"
    assert setting_text(settings.ollama_hosts, "en") == (
        "gpu-a=http://10.0.0.5:11434, laptop=http://127.0.0.1:11434"
    )


def test_a_bad_ollama_hosts_entry_stops_the_settings() -> None:
    with pytest.raises(SettingsError, match="OLLAMA_HOSTS names two daemons 'a'"):
        load_settings({"OLLAMA_HOSTS": "a=:1,a=:2"})
