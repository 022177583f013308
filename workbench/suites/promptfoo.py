"""A grid as a promptfoo config (promptfooconfig.yaml) and back: providers, prompts, tests."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from workbench.checks import (
    CHAT_PROVIDER,
    EXPECTED_COLUMN,
    CheckSpec,
    Kind,
    from_assertion,
    is_expectation,
    row_checks,
    to_assertion,
    validate_check,
)
from workbench.compare import GridSpec, ParamSet, PromptVariant
from workbench.errors import Reason, WorkbenchError

_SET_MARK = " · "  # a provider label is "model · parameter set" when the grid names its sets
_VARIANT_ASSERTS = "variant_asserts"  # test metadata: how many leading asserts are the prompt's


class PromptfooError(WorkbenchError):
    """Text that cannot be read as a promptfoo config."""

    code = "error.promptfoo_config"


@dataclass(frozen=True)
class Unmapped:
    """Something one side has and the other cannot hold: where it is, what it is, and why."""

    where: Reason
    what: str
    reason: Reason


@dataclass(frozen=True)
class PromptfooExport:
    """A promptfoo config's YAML text and what it leaves out."""

    text: str
    unmapped: tuple[Unmapped, ...]


@dataclass(frozen=True)
class PromptfooImport:
    """A grid's axes read from a promptfoo config, and what of it the grid cannot hold."""

    models: tuple[str, ...]
    variants: tuple[PromptVariant, ...]
    rows: tuple[Mapping[str, Any], ...]
    param_sets: tuple[ParamSet, ...]
    unmapped: tuple[Unmapped, ...]

    @property
    def grid(self) -> GridSpec:
        """The axes as a grid (checked against its cap when expanded, like any other)."""
        return GridSpec(self.models, self.variants, self.rows, self.param_sets)


def export_promptfoo(grid: GridSpec) -> PromptfooExport:
    """The grid as a promptfoo config: one `ollama:chat` provider per model and parameter set,
    one labelled chat prompt per variant, one test per row (per row and variant when variants
    differ in checks, limited to that variant's prompt with `prompts`)."""
    unmapped: list[Unmapped] = []
    variant_asserts = []
    for variant in grid.variants:
        where = Reason("promptfoo.where_variant", {"name": variant.name})
        if variant.output_schema is not None:
            unmapped.append(Unmapped(where, "output_schema", Reason("reason.promptfoo_schema")))
        if variant.tools:
            unmapped.append(Unmapped(where, "tools", Reason("reason.promptfoo_tools")))
        variant_asserts.append(_assertions(variant.checks, where, unmapped))
    shared = all(asserts == variant_asserts[0] for asserts in variant_asserts)
    config: dict[str, Any] = {
        "description": "Exported from the Ollama workbench",
        "providers": _providers(grid),
        "prompts": [
            {"label": v.name, "raw": json.dumps(list(v.messages), ensure_ascii=False, indent=2)}
            for v in grid.variants
        ],
    }
    if shared and variant_asserts and variant_asserts[0]:
        config["defaultTest"] = {"assert": variant_asserts[0]}
    config["tests"] = _tests(grid, None if shared else variant_asserts, unmapped)
    return PromptfooExport(_dump(config), tuple(unmapped))


def _providers(grid: GridSpec) -> list[dict[str, Any]]:
    named = bool(grid.param_sets)
    return [
        {
            "id": CHAT_PROVIDER + model,
            "label": f"{model}{_SET_MARK}{params.name}" if named else model,
            **({"config": dict(params.options)} if params.options else {}),
        }
        for params in grid.effective_param_sets
        for model in grid.models
    ]


def _assertions(
    checks: Sequence[CheckSpec], where: Reason, unmapped: list[Unmapped]
) -> list[dict[str, Any]]:
    found = []
    for check in checks:
        assertion = to_assertion(check)
        if isinstance(assertion, Reason):
            unmapped.append(Unmapped(where, str(check.kind), assertion))
        else:
            found.append(assertion)
    return found


def _tests(
    grid: GridSpec, per_variant: list[list[dict[str, Any]]] | None, unmapped: list[Unmapped]
) -> list[dict[str, Any]]:
    tests = []
    for number, row in enumerate(grid.effective_rows, start=1):
        where = Reason("promptfoo.where_row", {"number": number})
        test = {
            "description": f"row {number}",
            "vars": {k: v for k, v in row.items() if not is_expectation(k)},
            "assert": _assertions(row_checks(row), where, unmapped),
        }
        if per_variant is None:
            tests.append(test)
            continue
        for variant, asserts in zip(grid.variants, per_variant, strict=True):
            tests.append(
                {
                    **test,
                    "description": f"row {number}{_SET_MARK}{variant.name}",
                    "prompts": [variant.name],
                    "assert": [*asserts, *test["assert"]],
                    "metadata": {"row": number, _VARIANT_ASSERTS: len(asserts)},
                }
            )
    return tests


