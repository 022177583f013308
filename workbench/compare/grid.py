"""The comparison grid: axes (models, prompt variants, variable rows, parameter sets) and cells."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.checks import CheckSpec, bind_check, row_checks
from workbench.errors import WorkbenchError
from workbench.tools import ToolSpec

DEFAULT_CAP = 48
_PLACEHOLDER = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")

Messages = list[dict[str, Any]]


class GridError(WorkbenchError):
    """A comparison grid that cannot be built as asked."""

    code = "error.compare_grid"


@dataclass(frozen=True)
class PromptVariant:
    """A named prompt: chat messages (maybe with `{{variables}}`), its template label, the
    output schema and tools its requests send, and the checks every answer to it gets."""

    name: str
    messages: tuple[dict[str, Any], ...]
    template_id: str | None = None
    template_version: str | None = None
    output_schema: dict[str, Any] | None = None
    tools: tuple[ToolSpec, ...] = ()
    checks: tuple[CheckSpec, ...] = ()


@dataclass(frozen=True)
class ParamSet:
    """A named set of Ollama options, e.g. {"temperature": 0.7, "num_ctx": 8192}."""

    name: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GridSpec:
    """The axes of a comparison; empty rows or parameter sets mean one default entry."""

    models: tuple[str, ...]
    variants: tuple[PromptVariant, ...]
    rows: tuple[Mapping[str, Any], ...] = ()
    param_sets: tuple[ParamSet, ...] = ()
    repeats: int = 1
    cap: int = DEFAULT_CAP

    @property
    def effective_rows(self) -> tuple[Mapping[str, Any], ...]:
        """The variable rows, or one empty row."""
        return self.rows or ({},)

    @property
    def effective_param_sets(self) -> tuple[ParamSet, ...]:
        """The parameter sets, or one set of the daemon's defaults."""
        return self.param_sets or (ParamSet("default"),)

    @property
    def cell_count(self) -> int:
        """How many cells the cross product has."""
        axes = (self.models, self.variants, self.effective_rows, self.effective_param_sets)
        return math.prod(len(axis) for axis in axes)

    @property
    def request_count(self) -> int:
        """How many generations a run sends: cells times repeats."""
        return self.cell_count * max(self.repeats, 1)


@dataclass(frozen=True)
class Cell:
    """One point of the grid: a model answering rendered messages with given options (and the
    variant's output schema and tools), and the checks its answers get: the variant's, bound to
    the row's values, then the row's own expectations."""

    id: str
    model: str
    variant: str
    row_index: int
    row: Mapping[str, Any]
    params_name: str
    options: Mapping[str, Any]
    messages: tuple[dict[str, Any], ...]
    template_id: str | None = None
    template_version: str | None = None
    output_schema: dict[str, Any] | None = None
    tools: tuple[ToolSpec, ...] = ()
    checks: tuple[CheckSpec, ...] = ()

    @property
    def params_label(self) -> str:
        """The parameter set's name with its values, e.g. `precise (temperature=0, top_k=20)`."""
        if not self.options:
            return self.params_name
        values = ", ".join(f"{name}={value}" for name, value in self.options.items())
        return f"{self.params_name} ({values})"

    @property
    def template_label(self) -> str:
        """`template@version` when the cell's prompt comes from a template, else the variant."""
        if self.template_id and self.template_version:
            return f"{self.template_id}@{self.template_version}"
        return self.template_id or self.variant


Render = Callable[[PromptVariant, Mapping[str, Any]], Sequence[dict[str, Any]]]


def substitute_variables(variant: PromptVariant, row: Mapping[str, Any]) -> Messages:
    """The default renderer: replace `{{name}}` by the row's value; unknown names stay."""

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(
            lambda m: str(row[m.group(1)]) if m.group(1) in row else m.group(0), text
        )

    return [
        {**message, "content": fill(str(message.get("content", "")))}
        for message in variant.messages
    ]


def variables_in(variant: PromptVariant) -> list[str]:
    """The `{{name}}` placeholders of a variant's messages, in order of first use."""
    found = (_PLACEHOLDER.findall(str(message.get("content", ""))) for message in variant.messages)
    return list(dict.fromkeys(name for names in found for name in names))


def check_grid(spec: GridSpec) -> None:
    """Raise GridError when an axis is empty, repeats is below 1, or the grid exceeds its cap."""
    if not spec.models:
        raise GridError(code="error.compare_no_models")
    if not spec.variants:
        raise GridError(code="error.compare_no_variants")
    if spec.repeats < 1:
        raise GridError(
            code="error.compare_repeats",
            repeats=spec.repeats,
        )
    if spec.request_count > spec.cap:
        raise GridError(
            code="error.compare_too_large",
            cells=spec.cell_count,
            repeats=spec.repeats,
            requests=spec.request_count,
            cap=spec.cap,
        )


def expand_grid(spec: GridSpec, render: Render = substitute_variables) -> list[Cell]:
    """Check the grid, then build every cell: rows, then variants, then params, then models."""
    check_grid(spec)
    cells = []
    for ri, row in enumerate(spec.effective_rows):
        for vi, variant in enumerate(spec.variants):
            messages = tuple(dict(m) for m in render(variant, row))
            checks = cell_checks(variant, row)
            for pi, params in enumerate(spec.effective_param_sets):
                for mi, model in enumerate(spec.models):
                    cells.append(
                        Cell(
                            id=f"m{mi}-v{vi}-r{ri}-p{pi}",
                            model=model,
                            variant=variant.name,
                            row_index=ri,
                            row=dict(row),
                            params_name=params.name,
                            options=dict(params.options),
                            messages=messages,
                            template_id=variant.template_id,
                            template_version=variant.template_version,
                            output_schema=variant.output_schema,
                            tools=variant.tools,
                            checks=checks,
                        )
                    )
    return cells


def cell_checks(variant: PromptVariant, row: Mapping[str, Any]) -> tuple[CheckSpec, ...]:
    """The variant's checks with the row's values filled in, then the row's expectations."""
    return (*(bind_check(check, row) for check in variant.checks), *row_checks(row))
