"""Uploaded LoRA adapters saved into the upload directory: a .gguf, the two files of a PEFT folder,
or a .zip of that folder (checked against zip bombs). Each is built in a staging folder, inspected,
and only then moved into place, so a refused adapter leaves nothing behind."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from workbench.modelfile.adapters import CONFIG, WEIGHTS, AdapterInfo, inspect_adapter
from workbench.modelfile.syntax import ModelfileError

CHUNK = 1 << 22
MAX_ZIP_BYTES = 8 << 30  # unpacked; LoRA adapters of even large models stay far below
MAX_ZIP_ENTRIES = 64
MAX_RATIO = 100  # safetensors weights barely compress: a higher ratio means a zip bomb
_UNSAFE = re.compile(r"[^A-Za-z0-9가-힣._-]+")


class Upload(Protocol):
    """An uploaded file as Streamlit hands it over."""

    name: str
    size: int

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...


def save_adapter(uploads: Sequence[Upload], upload_dir: Path) -> tuple[str, AdapterInfo]:
    """Save an uploaded adapter into `upload_dir` and inspect it; return its ADAPTER value
    ("./name") and what it says about its base. Refused input raises a ModelfileError and
    keeps nothing."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".adapter-", dir=upload_dir))
    try:
        name = _stage(uploads, staging)
        info = inspect_adapter(staging / name)
        _move(staging / name, upload_dir / name)
    except ModelfileError as exc:
        raise _without_staging(exc, staging) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return f"./{name}", info


def _without_staging(exc: ModelfileError, staging: Path) -> ModelfileError:
    """The same refusal, naming the uploaded files rather than the staging folder."""
    params = {k: v for k, v in exc.params.items() if k not in ("detail", "line")}
    for key in ("path", "names"):
        if isinstance(params.get(key), str):
            params[key] = params[key].replace(f"{staging}/folder/", "").replace(f"{staging}/", "")
    return ModelfileError(code=exc.code, **params)


def safe_name(name: str, fallback: str = "adapter") -> str:
    """A file or folder name from an uploaded name: no path, no unusual characters."""
    cleaned = _UNSAFE.sub("-", PurePosixPath(name.replace("\\", "/")).name).strip(".-")
    return cleaned or fallback


def _stage(uploads: Sequence[Upload], staging: Path) -> str:
    names = sorted(PurePosixPath(u.name.replace("\\", "/")).name.lower() for u in uploads)
    if len(uploads) == 1 and names[0].endswith(".zip"):
        return _unzip(uploads[0], staging)
    if len(uploads) == 1 and names[0].endswith(".gguf"):
        name = safe_name(uploads[0].name)
        _copy(uploads[0], staging / name)
        return name
    if any(name.endswith(".gguf") for name in names):
        raise ModelfileError(code="error.adapter_only_one", path="", names=", ".join(names))
    if CONFIG not in names:
        raise ModelfileError(code="error.adapter_no_config", path=", ".join(names))
    unexpected = [name for name in names if name not in (CONFIG, *WEIGHTS)]
    if unexpected:
        raise ModelfileError(code="error.adapter_upload_extra", names=", ".join(unexpected))
    folder = staging / "folder"
    folder.mkdir()
    for upload in uploads:
        _copy(upload, folder / PurePosixPath(upload.name.replace("\\", "/")).name.lower())
    return _rename_folder(folder, staging)


def _rename_folder(folder: Path, staging: Path, stem: str | None = None) -> str:
    """Name a staged PEFT folder after its base model (or the zip) and a short content hash."""
    config = folder / CONFIG
    digest = hashlib.sha256(config.read_bytes() if config.is_file() else b"").hexdigest()[:8]
    if stem is None:
        base = inspect_adapter(folder).base_model or "adapter"
        stem = f"{safe_name(base.rsplit('/', 1)[-1])}-lora"
    name = f"{stem}-{digest}"
    folder.rename(staging / name)
    return name


def _copy(upload: Upload, target: Path) -> None:
    upload.seek(0)
    with target.open("wb") as handle:
        while chunk := upload.read(CHUNK):
            handle.write(chunk)


def _unzip(upload: Upload, staging: Path) -> str:
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, OSError):
        raise ModelfileError(code="error.adapter_zip_bad", name=upload.name) from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        _check_members(members, upload.name)
        wanted = _wanted_members(members, upload.name)
        folder = staging / "folder"
        folder.mkdir()
        for member in wanted:
            with archive.open(member) as source:
                _extract(source, folder / PurePosixPath(member.filename).name, member, upload.name)
    stem = safe_name(PurePosixPath(upload.name).stem)
    return _rename_folder(folder, staging, stem)


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    total = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_ENTRIES or total > MAX_ZIP_BYTES:
        raise ModelfileError(
            code="error.adapter_zip_bomb", name=name, entries=len(members), size=total
        )
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts:
            raise ModelfileError(code="error.adapter_zip_path", name=name, member=member.filename)
        if member.flag_bits & 0x1:
            raise ModelfileError(code="error.adapter_zip_bad", name=name)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > (1 << 20) and ratio > MAX_RATIO:
            raise ModelfileError(
                code="error.adapter_zip_bomb", name=name, entries=len(members), size=total
            )


def _wanted_members(members: list[zipfile.ZipInfo], name: str) -> list[zipfile.ZipInfo]:
    """adapter_config.json and the weights beside it (one folder level in the zip at most)."""
    configs = [m for m in members if PurePosixPath(m.filename).name == CONFIG]
    if not configs:
        raise ModelfileError(code="error.adapter_no_config", path=name)
    folder = PurePosixPath(configs[0].filename).parent
    return [
        m
        for m in members
        if PurePosixPath(m.filename).parent == folder
        and PurePosixPath(m.filename).name in (CONFIG, *WEIGHTS)
    ]


def _extract(source: IO[bytes], target: Path, member: zipfile.ZipInfo, name: str) -> None:
    """Copy one member, stopping if it unpacks to more than its header announced."""
    written = 0
    with target.open("wb") as handle:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > member.file_size:
                raise ModelfileError(
                    code="error.adapter_zip_bomb", name=name, entries=1, size=written
                )
            handle.write(chunk)


def _move(source: Path, target: Path) -> None:
    """Put the staged adapter in place, replacing an older upload of the same name."""
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    source.rename(target)
