"""The Compare page's setup: models, prompt variants, run options and the preview of what a run
will send (the tables of inputs and parameter sets are in compare_tables)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.checks import check_from_dict
from workbench.compare import (
    CPU_SAFE,
    DEFAULT_CAP,
    FREE,
    GridError,
    GridSpec,
    LoadTemplate,
    PromptVariant,
    RunSettings,
    SchedulePolicy,
    check_grid,
    check_variant_names,
    compare_request,
    free_variant,
    gpu_policy,
    grid_variables,
    on_each_host,
    param_sets_from_table,
    template_defaults,
    template_variant,
)
from workbench.errors import WorkbenchError
from workbench.i18n import error_text
from workbench.library import Library, LibraryEntry
from workbench.tools import ToolSpec, tool_from_dict
from workbench.ui.checks_editor import forget_checks_editor
from workbench.ui.compare.shapes import shape_caption
from workbench.ui.compare.tables import ROWS_KEY, receive_param_set, seed_rows
from workbench.ui.compare.variant_checks import template_checks_save, variant_checks
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.fleet import host_states, installed_everywhere, model_choices, several
from workbench.ui.kept import forget, keep
from workbench.ui.picker import searched
from workbench.ui.resources import last_models
from workbench.ui.schema_tools import schema_editor, tools_editor

PAGE = "compare"
SETUP_KEY = "compare.setup_open"
MODELS_KEY = "compare.models"
EACH_HOST_KEY = "compare.each_host"
VARIANTS_KEY = "compare.variants"
INBOX_KEY = "compare.inbox"  # a compare_request left by another page, e.g. Document chat
POLICIES: dict[str, SchedulePolicy | None] = {
    "auto": None,
    "one": CPU_SAFE,
    "gpu": gpu_policy(),
    "free": FREE,
}
MAX_CAP = 2000
INCOMPLETE = {"error.compare_no_models", "error.compare_no_variants"}


def setup_section() -> DeltaGenerator:
    """The expander that holds the setup (open until a run starts)."""
    return st.expander(
        t("compare.setup"), expanded=True, key=SETUP_KEY, on_change="rerun", icon="⚙️"
    )


def fold_setup() -> None:
    """Close the setup so the running grid sits right under the Run button."""
    st.session_state[SETUP_KEY] = False


def version_loader(lib: Library) -> LoadTemplate:
    """A loader of template versions, cached for this run."""
    return functools.cache(lib.version)


def model_picker(host: str) -> list[str]:
    """Installed chat models to compare; a new session starts with the ones compared last."""
    names = model_choices([m.name for m in installed_everywhere(host) if m.is_chat])
    if MODELS_KEY not in st.session_state:
        st.session_state[MODELS_KEY] = last_models().get_all(PAGE)
    sent = st.session_state.get(INBOX_KEY) or {}
    if sent.get("models"):
        chosen = [
            *([] if sent.get("fresh") else st.session_state.get(MODELS_KEY, [])),
            *sent["models"],
        ]
        st.session_state[MODELS_KEY] = list(dict.fromkeys(chosen))
    st.session_state[MODELS_KEY] = [n for n in st.session_state[MODELS_KEY] if n in names]
    chosen = st.multiselect(
        t("compare.models"),
        names,
        key=keep(MODELS_KEY),
        placeholder=t("compare.models_placeholder"),
        help=t("compare.models_help"),
    )
    last_models().set(PAGE, chosen)
    if several() and st.checkbox(
        t("fleet_pages.same_on_each_host"),
        key=keep(EACH_HOST_KEY, False),
        help=t("fleet_pages.same_on_each_host_help"),
    ):
        return list(on_each_host(chosen, host_states()))
    return chosen


# ----- prompt variants --------------------------------------------------------------------
def _entries() -> list[dict[str, Any]]:
    if VARIANTS_KEY not in st.session_state:
        st.session_state[VARIANTS_KEY] = []
        if INBOX_KEY not in st.session_state:
            for letter in ("a", "b"):
                _add("free", t("compare.example_name", letter=letter.upper()))
                key = _widget(_last_id(), "user")
                st.session_state[key] = t(f"compare.example_prompt_{letter}")
            seed_rows({"text": t("compare.example_text")})
    sent = st.session_state.pop(INBOX_KEY, None)
    if sent:
        if sent.get("fresh"):
            st.session_state[VARIANTS_KEY] = []
        for prompt in sent.get("variants") or [sent]:
            _receive_prompt(prompt)
        for param_set in sent.get("param_sets", ()):
            receive_param_set(param_set["name"], param_set["options"])
        if sent.get("rows"):
            _receive_rows(sent["rows"], len(sent["models"]))
            columns = list(dict.fromkeys(c for row in sent["rows"] for c in row))
            st.session_state[VARIANTS_KEY][-1]["row_columns"] = columns
    return st.session_state[VARIANTS_KEY]


def _receive_prompt(sent: dict[str, Any]) -> None:
    """Add one sent prompt (with its output schema, tools, checks and options) as a variant."""
    _add("sent", sent["name"])
    st.session_state[VARIANTS_KEY][-1].update(
        messages=list(sent["messages"]),
        left_out=sent.get("left_out", []),
        output_schema=sent.get("output_schema"),
        tools=[tool_from_dict(tool) for tool in sent.get("tools", [])],
        checks=list(sent.get("checks", [])),
    )
    if sent.get("options"):
        receive_param_set(sent["name"], sent["options"])


def _receive_rows(rows: list[dict[str, str]], models: int) -> None:
    """Put the rows another page sent in the inputs table, and raise the generation limit
    so that every row can run once on every model."""
    old = st.session_state.get(ROWS_KEY) or {"version": 0}
    st.session_state[ROWS_KEY] = {"version": old["version"] + 1, "rows": rows, "columns": None}
    needed = len(rows) * max(models, 1) * int(st.session_state.get("compare.repeats") or 1)
    cap = int(st.session_state.get("compare.cap") or DEFAULT_CAP)
    st.session_state["compare.cap"] = min(max(cap, needed), MAX_CAP)


def open_in_compare(
    name: str,
    messages: Sequence[dict[str, Any]],
    models: Sequence[str],
    options: dict[str, Any] | None = None,
    output_schema: dict[str, Any] | None = None,
    tools: Sequence[ToolSpec] = (),
) -> None:
    """Hand a prompt (with the models and options it was tried with, its output schema and
    tools) to Compare and go there."""
    send_to_compare(compare_request(name, messages, models, options, output_schema, tools))


def send_to_compare(request: dict[str, Any]) -> None:
    """Leave an inbox entry (compare_request, rows_request) for Compare and go there."""
    st.session_state[INBOX_KEY] = request
    st.switch_page("pages/compare.py")


def _last_id() -> int:
    return st.session_state[VARIANTS_KEY][-1]["id"]


def _widget(entry_id: int, field: str) -> str:
    return f"compare.variant.{entry_id}.{field}"


def _add(kind: str, name: str = "") -> None:
    entries = st.session_state[VARIANTS_KEY]
    entry_id = max((e["id"] for e in entries), default=-1) + 1
    entries.append({"id": entry_id, "kind": kind})
    st.session_state[_widget(entry_id, "name")] = name
    forget_checks_editor(_widget(entry_id, "checks"))  # an id can come back after a removal


def _remove(entry_id: int) -> None:
    entries = st.session_state[VARIANTS_KEY]
    st.session_state[VARIANTS_KEY] = [e for e in entries if e["id"] != entry_id]


def variants_editor(lib: Library) -> tuple[list[PromptVariant], list[str]]:
    """Named prompts: typed here (system + user with {{variables}}, output schema, tools) or
    library templates; also the names of prompts whose schema or tools are invalid."""
    templates = {entry.id: entry for entry in lib.entries() if entry.template is not None}
    variants, invalid = [], []
    columns = st.columns(2)
    for index, entry in enumerate(_entries()):
        with columns[index % 2].container(border=True):
            variant, problem = _variant_fields(entry, templates, lib)
            if variant is not None:
                variants.append(variant)
            if problem:
                invalid.append(variant.name if variant and variant.name else "—")
    left, right, _ = st.columns([1, 1, 2])
    left.button(t("compare.add_free"), icon="➕", on_click=_add, args=("free",), width="stretch")
    right.button(
        t("compare.add_template"),
        icon="📝",
        on_click=_add,
        args=("template",),
        disabled=not templates,
        help=None if templates else t("compare.no_templates"),
        width="stretch",
    )
    return variants, invalid


def _variant_fields(
    entry: dict[str, Any], templates: dict[str, LibraryEntry], lib: Library
) -> tuple[PromptVariant | None, bool]:
    entry_id = entry["id"]
    head, remove = st.columns([6, 1], vertical_alignment="bottom")
    automatic = t("compare.template_name_placeholder") if entry["kind"] == "template" else None
    name = head.text_input(
        t("compare.variant_name"), key=keep(_widget(entry_id, "name")), placeholder=automatic
    )
    remove.button(
        "🗑️",
        key=_widget(entry_id, "remove"),
        on_click=_remove,
        args=(entry_id,),
        help=t("compare.remove_prompt"),
    )
    if entry["kind"] == "free":
        return _free_fields(entry_id, name)
    if entry["kind"] == "sent":
        sent = _sent_fields(name, entry)
        initial = tuple(check_from_dict(c) for c in entry.get("checks", ()))
        sent, valid = variant_checks(_widget(entry_id, "checks"), sent, initial)
        return sent, not valid
    chosen = _template_fields(entry_id, name, templates, lib)
    if chosen is None:
        return None, False
    key = _widget(entry_id, f"checks.{chosen.template_id}.{chosen.template_version}")
    chosen, valid = variant_checks(key, chosen, chosen.checks)
    if valid:
        template_checks_save(lib, chosen, _widget(entry_id, f"version.{chosen.template_id}"))
    return chosen, not valid


def _free_fields(entry_id: int, name: str) -> tuple[PromptVariant, bool]:
    """A typed prompt, and its output schema and tools, each in its own tab."""
    prompt, schema_tab, tools_tab = st.tabs(
        [t("compare.tab_prompt"), t("compare.tab_schema"), t("compare.tab_tools")]
    )
    with prompt:
        system = st.text_area(
            t("compare.system"),
            key=keep(_widget(entry_id, "system")),
            height=68,
            placeholder=t("compare.system_placeholder"),
        )
        user = st.text_area(t("compare.user"), key=keep(_widget(entry_id, "user")), height=130)
    with schema_tab:
        st.caption(t("compare.schema_help"))
        schema, schema_error = schema_editor(_widget(entry_id, "schema"), None)
    with tools_tab:
        st.caption(t("compare.tools_help"))
        tools, tools_error = tools_editor(_widget(entry_id, "tools"), ())
    variant = free_variant(name, system, user, schema, tools)
    problem = schema_error is not None or tools_error is not None
    if not problem:
        shape_caption(variant)
    variant, valid = variant_checks(_widget(entry_id, "checks"), variant)
    return variant, problem or not valid


def _sent_fields(name: str, entry: dict[str, Any]) -> PromptVariant:
    """A prompt sent from another page, kept exactly as it was (context, schema and tools)."""
    messages, left_out = entry["messages"], entry.get("left_out", [])
    st.caption(t("compare.sent_prompt", count=len(messages)))
    if left_out:
        st.caption(t("compare.sent_left_out", names=", ".join(left_out)))
    with st.expander(t("compare.sent_messages")):
        for message in messages:
            st.markdown(f"**{message['role']}**")
            st.text(message["content"])
    variant = PromptVariant(
        name.strip(),
        tuple(dict(m) for m in messages),
        output_schema=entry.get("output_schema"),
        tools=tuple(entry.get("tools", ())),
    )
    shape_caption(variant, details=True)
    return variant


def _template_fields(
    entry_id: int, name: str, templates: dict[str, LibraryEntry], lib: Library
) -> PromptVariant | None:
    key = _widget(entry_id, "template")
    shown = searched(
        list(templates.values()), _widget(entry_id, "search"), st.session_state.get(key)
    )
    names = {e.id: f"{e.template.name if e.template else e.id} ({e.id})" for e in shown}
    if st.session_state.get(key) not in names:
        forget(key)
    template_id = st.selectbox(
        t("compare.template"), list(names), format_func=names.get, key=keep(key)
    )
    if template_id is None:
        return None
    numbers = [v.number for v in reversed(lib.versions(template_id))]
    versions = {n: t("compare.version_n", n=n) for n in numbers}
    version = st.selectbox(
        t("compare.template_version"),
        numbers,
        format_func=versions.__getitem__,
        key=keep(_widget(entry_id, f"version.{template_id}")),
    )
    template = lib.version(template_id, version)
    if template.description:
        st.caption(template.description)
    variant = template_variant(name, template, version)
    shape_caption(variant, details=True)
    return variant


# ----- run options and preview --------------------------------------------------------------
def run_options() -> tuple[int, int, RunSettings]:
    """Repeats, the generation limit, fairness options and the scheduling policy."""
    repeats_col, cap_col, seed_col = st.columns(3)
    repeats = repeats_col.number_input(
        t("compare.repeats"), 1, 20, 1, key=keep("compare.repeats"), help=t("compare.repeats_help")
    )
    cap = cap_col.number_input(
        t("compare.cap"),
        1,
        MAX_CAP,
        DEFAULT_CAP,
        key=keep("compare.cap"),
        help=t("compare.cap_help"),
    )
    seed = seed_col.number_input(t("compare.seed"), 0, 2**31 - 1, 42, key=keep("compare.seed"))
    lock, shuffle, warmup = st.columns(3)
    flags = {
        "lock_seed": _flag(lock, "lock_seed", True),
        "shuffle": _flag(shuffle, "shuffle", False),
        "warmup": _flag(warmup, "warmup", True),
    }
    policy = POLICIES[_policy_choice()]
    limit_col, slots_col = st.columns(2)
    limit = limit_col.number_input(
        t("compare.max_concurrency"),
        1,
        64,
        None,
        key=keep("compare.max_concurrency"),
        placeholder=t("compare.max_concurrency_auto"),
        help=t("compare.max_concurrency_help"),
    )
    parallel = slots_col.number_input(
        t("compare.parallel"),
        1,
        64,
        1,
        key=keep("compare.parallel"),
        help=t("compare.parallel_help"),
    )
    if policy is not None and policy.name == "gpu":
        policy = gpu_policy(int(parallel))
    settings_ = RunSettings(
        seed=int(seed),
        **flags,
        max_concurrency=None if limit is None else int(limit),
        parallel=int(parallel),
        policy=policy,
    )
    return int(repeats), int(cap), settings_


def _flag(column: DeltaGenerator, name: str, default: bool) -> bool:
    key = keep(f"compare.{name}")
    return column.checkbox(t(f"compare.{name}"), default, key=key, help=t(f"compare.{name}_help"))


def _policy_choice() -> str:
    names = {name: t(f"compare.policy_{name}") for name in POLICIES}
    choice = st.radio(
        t("compare.policy"),
        list(names),
        format_func=names.__getitem__,
        horizontal=True,
        key=keep("compare.policy"),
    )
    st.caption(t("compare.policy_why"))
    return choice


def grid_inputs(
    variants: Sequence[PromptVariant], load: LoadTemplate
) -> tuple[list[str], dict[str, str]]:
    """The variables the prompts read (then the columns sent with rows that no prompt reads,
    e.g. an expected answer) and the templates' defaults ([] after showing an error)."""
    sent = [c for e in st.session_state.get(VARIANTS_KEY, []) for c in e.get("row_columns", [])]
    try:
        names = grid_variables(variants, load)
        return list(dict.fromkeys([*names, *sent])), template_defaults(variants, load)
    except WorkbenchError as exc:
        show_error(exc)
        return [], {}


