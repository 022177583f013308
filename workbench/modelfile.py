"""Modelfile as a data type: parse Ollama's grammar, validate like `ollama create`, render, create.

`parse` runs Ollama's ParseFile (workbench.modelfile_syntax) and then the checks that
`Modelfile.CreateRequest` makes (parameter names and types, REQUIRES), so a text that parses here
is one `ollama create` accepts. Repeated single-valued instructions keep the last value, as Ollama
does, with a warning. `render` (workbench.modelfile_render) writes text that parses back to an
equal Modelfile; `to_create_request` (workbench.modelfile_files) builds the /api/create body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench import modelfile_files
from workbench.modelfile_files import FileReference, hash_file
from workbench.modelfile_params import (
    DEPRECATED_PARAMETERS,
    PARAMETERS,
    Parameter,
    ParameterValue,
    normalize_parameters,
    parse_parameter_value,
)
from workbench.modelfile_render import render
from workbench.modelfile_syntax import (
    ROLES,
    Instruction,
    ModelfileError,
    decode_bytes,
    scan,
)

__all__ = [
    "PARAMETERS",
    "FileReference",
    "Instruction",
    "Modelfile",
    "ModelfileError",
    "Parameter",
    "ParameterValue",
    "hash_file",
    "parse",
    "parse_bytes",
    "render",
]

_NUM = r"(?:0|[1-9][0-9]*)"
_PRE = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD = r"[0-9A-Za-z-]+"
_SEMVER = re.compile(
    rf"v{_NUM}(?:\.{_NUM}(?:\.{_NUM}(?:-{_PRE}(?:\.{_PRE})*)?(?:\+{_BUILD}(?:\.{_BUILD})*)?)?)?"
)
_LISTS = {"from": "from_", "adapter": "adapters", "draft": "draft", "license": "license"}
_SINGLES = ("template", "system", "renderer", "parser", "requires")
# Ollama names FROM's command "model"; other instruction names as PARAMETER names act as those.
_COMMAND_NAMES = {"model": "from"} | {
    name: name for name in ("adapter", "draft", "license", "message", *_SINGLES)
}


@dataclass
class Modelfile:
    """A Modelfile in `ollama create` terms; `warnings` and `instructions` are not compared."""

    from_: list[str]
    adapters: list[str] = field(default_factory=list)
    draft: list[str] = field(default_factory=list)
    template: str | None = None
    system: str | None = None
    parameters: dict[str, ParameterValue] = field(default_factory=dict)
    license: list[str] = field(default_factory=list)
    messages: list[dict[str, str]] = field(default_factory=list)
    requires: str | None = None
    renderer: str | None = None
    parser: str | None = None
    warnings: list[str] = field(default_factory=list, compare=False)
    instructions: list[Instruction] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Check the invariants every Modelfile keeps, so that it can always be rendered."""
        self.from_, self.adapters, self.draft, self.license = (
            _strings(values, name)
            for values, name in (
                (self.from_, "FROM"),
                (self.adapters, "ADAPTER"),
                (self.draft, "DRAFT"),
                (self.license, "LICENSE"),
            )
        )
        if not self.from_:
            raise ModelfileError(code="error.modelfile_no_from")
        paths = (self.from_, self.adapters, self.draft)
        for keyword, values in zip(("FROM", "ADAPTER", "DRAFT"), paths, strict=True):
            for value in values:
                _require_path_value(keyword, value, None)
        for keyword in _SINGLES:
            if not isinstance(getattr(self, keyword), str | None):
                raise ModelfileError(code="error.modelfile_not_text", keyword=keyword.upper())
        self.parameters = normalize_parameters(self.parameters)
        self.messages = [_checked_message(message) for message in self.messages]
        if self.requires is not None:
            self.requires = normalize_requires(self.requires, None)

    def line_of(self, keyword: str, value: str | None = None) -> int | None:
        """Line of the first instruction with this keyword (and value), if it came from text."""
        for instruction in self.instructions:
            if instruction.keyword == keyword and value in (None, instruction.value):
                return instruction.line
        return None

    def file_references(
        self,
        base_dir: Path | None = None,
        allowed_dirs: Sequence[Path] = (),
        progress: Callable[[Path, int, int], None] | None = None,
    ) -> list[FileReference]:
        """Local files to upload as blobs before create: path, key, digest, size and kind."""
        return modelfile_files.file_references(self, base_dir, allowed_dirs, progress)

    def to_create_request(
        self, model: str, base_dir: Path | None = None, allowed_dirs: Sequence[Path] = ()
    ) -> dict[str, Any]:
        """JSON body for POST /api/create, with local FROM/ADAPTER/DRAFT files as digests."""
        return modelfile_files.create_request(self, model, base_dir, allowed_dirs)