class _Dumper(yaml.SafeDumper):
    """Block style for text with line breaks (prompts and scripts stay readable); no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        """Write repeated values out in full: people read and edit this file."""
        return True


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def _dump(config: Mapping[str, Any]) -> str:
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def import_promptfoo(text: str) -> PromptfooImport:
    """The grid a promptfoo config describes; PromptfooError when it is not YAML or not a
    promptfoo config. Whatever the grid cannot hold is listed in `unmapped`."""
    config = _load(text)
    unmapped: list[Unmapped] = []
    models, param_sets = _read_providers(config.get("providers"), unmapped)
    variants = _read_prompts(config.get("prompts"), unmapped)
    default = config.get("defaultTest") if isinstance(config.get("defaultTest"), Mapping) else {}
    where = Reason("promptfoo.where_default_test")
    shared = _read_checks(default.get("assert") or [], where, unmapped)
    tests = config.get("tests") or []
    if not isinstance(tests, list):
        unmapped.append(Unmapped(where, "tests", Reason("reason.promptfoo_tests_file")))
        tests = []
    own, rows = _read_tests(tests, default, {v.name for v in variants}, unmapped)
    variants = [
        PromptVariant(v.name, v.messages, checks=(*shared, *own.get(v.name, ()))) for v in variants
    ]
    return PromptfooImport(
        tuple(models), tuple(variants), tuple(rows), tuple(param_sets), tuple(unmapped)
    )


def _load(text: str) -> Mapping[str, Any]:
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise PromptfooError(code="error.promptfoo_yaml", line=line, detail=problem) from None
    if not isinstance(config, Mapping) or not {"providers", "prompts"} <= set(config):
        raise PromptfooError(code="error.promptfoo_not_config")
    return config


def _read_providers(entries: Any, unmapped: list[Unmapped]) -> tuple[list[str], list[ParamSet]]:
    """Models and parameter sets from `ollama:chat:` providers (a string or {id, label, config})."""
    models: list[str] = []
    sets: dict[str, ParamSet] = {}
    for number, entry in enumerate(entries if isinstance(entries, list) else [entries], start=1):
        item = entry if isinstance(entry, Mapping) else {"id": entry}
        ident, label = str(item.get("id", "")), item.get("label")
        config = item.get("config") if isinstance(item.get("config"), Mapping) else {}
        if not ident.startswith(CHAT_PROVIDER) or not ident.removeprefix(CHAT_PROVIDER):
            where = Reason("promptfoo.where_provider", {"number": number})
            unmapped.append(Unmapped(where, ident, Reason("reason.promptfoo_not_ollama")))
            continue
        model = ident.removeprefix(CHAT_PROVIDER)
        models += [] if model in models else [model]
        prefix = f"{model}{_SET_MARK}"
        if isinstance(label, str) and label.startswith(prefix):
            name = label.removeprefix(prefix)
        else:
            name = next((s.name for s in sets.values() if s.options == config), None) or (
                "default" if not config else f"set {len(sets) + 1}"
            )
        sets.setdefault(name, ParamSet(name, dict(config)))
    if not models:
        raise PromptfooError(code="error.promptfoo_no_models")
    plain = list(sets) == ["default"] and not sets["default"].options
    return models, [] if plain else list(sets.values())


def _read_prompts(entries: Any, unmapped: list[Unmapped]) -> list[PromptVariant]:
    """Variants from prompts: chat-message JSON or plain text (one user message)."""
    if isinstance(entries, Mapping):
        entries = [{"raw": raw, "label": label} for raw, label in entries.items()]
    variants: list[PromptVariant] = []
    for number, entry in enumerate(entries if isinstance(entries, list) else [entries], start=1):
        item = entry if isinstance(entry, Mapping) else {"raw": entry}
        raw = item.get("raw") or item.get("id")
        name = str(item.get("label") or f"Prompt {number}")
        if not isinstance(raw, str) or raw.startswith("file://"):
            where = Reason("promptfoo.where_prompt", {"name": name})
            unmapped.append(Unmapped(where, str(raw), Reason("reason.promptfoo_prompt_file")))
            continue
        variants.append(PromptVariant(name, _messages(raw)))
    if not variants:
        raise PromptfooError(code="error.promptfoo_no_prompts")
    return variants


def _messages(raw: str) -> tuple[dict[str, Any], ...]:
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError:
        parsed = None
    if (
        isinstance(parsed, list)
        and parsed
        and all(isinstance(m, dict) and "role" in m for m in parsed)
    ):
        return tuple(dict(m) for m in parsed)
    return ({"role": "user", "content": raw},)


def _read_checks(assertions: Any, where: Reason, unmapped: list[Unmapped]) -> tuple[CheckSpec, ...]:
    found = []
    for assertion in assertions if isinstance(assertions, list) else [assertions]:
        check = from_assertion(assertion)
        if isinstance(check, Reason):
            what = assertion.get("type") if isinstance(assertion, Mapping) else None
            unmapped.append(Unmapped(where, str(what or assertion), check))
        else:
            found.append(check)
    return tuple(found)


def _read_tests(
    tests: list[Any], default: Mapping[str, Any], labels: set[str], unmapped: list[Unmapped]
) -> tuple[dict[str, tuple[CheckSpec, ...]], list[dict[str, Any]]]:
    """Each prompt's own checks and the rows; tests the workbench wrote per row and prompt
    (metadata row and variant_asserts) come back as one row."""
    own: dict[str, tuple[CheckSpec, ...]] = {}
    rows: dict[Any, dict[str, Any]] = {}
    defaults = default.get("vars") if isinstance(default.get("vars"), Mapping) else {}
    for number, test in enumerate(tests, start=1):
        where = Reason("promptfoo.where_test", {"number": number})
        if not isinstance(test, Mapping):
            unmapped.append(Unmapped(where, str(test), Reason("reason.promptfoo_tests_file")))
            continue
        meta = test.get("metadata") if isinstance(test.get("metadata"), Mapping) else {}
        checks = _read_checks(test.get("assert") or [], where, unmapped)
        prompts = test.get("prompts")
        mine = meta.get(_VARIANT_ASSERTS)
        mine = mine if isinstance(mine, int) and not isinstance(mine, bool) else None
        if mine is not None and _one_label(prompts, labels):
            own.setdefault(prompts[0], checks[:mine])
            checks = checks[mine:]
        elif prompts is not None:
            named = ", ".join(map(str, prompts if isinstance(prompts, list) else [prompts]))
            reason = Reason("reason.promptfoo_test_prompts", {"prompts": named})
            unmapped.append(Unmapped(where, "prompts", reason))
        key = f"row {meta.get('row')}" if mine is not None else f"test {number}"
        variables = test.get("vars") or {}
        if not isinstance(variables, Mapping):
            unmapped.append(Unmapped(where, "vars", Reason("reason.promptfoo_tests_file")))
            variables = {}
        if key not in rows:
            rows[key] = {**defaults, **variables, **_columns(checks, where, unmapped)}
    found = list(rows.values())
    return own, [] if found == [{}] else found


def _one_label(prompts: Any, labels: set[str]) -> bool:
    """Whether a test's `prompts` filter names exactly one of the config's prompts."""
    return isinstance(prompts, list) and len(prompts) == 1 and str(prompts[0]) in labels


def _columns(
    checks: Sequence[CheckSpec], where: Reason, unmapped: list[Unmapped]
) -> dict[str, str]:
    """Row checks as expectation columns: `expected` (contains, any case) or
    `__expect_<kind>` with the main argument, else a JSON object of arguments."""
    columns: dict[str, str] = {}
    for check in checks:
        column = f"__expect_{check.kind}"
        if check.kind == Kind.CONTAINS and check.args == _expected(check):
            column = EXPECTED_COLUMN if EXPECTED_COLUMN not in columns else column
        if column in columns or check.weight != 1:
            code = (
                "reason.promptfoo_row_weight" if check.weight != 1 else "reason.promptfoo_row_twice"
            )
            unmapped.append(Unmapped(where, str(check.kind), Reason(code, {"kind": check.kind})))
            continue
        columns[column] = _cell(column, check)
    return columns


def _expected(check: CheckSpec) -> dict[str, Any]:
    """The arguments an `expected` column gives, for this check's first value."""
    values = check.args.get("values") or [""]
    return dict(validate_check(row_checks({EXPECTED_COLUMN: values[0]})[0]).args)


def _cell(column: str, check: CheckSpec) -> str:
    """The shortest cell text that reads back as this check: one of its texts, else JSON."""
    texts = [v for v in check.args.values() if isinstance(v, str)]
    texts += [v[0] for v in check.args.values() if isinstance(v, list) and len(v) == 1]
    for text in texts:
        try:
            back = validate_check(row_checks({column: text})[0])
        except WorkbenchError:
            continue
        if back.args == check.args:
            return text
    if check.kind == Kind.JSON_SCHEMA:
        return json.dumps(check.args["schema"], ensure_ascii=False)
    return json.dumps(_without_defaults(check), ensure_ascii=False)


def _without_defaults(check: CheckSpec) -> dict[str, Any]:
    """The check's arguments less those validation fills in the same anyway."""
    args = dict(check.args)
    for name in list(args):
        trial = {key: value for key, value in args.items() if key != name}
        try:
            if validate_check(CheckSpec(check.kind, trial)).args == check.args:
                args = trial
        except WorkbenchError:
            continue
    return args
