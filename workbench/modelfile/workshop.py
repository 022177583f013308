"""What the Modelfiles page does besides parsing: examples, checks, diffs, saving, creating."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.modelfile.files import create_request, file_references
from workbench.modelfile.params import format_parameter_value, parse_parameter_value
from workbench.modelfile.parsing import Modelfile, ModelfileError, parse
from workbench.ollama import OllamaService, PullProgress, with_default_tag

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "Modelfiles"
SUFFIX = ".Modelfile"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9가-힣][A-Za-z0-9가-힣._-]{0,80}$")
_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True)
class Check:
    """A finding about a valid Modelfile: a catalog key plus the values it names."""

    key: str
    params: dict[str, object]


@dataclass(frozen=True)
class CreateEvent:
    """Progress of a create: hashing or uploading a file (bytes), or a daemon status line."""

    phase: str  # "hash", "upload", "skip" or "status"
    label: str
    completed: int = 0
    total: int = 0


def list_examples(folder: Path = EXAMPLES_DIR) -> list[str]:
    """Names of the example Modelfiles shipped in `folder`, without the suffix."""
    return sorted(p.name.removesuffix(SUFFIX) for p in folder.glob(f"*{SUFFIX}"))


def read_example(name: str, folder: Path = EXAMPLES_DIR) -> str:
    """The text of one example Modelfile."""
    return (folder / f"{safe_file_stem(name)}{SUFFIX}").read_text(encoding="utf-8")


def example_summary(text: str, language: str = "en") -> str:
    """What an example is for: its first comment line in `language` (Korean lines hold Hangul),
    or its first comment line when none is in that language."""
    lines = [line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")]
    in_language = [line for line in lines if bool(_HANGUL.search(line)) == (language == "ko")]
    return (in_language or lines or [""])[0]


def safe_file_stem(name: str) -> str:
    """Check a file name for saving into the examples folder (no paths, no surprises)."""
    stem = name.strip().removesuffix(SUFFIX)
    if not _SAFE_NAME.match(stem) or ".." in stem:
        raise WorkbenchError(
            code="error.modelfile_filename",
            name=name,
        )
    return stem


def save_example(
    name: str, text: str, folder: Path = EXAMPLES_DIR, overwrite: bool = False
) -> Path:
    """Write a Modelfile into `folder` after checking it parses; refuse to overwrite silently."""
    parse(text)
    path = folder / f"{safe_file_stem(name)}{SUFFIX}"
    if path.exists() and not overwrite:
        raise WorkbenchError(
            code="error.modelfile_exists",
            name=path.name,
        )
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return path


@dataclass(frozen=True)
class FormContent:
    """The Modelfile as the form shows it: plain fields and table rows."""

    from_: str
    system: str
    template: str
    parameters: list[dict[str, str]]
    messages: list[dict[str, str]]
    license: str


def to_form(modelfile: Modelfile) -> FormContent:
    """Spread a Modelfile over the form's fields (one parameter row per stop string)."""
    rows = [
        row for name, value in modelfile.parameters.items() for row in parameter_rows(name, value)
    ]
    return FormContent(
        from_=modelfile.from_[-1],
        system=modelfile.system or "",
        template=modelfile.template or "",
        parameters=rows,
        messages=[dict(message) for message in modelfile.messages],
        license="\n\n".join(modelfile.license),
    )


def from_form(form: FormContent, keep: Modelfile | None = None) -> Modelfile:
    """Build a Modelfile from the form, validating each parameter row like Ollama does."""
    parameters: dict[str, Any] = {}
    for row in form.parameters:
        name, raw = (row.get("name") or "").strip(), str(row.get("value") or "").strip()
        if not name and not raw:
            continue
        value = parse_parameter_value(name, raw)
        if isinstance(value, list):
            parameters.setdefault(name, []).extend(value)
        else:
            parameters[name] = value
    messages = [
        {"role": m.get("role") or "", "content": m.get("content") or ""}
        for m in form.messages
        if (m.get("content") or "").strip()
    ]
    return Modelfile(
        from_=[form.from_.strip()],
        adapters=list(keep.adapters) if keep else [],
        draft=list(keep.draft) if keep else [],
        template=form.template or None,
        system=form.system or None,
        parameters=parameters,
        license=[form.license] if form.license.strip() else [],
        messages=messages,
        requires=keep.requires if keep else None,
        renderer=keep.renderer if keep else None,
        parser=keep.parser if keep else None,
    )


