"""The Playground's settings column: model, system prompt, thinking, parameters, output and
tools, and the library template that fills them in."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from workbench.errors import WorkbenchError
from workbench.fleet import ModelRef
from workbench.i18n import format_number, localized_help
from workbench.library import LibraryEntry
from workbench.modelfile import PARAMETERS
from workbench.ollama import InstalledModel, TextStream, capability_labels
from workbench.playground import (
    CHAT_PARAMETERS,
    OutputSettings,
    chat_options,
    parameter_defaults,
    parse_stop_lines,
    stop_lines,
    template_parameters,
)
from workbench.templates import Template
from workbench.ui.cache import model_details
from workbench.ui.context import language, t
from workbench.ui.feedback import show_error
from workbench.ui.fleet import host_for, model_choices, ref_of, service_of, url_of
from workbench.ui.kept import forget, keep
from workbench.ui.picker import searched
from workbench.ui.playground.output import apply_template_output, capability_notes, output_settings
from workbench.ui.playground.state import turns
from workbench.ui.resources import last_models

MODEL_KEY = "pg.model"
SYSTEM_KEY = "pg.system"
SYSTEM_NEXT_KEY = "pg.system_next"
THINK_KEY = "pg.think"
TEMPLATE_KEY = "pg.template"
TEMPLATE_SEARCH_KEY = "pg.template_search"
PAGE = "playground"
DEFAULTS_KEY = "pg.param_defaults"
SLIDERS = {"temperature": 0.05, "top_p": 0.05, "repeat_penalty": 0.05, "min_p": 0.01}


@dataclass(frozen=True)
class RunSettings:
    """Everything a generation needs besides the messages; `blocked` when a setting (an invalid
    schema or tool, tools for a model without them, no daemon to run it) stops the chat from
    sending; `host` is the label of the daemon it runs on when there are several."""

    model: InstalledModel
    system: str
    options: dict[str, Any]
    think: bool | None
    output: OutputSettings = field(default_factory=OutputSettings)
    blocked: bool = False
    host: str | None = None

    def chat(
        self, messages: list[dict[str, Any]], output: OutputSettings | None = None
    ) -> TextStream:
        """Start streaming the model's answer to `messages` with these settings (and, for the
        chat, the output format and tools)."""
        return service_of(self.host).chat(
            self.model.name,
            messages,
            options=self.options or None,
            think=self.think,
            format=output.format if output else None,
            tools=output.payload() if output else None,
        )


def _forget_parameters() -> None:
    for name in CHAT_PARAMETERS:
        forget(f"pg.param.{name}")


def _forget_untouched() -> None:
    """Let parameters still at the old model's defaults follow the new model's; keep the rest."""
    defaults = st.session_state.get(DEFAULTS_KEY, {})
    for name in CHAT_PARAMETERS:
        key = f"pg.param.{name}"
        if st.session_state.get(key) == _widget_value(name, defaults.get(name)):
            forget(key)


def run_settings(
    models: list[InstalledModel], host: str, output_box: DeltaGenerator
) -> RunSettings:
    """Model, system prompt, thinking and parameters (like LM Studio's side panel), the chat's
    output format and tools (drawn in `output_box`, where there is room for them), and what the
    model lacks for them."""
    names = model_choices([m.name for m in models])
    if st.session_state.get(MODEL_KEY) not in names:
        forget(MODEL_KEY)
    remembered = last_models().pick(PAGE, names)
    name = st.selectbox(
        t("playground.model"),
        names,
        key=keep(MODEL_KEY, names[remembered or 0]),
        on_change=_forget_untouched,
        help=t("fleet_pages.model_help") if len(names) > len(models) else None,
    )
    last_models().set(PAGE, name)
    ref = ref_of(name)
    model = next(m for m in models if m.name == ref.name)
    placed, unplaced = _placement(ref)
    capabilities = capability_labels(model.capabilities, language())
    context = format_number(model.context_length, language()) if model.context_length else "—"
    st.caption(t("playground.model_caption", capabilities=capabilities, context=context))
    notes = st.container()
    if SYSTEM_NEXT_KEY in st.session_state:
        st.session_state[SYSTEM_KEY] = st.session_state.pop(SYSTEM_NEXT_KEY)
    system = st.text_area(
        t("playground.system"),
        key=keep(SYSTEM_KEY, ""),
        height=120,
        placeholder=t("playground.system_placeholder"),
    )
    think = None
    if "thinking" in model.capabilities:
        think = st.toggle(
            t("playground.think"), key=keep(THINK_KEY, True), help=t("playground.think_help")
        )
    options = _parameters(url_of(placed, host), model.name)
    with output_box:
        output = output_settings()
    wanted = think is None and st.session_state.get(THINK_KEY) is True
    with notes:
        gaps = capability_notes(model, output, wanted, any(turn.images for turn in turns()))
        if "thinking" in gaps:
            st.button(t("playground.think_off"), icon="💭", on_click=_think_off)
    blocked = output.problem is not None or "tools" in gaps or unplaced
    return RunSettings(model, system, options, think, output, blocked, placed)


def _placement(ref: ModelRef) -> tuple[str | None, bool]:
    """The daemon the model runs on (None with one daemon), said under the picker; True when
    no daemon can run it (the reason shown)."""
    try:
        placed = host_for(ref)
    except WorkbenchError as exc:
        show_error(exc)
        return None, True
    if placed is not None:
        st.caption(t("fleet_pages.runs_on", host=placed))
    return placed, False


def _think_off() -> None:
    """The user agrees: thinking stays off, here and for the next thinking model."""
    st.session_state[THINK_KEY] = False


def _parameters(host: str, name: str) -> dict[str, Any]:
    try:
        own = model_details(host, name).parameters
    except WorkbenchError as exc:
        show_error(exc)
        own = {}
    defaults = parameter_defaults(own)
    st.session_state[DEFAULTS_KEY] = defaults
    with st.expander(f"⚙️ {t('playground.parameters')}", expanded=True):
        values = {p: _parameter(p, defaults[p]) for p in CHAT_PARAMETERS}
        st.button(t("playground.reset"), icon="↩️", on_click=_forget_parameters)
    options = chat_options(values, defaults)
    if options:
        changed = ", ".join(f"{k}={v}" for k, v in options.items())
        st.caption(t("playground.sent_options", options=changed))
    else:
        st.caption(t("playground.model_defaults"))
    return options


def _parameter(name: str, default: Any) -> Any:
    spec = PARAMETERS[name]
    key = f"pg.param.{name}"
    keep(key, _widget_value(name, default))
    shown = "—" if default is None else default
    if isinstance(default, list):
        shown = " · ".join(default)
    help_text = localized_help(f"parameter.{name}", spec.help, language())
    help_text += "\n\n" + t("playground.default_is", value=shown)
    label = f"{name} · {t('playground.default_short', value=shown)}"
    if name == "stop":
        text = st.text_area(
            label, key=key, help=help_text + "\n\n" + t("playground.stop_help"), height=68
        )
        return parse_stop_lines(text)
    if name in SLIDERS:
        return st.slider(
            label,
            min(float(spec.min or 0), float(default or 0)),
            max(float(spec.max or 2), float(default or 0)),
            step=SLIDERS[name],
            key=key,
            help=help_text,
        )
    return st.number_input(
        label,
        min_value=None if spec.min is None else int(spec.min),
        step=1,
        key=key,
        help=help_text,
        placeholder=t("playground.unset"),
    )


def _widget_value(name: str, value: Any) -> Any:
    """A parameter's value as its input holds it (stop strings as lines of text)."""
    if name == "stop":
        return stop_lines(value)
    return _cast(value, PARAMETERS[name].type == "float")


def _cast(value: Any, is_float: bool) -> Any:
    if value is None:
        return None
    return float(value) if is_float else int(value)


def template_picker(entries: list[LibraryEntry], model_names: list[str]) -> Template | None:
    """Optionally choose a library template; choosing one applies its model and parameters."""
    usable = [e for e in entries if e.template and not e.template.chain]
    shown = searched(usable, TEMPLATE_SEARCH_KEY, st.session_state.get(TEMPLATE_KEY))
    templates = {e.id: e.template for e in shown if e.template}
    chosen = st.selectbox(
        t("playground.template"),
        list(templates),
        index=None,
        format_func=lambda i: f"{templates[i].name} ({i})",
        placeholder=t("playground.no_template"),
        key=keep(TEMPLATE_KEY),
        on_change=_apply_template,
        args=(templates, model_names),
    )
    return templates.get(chosen) if chosen else None


def _apply_template(templates: dict[str, Template], model_names: list[str]) -> None:
    template = templates.get(st.session_state.get(TEMPLATE_KEY) or "")
    if template is None:
        return
    if template.model in model_names and template.model != st.session_state.get(MODEL_KEY):
        st.session_state[MODEL_KEY] = template.model
        _forget_untouched()
    for name, value in template_parameters(template.parameters).items():
        st.session_state[f"pg.param.{name}"] = _widget_value(name, value)
    apply_template_output(template)
