"""A comparison's full specification as plain JSON-ready data, and the daemon it ran against."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.checks import CheckSpec, check_from_dict, check_to_dict
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import Cell, GridSpec, ParamSet, PromptVariant
from workbench.compare.schedule import SchedulePolicy
from workbench.errors import WorkbenchError
from workbench.fleet import Fleet, parse_ref
from workbench.ollama import OllamaService, with_default_tag
from workbench.tools import ToolSpec, tool_from_dict, tool_to_dict


@dataclass(frozen=True)
class CompareSpec:
    """Everything needed to run a comparison again: the grid and how it runs."""

    grid: GridSpec
    settings: RunSettings

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {"grid": grid_to_dict(self.grid), "settings": settings_to_dict(self.settings)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CompareSpec:
        """Rebuild a spec saved by to_dict."""
        return cls(grid_from_dict(data["grid"]), settings_from_dict(data["settings"]))


def grid_to_dict(grid: GridSpec) -> dict[str, Any]:
    """The grid's axes as plain data."""
    return {
        "models": list(grid.models),
        "variants": [
            {
                "name": v.name,
                "messages": [dict(m) for m in v.messages],
                "template_id": v.template_id,
                "template_version": v.template_version,
                **_shape_to_dict(v.output_schema, v.tools, v.checks),
            }
            for v in grid.variants
        ],
        "rows": [dict(row) for row in grid.rows],
        "param_sets": [{"name": p.name, "options": dict(p.options)} for p in grid.param_sets],
        "repeats": grid.repeats,
        "cap": grid.cap,
    }


def grid_from_dict(data: Mapping[str, Any]) -> GridSpec:
    """Rebuild a grid saved by grid_to_dict."""
    return GridSpec(
        models=tuple(data["models"]),
        variants=tuple(
            PromptVariant(
                name=v["name"],
                messages=tuple(dict(m) for m in v["messages"]),
                template_id=v.get("template_id"),
                template_version=v.get("template_version"),
                **_shape_from_dict(v),
            )
            for v in data["variants"]
        ),
        rows=tuple(dict(row) for row in data.get("rows", [])),
        param_sets=tuple(
            ParamSet(p["name"], dict(p["options"])) for p in data.get("param_sets", [])
        ),
        repeats=int(data.get("repeats", 1)),
        cap=int(data.get("cap", GridSpec.cap)),
    )


def settings_to_dict(settings: RunSettings) -> dict[str, Any]:
    """Run settings as plain data (the policy as a dict, or None for automatic)."""
    policy = settings.policy.to_dict() if settings.policy else None
    return {
        "seed": settings.seed,
        "lock_seed": settings.lock_seed,
        "shuffle": settings.shuffle,
        "warmup": settings.warmup,
        "max_concurrency": settings.max_concurrency,
        "parallel": settings.parallel,
        "policy": policy,
        "think": settings.think,
        "keep_alive": settings.keep_alive,
    }


def settings_from_dict(data: Mapping[str, Any]) -> RunSettings:
    """Rebuild run settings saved by settings_to_dict."""
    values = {k: v for k, v in data.items() if k in RunSettings.__dataclass_fields__}
    policy = values.get("policy")
    values["policy"] = SchedulePolicy.from_dict(policy) if policy else None
    return RunSettings(**values)


def cell_to_dict(cell: Cell) -> dict[str, Any]:
    """A cell as plain data (its rendered messages included)."""
    return {
        "id": cell.id,
        "model": cell.model,
        "variant": cell.variant,
        "row_index": cell.row_index,
        "row": dict(cell.row),
        "params_name": cell.params_name,
        "options": dict(cell.options),
        "messages": [dict(m) for m in cell.messages],
        "template_id": cell.template_id,
        "template_version": cell.template_version,
        **_shape_to_dict(cell.output_schema, cell.tools, cell.checks),
    }


def cell_from_dict(data: Mapping[str, Any]) -> Cell:
    """Rebuild a cell saved by cell_to_dict."""
    return Cell(
        id=data["id"],
        model=data["model"],
        variant=data["variant"],
        row_index=int(data["row_index"]),
        row=dict(data["row"]),
        params_name=data["params_name"],
        options=dict(data["options"]),
        messages=tuple(dict(m) for m in data["messages"]),
        template_id=data.get("template_id"),
        template_version=data.get("template_version"),
        **_shape_from_dict(data),
    )


def _shape_to_dict(
    schema: Mapping[str, Any] | None, tools: Sequence[ToolSpec], checks: Sequence[CheckSpec]
) -> dict[str, Any]:
    """The output schema, tools and checks of a variant or cell as plain data."""
    return {
        "output_schema": dict(schema) if schema is not None else None,
        "tools": [tool_to_dict(tool) for tool in tools],
        "checks": [check_to_dict(check) for check in checks],
    }


def _shape_from_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    """The output schema, tools and checks saved by _shape_to_dict (none in runs saved before
    them)."""
    schema = data.get("output_schema")
    return {
        "output_schema": dict(schema) if schema is not None else None,
        "tools": tuple(tool_from_dict(tool) for tool in data.get("tools") or ()),
        "checks": tuple(check_from_dict(check) for check in data.get("checks") or ()),
    }


def capture_environment(service: OllamaService | Fleet, models: Sequence[str]) -> dict[str, Any]:
    """The daemon's version and each model's digest ("" when unknown), for the history; on a
    Fleet the first host's, plus `hosts`: every host's url, version, digests and error code."""
    if isinstance(service, Fleet):
        return _fleet_environment(service, models)
    try:
        version = service.version()
    except WorkbenchError:
        version = ""
    try:
        installed = {with_default_tag(m.name).lower(): m.digest for m in service.list_models(False)}
    except WorkbenchError:
        installed = {}
    digests = {m: installed.get(with_default_tag(m).lower(), "") for m in models}
    return {"ollama_version": version, "host": service.host, "digests": digests}


def _fleet_environment(fleet: Fleet, models: Sequence[str]) -> dict[str, Any]:
    """Every host's version and the digests of the grid's models there; `digests` gives each
    grid model (as written, `model@host` too) the digest on its host or on the first that has
    it."""
    states = fleet.probe()
    refs = {model: parse_ref(model, fleet.labels) for model in models}
    names = list(dict.fromkeys(ref.name for ref in refs.values()))
    hosts = {
        state.label: {
            "url": state.host.url,
            "ollama_version": state.version,
            "digests": {name: state.digest(name) for name in names if state.has(name)},
            "error_code": state.error.code if state.error else "",
        }
        for state in states
    }
    digests = {}
    for model, ref in refs.items():
        found = [s for s in states if s.has(ref.name) and ref.host in (None, s.label)]
        digests[model] = found[0].digest(ref.name) if found else ""
    first = states[0] if states else None
    return {
        "ollama_version": first.version if first else "",
        "host": first.host.url if first else "",
        "digests": digests,
        "hosts": hosts,
    }
