"""Modelfile -> POST /api/create body: names, local files (confined to allowed dirs), digests."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.modelfile.test_modelfile_adapters import gguf_file
from workbench.errors import InvalidModelName
from workbench.modelfile.files import FileReference, create_request, file_references, hash_file
from workbench.modelfile.parsing import ModelfileError, parse

GGUF_BYTES = b"GGUF\x03\x00\x00\x00" + bytes(range(256)) * 4


def digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def write(path: Path, data: bytes = GGUF_BYTES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


FULL = """FROM gemma3:270m
TEMPLATE {{ .Prompt }}
SYSTEM You are terse.
PARAMETER temperature 0.5
PARAMETER top_k 1
PARAMETER stop <|eot_id|>
PARAMETER stop "User: "
PARAMETER use_mmap false
LICENSE license1
LICENSE license2
MESSAGE user Hello there!
MESSAGE assistant Hi! How are you?
REQUIRES v0.14.0
RENDERER r1
PARSER p1
"""

BODIES = [
    ("FROM test", {"model": "my-model", "from": "test"}),
    (
        "FROM test\nTEMPLATE some template\n",
        {"model": "my-model", "from": "test", "template": "some template"},
    ),
    (
        FULL,
        {
            "model": "my-model",
            "from": "gemma3:270m",
            "template": "{{ .Prompt }}",
            "system": "You are terse.",
            "license": ["license1", "license2"],
            "parameters": {
                "temperature": 0.5,
                "top_k": 1,
                "stop": ["<|eot_id|>", "User: "],
                "use_mmap": False,
            },
            "messages": [
                {"role": "user", "content": "Hello there!"},
                {"role": "assistant", "content": "Hi! How are you?"},
            ],
            "requires": "0.14.0",
            "renderer": "r1",
            "parser": "p1",
        },
    ),
    ('FROM test\nSYSTEM ""\nTEMPLATE """"""', {"model": "my-model", "from": "test"}),
    ("FROM a\nFROM b", {"model": "my-model", "from": "b"}),
    (
        "FROM hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
        {"model": "my-model", "from": "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"},
    ),
]


@pytest.mark.parametrize(("text", "body"), BODIES)
def test_create_request_maps_fields_like_ollama(
    text: str, body: dict[str, object], tmp_path: Path
) -> None:
    assert create_request(parse(text), "my-model", tmp_path, [tmp_path]) == body


def test_model_name_is_validated_and_stripped() -> None:
    assert create_request(parse("FROM x"), " team/my-model:v1 ")["model"] == "team/my-model:v1"
    with pytest.raises(InvalidModelName):
        create_request(parse("FROM x"), "bad name!")


def test_gguf_file_next_to_the_modelfile_becomes_files(tmp_path: Path) -> None:
    model = write(tmp_path / "Llama-3-Open-Ko-8B-Q8_0.gguf")
    body = create_request(
        parse("FROM ./Llama-3-Open-Ko-8B-Q8_0.gguf\nPARAMETER num_ctx 8192"),
        "llama3-ko",
        tmp_path,
        [tmp_path],
    )
    assert body == {
        "model": "llama3-ko",
        "files": {"Llama-3-Open-Ko-8B-Q8_0.gguf": digest(model)},
        "parameters": {"num_ctx": 8192},
    }


def test_a_real_gguf_file_written_by_the_gguf_package(tmp_path: Path) -> None:
    gguf = pytest.importorskip("gguf")
    numpy = pytest.importorskip("numpy")
    path = tmp_path / "models" / "tiny.gguf"
    path.parent.mkdir()
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny")
    writer.add_tensor("token_embd.weight", numpy.zeros((2, 4), dtype=numpy.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    assert path.read_bytes()[:4] == b"GGUF"
    body = create_request(parse(f"FROM {path}"), "tiny", None, [tmp_path])
    assert body["files"] == {"tiny.gguf": digest(path)}


def test_absolute_and_home_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    model = write(tmp_path / "models" / "m.gguf")
    for value in (str(model), "~/models/m.gguf", "~/models/../models/m.gguf"):
        body = create_request(parse(f"FROM {value}"), "m", None, [tmp_path / "models"])
        assert body["files"] == {"m.gguf": digest(model)}, value


def test_relative_paths_need_a_base_dir(tmp_path: Path) -> None:
    write(tmp_path / "m.gguf")
    with pytest.raises(ModelfileError, match="neither a local model file nor a valid model name"):
        create_request(parse("FROM ./m.gguf"), "m", None, [tmp_path])
    assert create_request(parse("FROM m.gguf"), "m", None, [tmp_path])["from"] == "m.gguf"


MISSING = [
    (
        "FROM ./missing.gguf",
        "FROM ./missing.gguf (line 1) is neither a local model file nor a valid model name. "
        "There is no such file or folder in",
        1,
    ),
    ("# c\nFROM not a name", "Model names look like gemma3:270m", 2),
    ("FROM model-*.gguf", "FROM model-*.gguf (line 1) is neither a local model file", 1),
    ("FROM x\nADAPTER ./lora.gguf", "ADAPTER ./lora.gguf (line 2): no such file or folder in", 2),
    ("FROM x\n\nDRAFT ./draft.gguf", "DRAFT ./draft.gguf (line 3): no such file or folder", 3),
]


@pytest.mark.parametrize(("text", "message", "line"), MISSING)
def test_missing_files_say_where_they_were_looked_for(
    text: str, message: str, line: int, tmp_path: Path
) -> None:
    with pytest.raises(ModelfileError) as caught:
        create_request(parse(text), "m", tmp_path, [tmp_path])
    assert message in caught.value.message
    assert caught.value.line == line


SAFETENSORS_DIR = {
    "model-00001-of-00002.safetensors": b"one",
    "model-00002-of-00002.safetensors": b"two",
    "consolidated.safetensors": b"ignored: model*.safetensors wins",
    "config.json": b'{"a": 1}',
    "tokenizer.json": b"{}",
    "chat_template.jinja": b"{{ messages }}",
    "tokenizer.model": bytes(range(256)),
    "README.md": b"not a model file",
    ".hidden.json": b"{}",
    "1_Pooling/config.json": b"{}",
    "2_Dense/model.safetensors": b"dense",
}


def test_safetensors_directory_is_globbed_like_ollama(tmp_path: Path) -> None:
    folder = tmp_path / "all-minilm"
    for name, data in SAFETENSORS_DIR.items():
        write(folder / name, data)
    body = create_request(parse("FROM ./all-minilm"), "minilm", tmp_path, [tmp_path])
    expected = set(SAFETENSORS_DIR) - {"consolidated.safetensors", "README.md"}
    assert set(body["files"]) == expected
    assert body["files"]["1_Pooling/config.json"] == digest(folder / "1_Pooling/config.json")


FOLDERS = [
    (
        {"consolidated.safetensors": b"c", "params.json": b"{}"},
        {"consolidated.safetensors", "params.json"},
    ),
    ({"pytorch_model.bin": b"PK\x03\x04", "model.bin": b"x"}, {"pytorch_model.bin"}),
    (
        {"consolidated.00.pth": b"PK\x03\x04", "config.json": b"{}"},
        {"consolidated.00.pth", "config.json"},
    ),
    (
        {"model.gguf": GGUF_BYTES, "projector.gguf": GGUF_BYTES, "notes.txt": b"x"},
        {"model.gguf", "projector.gguf"},
    ),
    ({"ggml-model.bin": GGUF_BYTES}, {"ggml-model.bin"}),
    (
        {"adapter_model.safetensors": b"lora", "adapter_config.json": b"{}"},
        {"adapter_model.safetensors", "adapter_config.json"},
    ),
    (
        {"sub/tokenizer.model": b"t", "model.gguf": GGUF_BYTES},
        {"model.gguf", "sub/tokenizer.model"},
    ),
]


@pytest.mark.parametrize(("files", "expected"), FOLDERS)
def test_folder_weight_patterns_in_ollamas_order(
    files: dict[str, bytes], expected: set[str], tmp_path: Path
) -> None:
    for name, data in files.items():
        write(tmp_path / "weights" / name, data)
    body = create_request(parse("FROM weights"), "m", tmp_path, [tmp_path])
    assert set(body["files"]) == expected


def test_folder_without_weights_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "README.md", b"x")
    with pytest.raises(ModelfileError, match="no Modelfile or safetensors files found") as caught:
        create_request(parse("FROM ./empty"), "m", tmp_path, [tmp_path])
    assert caught.value.line == 1


def test_several_from_lines_merge_files_and_keep_the_name(tmp_path: Path) -> None:
    model = write(tmp_path / "model.gguf")
    projector = write(tmp_path / "mmproj.gguf", GGUF_BYTES + b"p")
    body = create_request(
        parse("FROM ./model.gguf\nFROM ./mmproj.gguf\nFROM base"), "vision", tmp_path, [tmp_path]
    )
    assert body["from"] == "base"
    assert body["files"] == {"model.gguf": digest(model), "mmproj.gguf": digest(projector)}


def test_adapters_and_draft_files(tmp_path: Path) -> None:
    adapter = gguf_file(tmp_path / "lora.gguf")  # two ADAPTER lines: test_modelfile_adapters.py
    draft = write(tmp_path / "draft" / "draft.gguf")
    parsed = parse("FROM base\nADAPTER ./lora.gguf\nDRAFT ./draft")
    body = create_request(parsed, "m", tmp_path, [tmp_path])
    assert body["adapters"] == {"lora.gguf": digest(adapter)}
    assert body["draft_files"] == {"draft.gguf": digest(draft)}


def test_draft_must_not_be_the_from_path(tmp_path: Path) -> None:
    write(tmp_path / "model.gguf")
    with pytest.raises(
        ModelfileError, match="DRAFT must not reference the same local path as FROM"
    ):
        create_request(parse("FROM .\nDRAFT ."), "m", tmp_path, [tmp_path])


def test_git_lfs_pointers_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "model.gguf", b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\n")
    with pytest.raises(ModelfileError, match="Git LFS pointer"):
        create_request(parse("FROM ./model.gguf"), "m", tmp_path, [tmp_path])


@pytest.fixture
def sandbox(tmp_path: Path) -> tuple[Path, Path]:
    """An allowed folder and a secret file beside it."""
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    secret = write(tmp_path / "secret" / "secret.gguf")
    return allowed, secret


def escape_cases(allowed: Path, secret: Path) -> list[tuple[str, Path]]:
    (allowed / "link.gguf").symlink_to(secret)
    (allowed / "linked-dir").symlink_to(secret.parent, target_is_directory=True)
    return [
        ("FROM /etc/passwd", Path("/etc/passwd").resolve()),
        (f"FROM {secret}", secret),
        ("FROM ../secret/secret.gguf", secret),
        ("FROM ./sub/../../secret/secret.gguf", secret),
        ("FROM ./link.gguf", secret),
        ("FROM ./linked-dir", secret.parent),
        ("FROM base\nADAPTER ../secret/secret.gguf", secret),
        ("FROM base\nDRAFT ./link.gguf", secret),
    ]


def test_paths_outside_the_allowed_dirs_are_refused(sandbox: tuple[Path, Path]) -> None:
    allowed, secret = sandbox
    for text, target in escape_cases(allowed, secret):
        with pytest.raises(ModelfileError) as caught:
            create_request(parse(text), "m", allowed, [allowed])
        message = caught.value.message
        assert f"points at {target}" in message, text
        assert f"outside the directories the workbench may read: {allowed}" in message
        assert "Upload the file under 'Import a GGUF file' above" in message
        assert "WORKBENCH_MODEL_DIRS" in message
        assert caught.value.line == text.count("\n") + 1


def test_no_allowed_dirs_means_no_local_files(tmp_path: Path) -> None:
    write(tmp_path / "m.gguf")
    with pytest.raises(ModelfileError, match="none are configured"):
        create_request(parse("FROM ./m.gguf"), "m", tmp_path)


def test_links_inside_a_model_folder_must_stay_inside_it(sandbox: tuple[Path, Path]) -> None:
    allowed, secret = sandbox
    write(allowed / "weights" / "model.safetensors", b"w")
    (allowed / "weights" / "config.json").symlink_to(secret)
    with pytest.raises(ModelfileError, match="insecure path"):
        create_request(parse("FROM ./weights"), "m", allowed, [allowed])


def test_links_within_the_allowed_dirs_are_fine(tmp_path: Path) -> None:
    real = write(tmp_path / "store" / "blob")
    (tmp_path / "model.gguf").symlink_to(real)
    body = create_request(parse("FROM ./model.gguf"), "m", tmp_path, [tmp_path])
    assert body["files"] == {"model.gguf": digest(real)}


def test_file_references_list_uploads_with_progress(tmp_path: Path) -> None:
    model = write(tmp_path / "model.gguf")
    adapter = gguf_file(tmp_path / "lora" / "adapter.gguf")
    size = adapter.stat().st_size
    calls: list[tuple[Path, int, int]] = []
    parsed = parse("FROM ./model.gguf\nADAPTER ./lora\nFROM base")
    references = file_references(
        parsed, tmp_path, [tmp_path], lambda path, done, total: calls.append((path, done, total))
    )
    assert references == [
        FileReference("model", "model.gguf", model.resolve(), digest(model), model.stat().st_size),
        FileReference("adapter", "adapter.gguf", adapter.resolve(), digest(adapter), size),
    ]
    assert (model.resolve(), model.stat().st_size, model.stat().st_size) in calls
    assert calls[-1] == (adapter.resolve(), size, size)


def test_hash_file_streams_in_chunks_with_progress(tmp_path: Path) -> None:
    big = write(tmp_path / "big.bin", os.urandom(2 * 1024 * 1024 + 12345))
    calls: list[tuple[int, int]] = []
    result = hash_file(big, lambda done, total: calls.append((done, total)))
    size = big.stat().st_size
    assert result == digest(big)
    assert calls == [(0, size), (1 << 20, size), (2 << 20, size), (size, size)]
    again: list[tuple[int, int]] = []
    assert hash_file(str(big), lambda done, total: again.append((done, total))) == result
    assert again == [(size, size)]


def test_hash_file_notices_a_changed_file(tmp_path: Path) -> None:
    path = write(tmp_path / "m.gguf", b"first")
    first = hash_file(path)
    path.write_bytes(b"second, longer")
    assert hash_file(path) == digest(path) != first