def parse(text: str) -> Modelfile:
    """Parse Modelfile text as `ollama create` does; raise ModelfileError with the line."""
    warnings: list[str] = []
    instructions = [
        _as_ollama_reads_it(item, warnings) for item in scan(text.removeprefix("\ufeff"))
    ]
    if not any(instruction.keyword == "from" for instruction in instructions):
        raise ModelfileError(code="error.modelfile_no_from")
    return _build(instructions, warnings)


def parse_bytes(data: bytes) -> Modelfile:
    """Parse a Modelfile file's bytes: UTF-8 (BOM optional) or UTF-16 LE/BE with a BOM."""
    return parse(decode_bytes(data))


def normalize_requires(value: str, line: int | None) -> str:
    """Check REQUIRES like Ollama (semver, optional leading v) and return it without the v."""
    version = value if value.startswith("v") else "v" + value
    if not _SEMVER.fullmatch(version):
        raise ModelfileError(line=line, code="error.modelfile_requires", value=value)
    return version[1:]


def _as_ollama_reads_it(item: Instruction, warnings: list[str]) -> Instruction:
    """Ollama stores `PARAMETER system x` as a command named "system", so it acts as SYSTEM."""
    if item.keyword != "parameter" or item.name not in _COMMAND_NAMES:
        return item
    keyword = _COMMAND_NAMES[item.name]
    warnings.append(
        f"PARAMETER {item.name} on line {item.line} is read by Ollama as {keyword.upper()}; "
        f"write {keyword.upper()} instead."
    )
    if keyword != "message":
        return Instruction(keyword, "", item.value, item.line)
    role, _, content = item.value.partition(": ")
    if role not in ROLES:
        raise ModelfileError(line=item.line, code="error.modelfile_bad_role_parameter")
    return Instruction("message", role, content, item.line)


def _build(instructions: list[Instruction], warnings: list[str]) -> Modelfile:
    lists: dict[str, list[str]] = {attr: [] for attr in _LISTS.values()}
    singles: dict[str, Instruction] = {}
    parameters: dict[str, ParameterValue] = {}
    parameter_lines: dict[str, int] = {}
    messages: list[dict[str, str]] = []
    for item in instructions:
        if item.keyword in _LISTS:
            if item.keyword in ("from", "adapter", "draft"):
                _require_path_value(item.keyword.upper(), item.value, item.line)
            lists[_LISTS[item.keyword]].append(item.value)
        elif item.keyword in _SINGLES:
            _single(item, singles, warnings)
        elif item.keyword == "message":
            messages.append({"role": item.name, "content": item.value})
        else:
            _parameter(item, parameters, parameter_lines, warnings)
    if len(lists["adapters"]) > 1:
        warnings.append("Only the last ADAPTER line is used: Ollama keeps one adapter.")
    return Modelfile(
        **lists,
        **{keyword: single.value for keyword, single in singles.items()},
        parameters=parameters,
        messages=messages,
        warnings=warnings,
        instructions=instructions,
    )


def _single(item: Instruction, singles: dict[str, Instruction], warnings: list[str]) -> None:
    if item.keyword == "requires":
        normalize_requires(item.value, item.line)
    previous = singles.get(item.keyword)
    if previous is not None:
        keyword = item.keyword.upper()
        warnings.append(
            f"{keyword} on line {item.line} replaces the {keyword} on line {previous.line}: "
            "Ollama keeps only the last one."
        )
    singles[item.keyword] = item


def _parameter(
    item: Instruction,
    parameters: dict[str, ParameterValue],
    lines: dict[str, int],
    warnings: list[str],
) -> None:
    if item.name in DEPRECATED_PARAMETERS:
        warnings.append(
            f"parameter {item.name} is deprecated (line {item.line}); Ollama ignores it, so it "
            "was left out."
        )
        return
    value = parse_parameter_value(item.name, item.value, item.line)
    if item.name == "stop":
        parameters["stop"] = [*parameters.get("stop", []), *value]  # type: ignore[misc]
        return
    if item.name in parameters:
        warnings.append(
            f"PARAMETER {item.name} on line {item.line} replaces the value from line "
            f"{lines[item.name]}: Ollama keeps only the last one."
        )
    parameters[item.name] = value
    lines[item.name] = item.line


def _require_path_value(keyword: str, value: str, line: int | None) -> None:
    if not value.strip():
        raise ModelfileError(line=line, code="error.modelfile_empty_path", keyword=keyword)


def _strings(values: Sequence[str], keyword: str) -> list[str]:
    if isinstance(values, str) or not all(isinstance(value, str) for value in values):
        raise ModelfileError(code="error.modelfile_not_list", keyword=keyword)
    return list(values)


def _checked_message(message: Any) -> dict[str, str]:
    valid = isinstance(message, Mapping) and set(message) == {"role", "content"}
    if not valid or message["role"] not in ROLES or not isinstance(message["content"], str):
        raise ModelfileError(code="error.modelfile_bad_message", value=message)
    return {"role": message["role"], "content": message["content"]}
