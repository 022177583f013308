"""The Modelfile data type in `ollama create` terms, with the invariants every instance keeps."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.modelfile.params import ParameterValue, normalize_parameters
from workbench.modelfile.syntax import ROLES, Instruction, ModelfileError, ModelfileWarning

_NUM = r"(?:0|[1-9][0-9]*)"
_PRE = r"(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_BUILD = r"[0-9A-Za-z-]+"
_SEMVER = re.compile(
    rf"v{_NUM}(?:\.{_NUM}(?:\.{_NUM}(?:-{_PRE}(?:\.{_PRE})*)?(?:\+{_BUILD}(?:\.{_BUILD})*)?)?)?"
)
SINGLES = ("template", "system", "renderer", "parser", "requires")


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
    warnings: list[ModelfileWarning] = field(default_factory=list, compare=False)
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
                require_path_value(keyword, value, None)
        for keyword in SINGLES:
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


def normalize_requires(value: str, line: int | None) -> str:
    """Check REQUIRES like Ollama (semver, optional leading v) and return it without the v."""
    version = value if value.startswith("v") else "v" + value
    if not _SEMVER.fullmatch(version):
        raise ModelfileError(line=line, code="error.modelfile_requires", value=value)
    return version[1:]


def require_path_value(keyword: str, value: str, line: int | None) -> None:
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