def build_spec(
    models: Sequence[str],
    variants: Sequence[PromptVariant],
    rows: Sequence[dict[str, str]],
    param_rows: Sequence[dict[str, Any]],
    repeats: int,
    cap: int,
    invalid: Sequence[str] = (),
) -> GridSpec | None:
    """The grid the inputs describe, or None after showing what is wrong with them (`invalid`:
    prompts whose output schema or tools are refused at their field)."""
    if invalid:
        st.warning(t("compare.fix_shapes", names=", ".join(invalid)), icon="📐")
        return None
    try:
        check_variant_names(variants)
        param_sets = param_sets_from_table(param_rows)
    except GridError as exc:
        show_error(exc)
        return None
    return GridSpec(tuple(models), tuple(variants), tuple(rows), param_sets, repeats, cap)


def preview(spec: GridSpec) -> bool:
    """How many cells and generations the grid makes; False (with the reason) if it cannot run."""
    axes = {
        "models": len(spec.models),
        "prompts": len(spec.variants),
        "rows": len(spec.effective_rows),
        "params": len(spec.effective_param_sets),
        "repeats": spec.repeats,
    }
    cells, requests, limit = st.columns(3)
    cells.metric(t("compare.cells"), spec.cell_count)
    requests.metric(t("compare.requests"), spec.request_count)
    limit.metric(t("compare.cap_metric"), spec.cap)
    st.caption(t("compare.formula", cells=spec.cell_count, requests=spec.request_count, **axes))
    try:
        check_grid(spec)
    except GridError as exc:
        if exc.code in INCOMPLETE:
            st.info(error_text(exc, language()), icon="👉")
        else:
            show_error(exc)
        return False
    return True
