"""Local files named by FROM, ADAPTER and DRAFT: found like `ollama create`, confined, hashed.

Resolution follows Ollama's CreateRequest: an absolute path is used as is, `~` is expanded and
anything else is relative to the Modelfile's folder. A path that exists becomes files (a folder is
searched for weights with Ollama's patterns); a FROM path that does not exist is a model name.
Unlike Ollama, every existing path must lie inside one of `allowed_dirs` once symlinks and `..`
are resolved, so a Modelfile cannot make the workbench read or upload arbitrary files, and an
ADAPTER must be one readable LoRA adapter (Ollama would silently keep the last of several lines).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.modelfile.adapters import check_adapter
from workbench.modelfile.model import Modelfile
from workbench.modelfile.syntax import ModelfileError
from workbench.ollama import is_valid_model_name, validate_model_name

CHUNK_SIZE = 1 << 20
_WEIGHT_PATTERNS = (
    ("model*.safetensors", "*/model*.safetensors"),
    ("consolidated*.safetensors",),
    ("adapters.safetensors",),  # LoRA adapter folders, as older Ollama releases matched them
    ("adapter_model.safetensors",),
    ("pytorch_model*.bin",),
    ("consolidated*.pth",),
    ("*.gguf",),
    ("*.bin",),
)
_EXTRA_PATTERNS = ("*.json", "*/*.json", "chat_template.jinja")
_FILE_SUFFIXES = (".gguf", ".bin", ".safetensors", ".pth")
_LFS_POINTER = b"version https://git-lfs"
_KEYWORDS = {"model": "FROM", "adapter": "ADAPTER", "draft": "DRAFT"}
_REQUEST_KEYS = {"model": "files", "adapter": "adapters", "draft": "draft_files"}
_digests: dict[tuple[str, int, int], str] = {}


@dataclass(frozen=True)
class FileReference:
    """A local file to upload as a blob before /api/create, under `key` in files/adapters."""

    kind: str  # "model" (FROM), "adapter" (ADAPTER) or "draft" (DRAFT)
    key: str
    path: Path
    digest: str
    size: int


@dataclass(frozen=True)
class _Source:
    """A FROM/ADAPTER/DRAFT path resolved to its real location and (key, file) pairs."""

    kind: str
    root: Path
    files: list[tuple[str, Path]]


def hash_file(path: Path | str, progress: Callable[[int, int], None] | None = None) -> str:
    """Return "sha256:<hex>" of a file read in 1 MiB chunks, calling progress(done, total)."""
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _digests:
        if progress is not None:
            progress(stat.st_size, stat.st_size)
        return _digests[key]
    digest, done = hashlib.sha256(), 0
    if progress is not None:
        progress(0, stat.st_size)
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, stat.st_size)
    _digests[key] = f"sha256:{digest.hexdigest()}"
    return _digests[key]


def check_files(
    modelfile: Modelfile, base_dir: Path | None = None, allowed_dirs: Sequence[Path] = ()
) -> None:
    """Raise the ModelfileError that create would raise for the local files (a path outside the
    allowed directories, a missing file, an unsafe link), without reading or hashing them."""
    _resolve_all(modelfile, base_dir, allowed_dirs)


def adapter_path(
    modelfile: Modelfile, base_dir: Path | None = None, allowed_dirs: Sequence[Path] = ()
) -> Path | None:
    """Where the Modelfile's ADAPTER is, resolved and checked like create would (None without)."""
    _, sources = _resolve_all(modelfile, base_dir, allowed_dirs)
    return next((source.root for source in sources if source.kind == "adapter"), None)


def file_references(
    modelfile: Modelfile,
    base_dir: Path | None = None,
    allowed_dirs: Sequence[Path] = (),
    progress: Callable[[Path, int, int], None] | None = None,
) -> list[FileReference]:
    """Every local file the Modelfile refers to, hashed, in instruction order."""
    _, sources = _resolve_all(modelfile, base_dir, allowed_dirs)
    return _hash_sources(sources, progress)


def create_request(
    modelfile: Modelfile,
    model: str,
    base_dir: Path | None = None,
    allowed_dirs: Sequence[Path] = (),
) -> dict[str, Any]:
    """The POST /api/create body, omitting empty fields as Ollama's client does."""
    body: dict[str, Any] = {"model": validate_model_name(model)}
    names, sources = _resolve_all(modelfile, base_dir, allowed_dirs)
    if names:
        body["from"] = names[-1]
    for reference in _hash_sources(sources, None):
        body.setdefault(_REQUEST_KEYS[reference.kind], {})[reference.key] = reference.digest
    body.update(_content_fields(modelfile))
    return body


def _hash_sources(
    sources: list[_Source], progress: Callable[[Path, int, int], None] | None
) -> list[FileReference]:
    references = []
    for source in sources:
        for key, path in source.files:
            report = None if progress is None else _progress_for(progress, path)
            digest = hash_file(path, report)
            references.append(FileReference(source.kind, key, path, digest, path.stat().st_size))
    return references


def _content_fields(modelfile: Modelfile) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "template": modelfile.template,
        "system": modelfile.system,
        "license": list(modelfile.license),
        "parameters": {
            name: list(value) if isinstance(value, list) else value
            for name, value in modelfile.parameters.items()
        },
        "messages": [dict(message) for message in modelfile.messages],
        "requires": modelfile.requires,
        "renderer": modelfile.renderer,
        "parser": modelfile.parser,
    }
    return {key: value for key, value in fields.items() if value}


