"""OLLAMA_HOSTS: labelled and bare entries, and each bad entry refused with what to do."""

from __future__ import annotations

import pytest

from workbench.errors import SettingsError
from workbench.fleet import Host, host_label, parse_hosts
from workbench.i18n import error_text


def test_labelled_and_bare_entries_are_normalised_like_ollama_host() -> None:
    hosts = parse_hosts(" gpu-a=http://10.0.0.5:11434 , laptop=127.0.0.1,:5000,[::1]:8080 ")
    assert hosts == (
        Host("gpu-a", "http://10.0.0.5:11434"),
        Host("laptop", "http://127.0.0.1:11434"),
        Host("127.0.0.1:5000", "http://127.0.0.1:5000"),
        Host("[::1]:8080", "http://[::1]:8080"),
    )


def test_a_bare_url_is_labelled_with_its_host_and_port() -> None:
    assert parse_hosts("https://gpu-box/ollama/") == (
        Host("gpu-box:443", "https://gpu-box:443/ollama"),
    )
    assert host_label("http://10.0.0.5:11434") == "10.0.0.5:11434"


def test_a_host_reads_as_label_and_url() -> None:
    assert str(Host("gpu-a", "http://10.0.0.5:11434")) == "gpu-a=http://10.0.0.5:11434"


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_text_names_no_hosts(text: str) -> None:
    assert parse_hosts(text) == ()


@pytest.mark.parametrize(
    ("text", "code", "english", "korean"),
    [
        ("a=:1,,b=:2", "error.fleet_blank_entry", "empty entry (number 2)", "빈 항목(번호 2)"),
        ("a=:1,", "error.fleet_blank_entry", "empty entry (number 2)", "빈 항목(번호 2)"),
        ("gpu a=:1", "error.fleet_label", "'gpu a' cannot be a label", "'gpu a'은(는) 라벨로"),
        ("=:1", "error.fleet_label", "entry 1 ('=:1')", "항목 1('=:1')"),
        ("a@b=:1", "error.fleet_label", "'a@b' cannot be a label", "'a@b'은(는)"),
        ("x=:2,a=b=:1", "error.fleet_label", "entry 2 ('a=b=:1')", "항목 2('a=b=:1')"),
        ("a=:1,a=:2", "error.fleet_same_label", "two daemons 'a' (entries 1 and 2)", "항목 1, 2"),
        (":1,x=127.0.0.1:1", "error.fleet_same_url", "http://127.0.0.1:1 twice", "두 번"),
        ("gpu=", "error.settings_host", "OLLAMA_HOSTS='gpu='", "OLLAMA_HOSTS='gpu='"),
        ("gpu=gpu box", "error.settings_host", "OLLAMA_HOSTS='gpu box'", "주소가 아닙니다"),
        ("gpu=ftp://box", "error.settings_scheme", "OLLAMA_HOSTS='ftp://box'", "스킴"),
    ],
)
def test_a_bad_entry_is_refused_saying_which_and_what_to_do(
    text: str, code: str, english: str, korean: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_hosts(text)
    assert caught.value.code == code
    assert english in str(caught.value)
    assert "restart the workbench" in str(caught.value)
    assert korean in error_text(caught.value, "ko")
