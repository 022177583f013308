"""LoRA adapters: inspection (GGUF metadata, PEFT folders), the fit with FROM, uploads, refusals,
and the ADAPTER create against the fake daemon (blob upload + the /api/create "adapters" form)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import gguf
import numpy as np
import pytest

from tests.fake_ollama import FakeOllama
from workbench.errors import WorkbenchError
from workbench.i18n import error_text
from workbench.modelfile import adapter_mismatches, inspect_adapter, parse, save_adapter
from workbench.modelfile.adapter_match import parameter_count
from workbench.modelfile.adapters import guess_architecture, size_from_name
from workbench.modelfile.files import check_files, create_request
from workbench.modelfile.syntax import ModelfileError
from workbench.modelfile.workshop import CreateEvent, create_model
from workbench.ollama.client import OllamaService

CONFIG = {
    "base_model_name_or_path": "meta-llama/Llama-3.1-8B-Instruct",
    "r": 16,
    "lora_alpha": 32,
    "target_modules": ["q_proj", "v_proj"],
    "peft_type": "LORA",
}


def gguf_file(path: Path, arch: str = "llama", kind: str = "adapter", **extra: str) -> Path:
    """A GGUF file written with the `gguf` package: an adapter unless `kind` says otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_type(kind)
    if kind == "adapter":
        writer.add_string("adapter.type", "lora")
        writer.add_float32("adapter.lora.alpha", 16.0)
    for key, value in extra.items():
        writer.add_string(key, value)
    writer.add_tensor("blk.0.attn_q.weight.lora_a", np.ones((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def peft_folder(path: Path, config: dict | None = CONFIG, weights: bool = True) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (path / "adapter_config.json").write_text(json.dumps(config), encoding="utf-8")
    if weights:
        (path / "adapter_model.safetensors").write_bytes(
            b"\x08\x00\x00\x00\x00\x00\x00\x00{}      "
        )
    return path


def digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


class Upload(io.BytesIO):
    """An in-memory upload shaped like Streamlit's UploadedFile."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(data)
        self.name, self.size = name, len(data)


# ----- inspection ---------------------------------------------------------------------------


def test_a_gguf_adapter_tells_its_architecture_and_base(tmp_path: Path) -> None:
    path = gguf_file(
        tmp_path / "lora.gguf",
        **{"general.basename": "Llama-3.1", "general.size_label": "8B"},
    )
    info = inspect_adapter(path)
    assert (info.format, info.architecture, info.base_model) == ("gguf", "llama", "Llama-3.1")
    assert (info.parameter_size, info.alpha, info.architecture_guessed) == ("8B", 16.0, False)


def test_a_peft_folder_tells_its_base_rank_and_modules(tmp_path: Path) -> None:
    info = inspect_adapter(peft_folder(tmp_path / "lora"))
    assert info.format == "safetensors"
    assert info.base_model == "meta-llama/Llama-3.1-8B-Instruct"
    assert (info.architecture, info.architecture_guessed, info.parameter_size) == (
        "llama",
        True,
        "8B",
    )
    assert (info.rank, info.alpha, info.target_modules) == (16, 32.0, ("q_proj", "v_proj"))


@pytest.mark.parametrize(
    ("name", "arch", "size"),
    [
        ("google/gemma-3-270m-it", "gemma3", "270M"),
        ("google/gemma-2b", "gemma", "2B"),
        ("unsloth/llama-3-8b-bnb-4bit", "llama", "8B"),
        ("Qwen/Qwen2.5-0.5B-Instruct", "qwen2", "0.5B"),
        ("mistralai/Mistral-7B-v0.1", "llama", "7B"),
        ("my-own-model", None, None),
    ],
)
def test_base_model_names_give_architecture_and_size(name: str, arch, size) -> None:
    assert guess_architecture(name) == arch
    assert size_from_name(name) == size


# ----- the fit with FROM --------------------------------------------------------------------


def test_an_adapter_for_another_architecture_is_warned(tmp_path: Path) -> None:
    info = inspect_adapter(peft_folder(tmp_path / "lora"))
    found = adapter_mismatches(info, "gemma3:270m", "gemma3", "gemma3", "268.10M")
    assert [check.key for check in found] == [
        "modelfiles.adapter_arch_mismatch",
        "modelfiles.adapter_size_mismatch",
    ]
    assert found[0].params == {"adapter": "llama", "base": "gemma3:270m", "family": "gemma3"}
    assert found[1].params["size"] == "268.10M"


def test_a_matching_base_gives_no_warning(tmp_path: Path) -> None:
    info = inspect_adapter(peft_folder(tmp_path / "lora"))
    assert adapter_mismatches(info, "llama3.1:8b", "llama", "llama", "8.0B") == []
    unknown = inspect_adapter(peft_folder(tmp_path / "x", {"r": 8}))
    assert adapter_mismatches(unknown, "gemma3:270m", "gemma3", "gemma3", "268.10M") == []


def test_size_labels_are_compared_with_tolerance() -> None:
    assert parameter_count("268.10M") == pytest.approx(268.1e6)
    assert parameter_count("8B") == 8e9 and parameter_count("big") is None


# ----- refusals -----------------------------------------------------------------------------


def refusal(text: str, tmp_path: Path) -> ModelfileError:
    with pytest.raises(ModelfileError) as caught:
        check_files(parse(text), tmp_path, [tmp_path])
    return caught.value


def test_a_folder_without_adapter_config_is_refused(tmp_path: Path) -> None:
    peft_folder(tmp_path / "lora", config=None)
    exc = refusal("FROM gemma3:270m\nADAPTER ./lora", tmp_path)
    assert exc.code == "error.adapter_no_config" and exc.line == 2
    assert "adapter_config.json is missing" in str(exc)
    assert "adapter_config.json이 없습니다" in error_text(exc, "ko")


def test_a_corrupt_gguf_is_refused(tmp_path: Path) -> None:
    good = gguf_file(tmp_path / "good.gguf").read_bytes()
    (tmp_path / "magic.gguf").write_bytes(b"GGML" + good[4:])
    (tmp_path / "cut.gguf").write_bytes(good[:40])
    magic = refusal("FROM gemma3:270m\nADAPTER ./magic.gguf", tmp_path)
    cut = refusal("FROM gemma3:270m\n\nADAPTER ./cut.gguf", tmp_path)
    assert (magic.code, magic.line) == ("error.gguf_bad_magic", 2)
    assert (cut.code, cut.line) == ("error.gguf_truncated", 3)
    assert "header is cut off" in str(cut) and "헤더가 중간에 끊겼습니다" in error_text(cut, "ko")


def test_a_full_model_gguf_is_not_an_adapter(tmp_path: Path) -> None:
    gguf_file(tmp_path / "model.gguf", kind="model")
    exc = refusal("FROM gemma3:270m\nADAPTER ./model.gguf", tmp_path)
    assert exc.code == "error.adapter_not_adapter" and "general.type = model" in str(exc)


def test_only_one_gguf_adapter(tmp_path: Path) -> None:
    gguf_file(tmp_path / "a.gguf")
    gguf_file(tmp_path / "b.gguf")
    second = refusal("FROM gemma3:270m\nADAPTER ./a.gguf\nADAPTER ./b.gguf", tmp_path)
    assert (second.code, second.line) == ("error.adapter_second_line", 3)
    assert "only one adapter is currently supported" in error_text(second, "ko")
    gguf_file(tmp_path / "two" / "a.gguf")
    gguf_file(tmp_path / "two" / "b.gguf")
    folder = refusal("FROM gemma3:270m\nADAPTER ./two", tmp_path)
    assert folder.code == "error.adapter_only_one" and "a.gguf, b.gguf" in str(folder)


# ----- uploads ------------------------------------------------------------------------------


def test_a_gguf_upload_is_saved_and_inspected(tmp_path: Path) -> None:
    data = gguf_file(tmp_path / "src" / "x.gguf", arch="gemma3").read_bytes()
    value, info = save_adapter([Upload("my lora.gguf", data)], tmp_path / "uploads")
    assert value == "./my-lora.gguf" and info.architecture == "gemma3"
    assert (tmp_path / "uploads" / "my-lora.gguf").read_bytes() == data
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == ["my-lora.gguf"]


def test_the_two_files_of_a_peft_folder_become_a_folder(tmp_path: Path) -> None:
    source = peft_folder(tmp_path / "src")
    uploads = [Upload(p.name, p.read_bytes()) for p in sorted(source.iterdir())]
    value, info = save_adapter(uploads, tmp_path / "uploads")
    assert value.startswith("./Llama-3.1-8B-Instruct-lora-") and info.rank == 16
    folder = tmp_path / "uploads" / value[2:]
    assert sorted(p.name for p in folder.iterdir()) == [
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    check_files(parse(f"FROM gemma3:270m\nADAPTER {value}"), tmp_path / "uploads", [tmp_path])


def zipped(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_the_folder_is_unpacked(tmp_path: Path) -> None:
    source = peft_folder(tmp_path / "src")
    files = {f"my-adapter/{p.name}": p.read_bytes() for p in source.iterdir()}
    files["my-adapter/README.md"] = b"notes"
    value, info = save_adapter([Upload("korean lora.zip", zipped(files))], tmp_path / "up")
    assert (
        value.startswith("./korean-lora-") and info.base_model == CONFIG["base_model_name_or_path"]
    )
    assert sorted(p.name for p in (tmp_path / "up" / value[2:]).iterdir()) == [
        "adapter_config.json",
        "adapter_model.safetensors",
    ]


@pytest.mark.parametrize(
    ("uploads", "code"),
    [
        ([Upload("adapter_model.safetensors", b"x" * 16)], "error.adapter_no_config"),
        ([Upload("lora.gguf", b"GGUF\x03\x00\x00\x00\x00")], "error.gguf_truncated"),
        ([Upload("lora.gguf", b"not a gguf at all")], "error.gguf_bad_magic"),
        ([Upload("adapter_config.json", b"{}")], "error.adapter_no_weights"),
        (
            [Upload("adapter_config.json", b"{"), Upload("adapter_model.safetensors", b"x")],
            "error.adapter_bad_config",
        ),
        (
            [Upload("a.zip", zipped({"a/adapter_model.safetensors": b"x"}))],
            "error.adapter_no_config",
        ),
        ([Upload("a.zip", zipped({"../adapter_config.json": b"{}"}))], "error.adapter_zip_path"),
        ([Upload("a.zip", b"PK\x03\x04 broken")], "error.adapter_zip_bad"),
        (
            [Upload("bomb.zip", zipped({"adapter_config.json": b"{}", "x.bin": bytes(50 << 20)}))],
            "error.adapter_zip_bomb",
        ),
        (
            [Upload("a.gguf", b"GGUF"), Upload("b.gguf", b"GGUF")],
            "error.adapter_only_one",
        ),
    ],
)
def test_a_refused_upload_leaves_nothing_behind(uploads, code: str, tmp_path: Path) -> None:
    with pytest.raises(ModelfileError) as caught:
        save_adapter(uploads, tmp_path / "uploads")
    assert caught.value.code == code
    assert ".adapter-" not in str(caught.value)  # the staging folder is never named
    assert error_text(caught.value, "ko") != str(caught.value)
    assert list((tmp_path / "uploads").iterdir()) == []


# ----- create against the fake daemon -------------------------------------------------------


def create(service: OllamaService, text: str, name: str, folder: Path) -> list[CreateEvent]:
    events: list[CreateEvent] = []
    create_model(service, parse(text), name, folder, [folder], events.append)
    return events


def test_a_gguf_adapter_is_uploaded_then_named_in_adapters(
    fake_daemon: FakeOllama, service: OllamaService, tmp_path: Path
) -> None:
    adapter = gguf_file(tmp_path / "lora.gguf", arch="gemma3")
    fake_daemon.clear_requests()
    events = create(service, "FROM gemma3:270m\nADAPTER ./lora.gguf\n", "tuned:latest", tmp_path)
    hex_digest = digest(adapter)
    calls = [(method, path) for method, path, _ in fake_daemon.requests]
    assert ("POST", f"/api/blobs/{hex_digest}") in calls
    assert calls.index(("POST", f"/api/blobs/{hex_digest}")) < calls.index(("POST", "/api/create"))
    body = next(b for m, p, b in fake_daemon.requests if p == "/api/create")
    assert body == {
        "model": "tuned:latest",
        "from": "gemma3:270m",
        "adapters": {"lora.gguf": hex_digest},
        "stream": True,
    }
    assert events[-1].label == "success"
    assert "tuned:latest" in fake_daemon.model_names()
    shown = service.show("tuned:latest").modelfile
    assert "ADAPTER " in shown and hex_digest.replace(":", "-") in shown


def test_a_safetensors_adapter_sends_the_folder_files(
    fake_daemon: FakeOllama, service: OllamaService, tmp_path: Path
) -> None:
    folder = peft_folder(tmp_path / "lora")
    create(service, "FROM gemma3:270m\nADAPTER ./lora", "tuned-st", tmp_path)
    body = next(b for m, p, b in fake_daemon.requests if p == "/api/create")
    assert body["adapters"] == {
        "adapter_model.safetensors": digest(folder / "adapter_model.safetensors"),
        "adapter_config.json": digest(folder / "adapter_config.json"),
    }
    assert "tuned-st:latest" in fake_daemon.model_names()


def test_the_daemon_refuses_two_gguf_adapters_and_creates_nothing(
    fake_daemon: FakeOllama, service: OllamaService, tmp_path: Path
) -> None:
    first, second = gguf_file(tmp_path / "a.gguf"), gguf_file(tmp_path / "b.gguf", arch="qwen2")
    for path in (first, second):
        service.upload_blob(path, digest(path), lambda done, total: None)
    body = {
        "model": "two",
        "from": "gemma3:270m",
        "adapters": {"a.gguf": digest(first), "b.gguf": digest(second)},
    }
    with pytest.raises(WorkbenchError, match="only one adapter is currently supported"):
        list(service.create(body))
    assert "two:latest" not in fake_daemon.model_names()


def test_create_request_refuses_before_any_upload(
    fake_daemon: FakeOllama, service: OllamaService, tmp_path: Path
) -> None:
    (tmp_path / "bad.gguf").write_bytes(b"GGUF\x03\x00\x00\x00")
    fake_daemon.clear_requests()
    with pytest.raises(ModelfileError, match="header is cut off"):
        create(service, "FROM gemma3:270m\nADAPTER ./bad.gguf", "bad", tmp_path)
    with pytest.raises(ModelfileError):
        create_request(parse("FROM gemma3:270m\nADAPTER ./bad.gguf"), "bad", tmp_path, [tmp_path])
    assert not [
        p for _, p, _ in fake_daemon.requests if p.startswith(("/api/blobs", "/api/create"))
    ]
    assert "bad:latest" not in fake_daemon.model_names()