def _resolve_all(
    modelfile: Modelfile, base_dir: Path | None, allowed_dirs: Sequence[Path]
) -> tuple[list[str], list[_Source]]:
    names: list[str] = []
    sources: list[_Source] = []
    for value in modelfile.from_:
        source = _resolve("model", value, modelfile.line_of("from", value), base_dir, allowed_dirs)
        if source is None:
            names.append(_model_name(value, modelfile.line_of("from", value), base_dir))
        else:
            sources.append(source)
    models = [source.root for source in sources]
    if len(modelfile.adapters) > 1:
        line = modelfile.line_of("adapter", modelfile.adapters[1])
        raise ModelfileError(line=line, code="error.adapter_second_line")
    paths = [("adapter", value) for value in modelfile.adapters]
    for kind, value in paths + [("draft", value) for value in modelfile.draft]:
        line = modelfile.line_of(kind, value)
        source = _resolve(kind, value, line, base_dir, allowed_dirs)
        if source is None:
            raise _missing_file_error(kind, value, line, base_dir)
        if kind == "adapter":
            check_adapter(source.root, line)
        if kind == "draft" and source.root in models:
            raise ModelfileError(
                line=line, code="error.modelfile_draft_is_from", path=str(source.root)
            )
        sources.append(source)
    return names, sources


def _resolve(
    kind: str, value: str, line: int | None, base_dir: Path | None, allowed: Sequence[Path]
) -> _Source | None:
    path = _expand(value, base_dir)
    if path is None or not path.exists():
        return None
    real = path.resolve()
    _require_allowed(kind, real, line, allowed)
    files = _folder_files(kind, real, line) if real.is_dir() else [(path.name, real)]
    for _, file in files:
        _reject_lfs_pointer(kind, file, line)
    return _Source(kind, real, files)


def _expand(value: str, base_dir: Path | None) -> Path | None:
    """Ollama's expandPath: absolute as is, `~` and `~user` expanded, else under base_dir."""
    if value.startswith("~"):
        expanded = os.path.expanduser(value)
        return None if expanded.startswith("~") else Path(os.path.abspath(expanded))
    if os.path.isabs(value):
        return Path(os.path.abspath(value))
    return None if base_dir is None else Path(os.path.abspath(Path(base_dir) / value))


def _require_allowed(kind: str, real: Path, line: int | None, allowed: Sequence[Path]) -> None:
    roots = [Path(root).resolve() for root in allowed]
    if any(real.is_relative_to(root) for root in roots):
        return
    raise ModelfileError(
        line=line,
        code="error.modelfile_path_outside" if roots else "error.modelfile_path_outside_none",
        keyword=_KEYWORDS[kind],
        path=str(real),
        dirs=", ".join(str(root) for root in roots),
    )


def _folder_files(kind: str, root: Path, line: int | None) -> list[tuple[str, Path]]:
    """Ollama's filesForModel: the first weight pattern that matches, plus config files."""
    matches = (_glob_all(root, group) for group in _WEIGHT_PATTERNS if _glob(root, group[0]))
    weights = next(matches, None)
    if weights is None:
        raise ModelfileError(
            line=line, code="error.modelfile_no_weights", path=str(root), keyword=_KEYWORDS[kind]
        )
    tokenizer = _glob(root, "tokenizer.model") or _glob(root, "*/tokenizer.model")
    files = weights + _glob_all(root, _EXTRA_PATTERNS) + tokenizer
    return [(_local_key(root, file, line), file.resolve()) for file in files]


def _glob(root: Path, pattern: str) -> list[Path]:
    return sorted(path for path in root.glob(pattern) if path.is_file())


def _glob_all(root: Path, patterns: Sequence[str]) -> list[Path]:
    return [path for pattern in patterns for path in _glob(root, pattern)]


def _local_key(root: Path, file: Path, line: int | None) -> str:
    """The file's name relative to the folder; like Ollama, refuse links leading out of it."""
    if not file.resolve().is_relative_to(root):
        relative = os.path.relpath(file.resolve(), root)
        raise ModelfileError(
            line=line,
            code="error.modelfile_insecure_path",
            relative=relative,
            name=file.name,
            root=str(root),
        )
    return file.relative_to(root).as_posix()


def _reject_lfs_pointer(kind: str, file: Path, line: int | None) -> None:
    if file.suffix not in _FILE_SUFFIXES:
        return
    with file.open("rb") as handle:
        if handle.read(len(_LFS_POINTER)) == _LFS_POINTER:
            raise ModelfileError(
                line=line,
                code="error.modelfile_lfs_pointer",
                keyword=_KEYWORDS[kind],
                path=str(file),
            )


def _model_name(value: str, line: int | None, base_dir: Path | None) -> str:
    if is_valid_model_name(value):
        return value
    code = "error.modelfile_from_bad_name"
    if _looks_like_path(value):
        code = "error.modelfile_from_not_found" + _in_folder(value, base_dir)
    raise ModelfileError(line=line, code=code, value=value, dir=str(base_dir))


def _missing_file_error(
    kind: str, value: str, line: int | None, base_dir: Path | None
) -> ModelfileError:
    code = f"error.modelfile_{kind}_missing" + _in_folder(value, base_dir)
    return ModelfileError(line=line, code=code, value=value, dir=str(base_dir))


def _in_folder(value: str, base_dir: Path | None) -> str:
    """The code suffix for a relative path looked up in base_dir: the message names the folder."""
    return "_in" if base_dir is not None and not os.path.isabs(value) else ""


def _looks_like_path(value: str) -> bool:
    return (
        "/" in value
        or "\\" in value
        or value.startswith(("~", "."))
        or value.endswith(_FILE_SUFFIXES)
    )


def _progress_for(
    progress: Callable[[Path, int, int], None], path: Path
) -> Callable[[int, int], None]:
    return lambda done, total: progress(path, done, total)