def parameter_rows(name: str, value: Any) -> list[dict[str, str]]:
    """One PARAMETER as the form's text rows: one per stop string, none for an unset value."""
    values = value if isinstance(value, list) else [] if value is None else [value]
    return [
        {"name": name, "value": item if isinstance(item, str) else format_parameter_value(item)}
        for item in values
    ]


def base_model_name(modelfile: Modelfile) -> str | None:
    """The model name FROM refers to, when it is a name rather than a local file."""
    value = modelfile.from_[-1]
    looks_like_file = value.startswith(("/", ".", "~")) or value.lower().endswith(
        (".gguf", ".bin", ".safetensors")
    )
    return None if looks_like_file else value


def checks(modelfile: Modelfile, installed: Sequence[str], base_context: int | None) -> list[Check]:
    """Warnings worth showing before create: a base that would be pulled, num_ctx too large."""
    found: list[Check] = []
    base = base_model_name(modelfile)
    names = {with_default_tag(name).lower() for name in installed}
    if base and with_default_tag(base).lower() not in names:
        found.append(Check("modelfiles.check_missing_base", {"name": base}))
    num_ctx = modelfile.parameters.get("num_ctx")
    if isinstance(num_ctx, int) and base_context and num_ctx > base_context:
        found.append(Check("modelfiles.check_num_ctx", {"num_ctx": num_ctx, "limit": base_context}))
    found += [Check(warning.code, warning.params) for warning in modelfile.warnings]
    return found


def installed_name(name: str, installed: Sequence[str]) -> str | None:
    """The installed model `name` refers to as Ollama resolves it ("gemma3" is "gemma3:latest")."""
    wanted = with_default_tag(name).lower()
    return next((found for found in installed if with_default_tag(found).lower() == wanted), None)


def as_created(modelfile: Modelfile, base: Modelfile) -> Modelfile:
    """What the created model will hold: the base's template, system prompt, messages and license
    unless this Modelfile sets its own, and the base's parameters with this one's winning per key
    (as /api/create merges them); FROM stays the base's, so a diff shows only real changes."""
    return replace(
        modelfile,
        from_=list(base.from_),
        template=modelfile.template if modelfile.template is not None else base.template,
        system=modelfile.system if modelfile.system is not None else base.system,
        parameters={**base.parameters, **modelfile.parameters},
        messages=modelfile.messages or base.messages,
        license=modelfile.license or base.license,
    )


def unified_diff(before: str, after: str, before_name: str, after_name: str) -> str:
    """A unified diff of two Modelfile texts, empty when they are the same."""
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), before_name, after_name, lineterm=""
    )
    return "\n".join(lines)


def error_excerpt(text: str, error: ModelfileError, context: int = 2) -> str:
    """The lines around an error's line, numbered, with the bad line marked."""
    if error.line is None:
        return ""
    lines = text.splitlines()
    first = max(error.line - context, 1)
    last = min(error.line + context, len(lines))
    width = len(str(last))
    return "\n".join(
        f"{'>' if number == error.line else ' '} {number:>{width}} | {lines[number - 1]}"
        for number in range(first, last + 1)
    )


def create_model(
    service: OllamaService,
    modelfile: Modelfile,
    name: str,
    base_dir: Path,
    allowed_dirs: Sequence[Path],
    on_event: Callable[[CreateEvent], None],
) -> None:
    """Do what `ollama create -f` does: hash and upload local files, then POST /api/create."""

    def hashing(path: Path, done: int, total: int) -> None:
        on_event(CreateEvent("hash", path.name, done, total))

    for reference in file_references(modelfile, base_dir, allowed_dirs, hashing):
        if service.has_blob(reference.digest):
            on_event(CreateEvent("skip", reference.key, reference.size, reference.size))
            continue

        def uploading(done: int, total: int, key: str = reference.key) -> None:
            on_event(CreateEvent("upload", key, done, total))

        service.upload_blob(reference.path, reference.digest, uploading)
    body = create_request(modelfile, name, base_dir, allowed_dirs)
    for line in service.create(body):
        on_event(_status_event(line))


def _status_event(line: PullProgress) -> CreateEvent:
    return CreateEvent("status", line.status, line.completed, line.total)
