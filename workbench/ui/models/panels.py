"""The sections of the Models page: tables, details, pull, copy and delete."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import format_bytes, format_number
from workbench.ollama import (
    InstalledModel,
    ModelDetails,
    OllamaService,
    PullTracker,
    capability_labels,
    installed_rows,
    is_blob_path,
    running_rows,
    shareable_modelfile,
    validate_model_name,
)
from workbench.ui.cache import forget_models, model_details
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded, show_error
from workbench.ui.fleet import forget_states
from workbench.ui.kept import keep, kept_tabs

CONFIRM_DELETE_KEY = "models.confirm_delete"
NOTICE_KEY = "models.notice"


def notice() -> None:
    """Show the success message left by the last action, once."""
    message = st.session_state.pop(NOTICE_KEY, None)
    if message:
        st.success(message, icon="✅")


def _done(message: str) -> None:
    st.session_state[NOTICE_KEY] = message
    forget_models()
    forget_states()
    st.rerun()


def installed_table(models: list[InstalledModel]) -> None:
    """The installed models as a table (a hint when there is none)."""
    st.subheader(t("models.installed"))
    if not models:
        st.info(t("models.none_installed"), icon="📭")
        return
    st.dataframe(installed_rows(models, language()), hide_index=True, width="stretch")


def details_picker(models: list[InstalledModel]) -> str | None:
    """The model picked for details, if any (nothing to pick without models)."""
    if not models:
        return None
    return st.selectbox(
        t("models.details_pick"),
        [m.name for m in models],
        index=None,
        placeholder=t("models.details_placeholder"),
        key=keep("models.details"),
    )


def running_section(daemon: OllamaService) -> None:
    """Loaded models with their memory, GPU/CPU split and expiry, each with an unload button."""
    st.subheader(t("models.running"))
    with guarded():
        loaded = daemon.running()
        if not loaded:
            st.caption(t("models.none_running"))
            return
        st.dataframe(running_rows(loaded, datetime.now(UTC), language()), hide_index=True)
        cols = st.columns(min(len(loaded), 4))
        for index, model in enumerate(loaded):
            if cols[index % len(cols)].button(
                t("models.unload", name=model.name), key=f"unload.{model.name}", icon="⏏️"
            ):
                with guarded():
                    daemon.unload(model.name)
                    _done(t("models.unloaded", name=model.name))


def details_panel(name: str, host: str) -> None:
    """Everything the daemon at `host` knows about one model, in tabs, as tables and text."""
    with guarded():
        details = model_details(host, name)
        st.subheader(t("models.details_of", name=name))
        names = ["overview", "parameters", "template", "system", "messages", "license"]
        overview, parameters, template, system, messages, license_, modelfile, info = kept_tabs(
            "models.details.tab",
            [t(f"models.tab.{tab}") for tab in [*names, "modelfile", "info"]],
        )
        with overview:
            _table(_overview(details), t("models.detail.field"))
        with parameters:
            _table(
                {key: _shown(value) for key, value in details.parameters.items()},
                t("models.detail.name"),
            )
        with messages:
            _table(
                {m.get("role", ""): m.get("content", "") for m in details.messages},
                t("models.detail.role"),
            )
        for tab, text in ((template, details.template), (system, details.system)):
            with tab:
                _code_or_dash(text)
        with license_:
            _code_or_dash(details.license)
        modelfile.code(shareable_modelfile(details.modelfile, name), language=None)
        with info:
            _table(
                {key: _shown(value) for key, value in details.model_info.items()},
                t("models.detail.key"),
            )


def _overview(details: ModelDetails) -> dict[str, str]:
    facts = details.details
    rows = {
        t("models.col.family"): facts.get("family", ""),
        t("models.col.parameters"): facts.get("parameter_size", ""),
        t("models.col.quantization"): facts.get("quantization_level", ""),
        t("models.format"): facts.get("format", ""),
        t("models.col.context"): format_number(details.context_length or 0, language()),
        t("models.embedding_length"): format_number(details.embedding_length or 0, language()),
        t("models.col.capabilities"): capability_labels(details.capabilities, language()),
    }
    parent = str(facts.get("parent_model") or "")
    if parent and not is_blob_path(parent):
        rows[t("models.parent")] = parent
    return {label: value for label, value in rows.items() if value and value != "0"}


def _shown(value: object) -> str:
    if isinstance(value, list | tuple):
        return " · ".join(str(item) for item in value)
    return str(value)


def _table(rows: dict[str, str], heading: str) -> None:
    """Two columns (`heading` and "Value"), or a dash when there is nothing to show."""
    if not rows:
        st.caption("—")
        return
    value = t("models.detail.value")
    st.dataframe(
        [{heading: key, value: text} for key, text in rows.items()],
        hide_index=True,
        width="stretch",
    )


def _code_or_dash(text: str) -> None:
    if text:
        st.code(text, language=None, wrap_lines=True)
    else:
        st.caption("—")


def pull_form(daemon: OllamaService) -> None:
    """Pull a model by name with a progress bar per layer."""
    with st.form("pull", border=False):
        name = st.text_input(t("models.pull_name"), placeholder="gemma3:270m")
        submitted = st.form_submit_button(t("models.pull"), icon="⬇️", type="primary")
    if not submitted:
        return
    try:
        name = validate_model_name(name)
        tracker = PullTracker()
        status = st.empty()
        bars: dict[str, st.delta_generator.DeltaGenerator] = {}
        for line in daemon.pull(name):
            tracker.update(line)
            status.markdown(f"**{t('models.pull_status')}:** `{tracker.status}`")
            for digest, layer in tracker.layers.items():
                bar = bars.setdefault(digest, st.empty())
                bar.progress(layer.fraction, text=_layer_text(digest, layer.completed, layer.total))
    except WorkbenchError as exc:
        show_error(exc)
        return
    _done(t("models.pulled", name=name))


def _layer_text(digest: str, completed: int, total: int) -> str:
    short = digest.removeprefix("sha256:")[:12]
    percent = completed / total * 100 if total else 0
    sizes = f"{format_bytes(completed, language())} / {format_bytes(total, language())}"
    return f"{short} · {percent:.0f}% · {sizes}"


def copy_form(models: list[InstalledModel], daemon: OllamaService) -> None:
    """Copy a model under a new name."""
    with st.form("copy", border=False):
        source = st.selectbox(t("models.copy_source"), [m.name for m in models])
        destination = st.text_input(t("models.copy_destination"), placeholder="my-model:latest")
        submitted = st.form_submit_button(t("models.copy"), icon="📄")
    if submitted and source:
        try:
            daemon.copy(source, validate_model_name(destination))
        except WorkbenchError as exc:
            show_error(exc)
            return
        _done(t("models.copied", source=source, destination=destination.strip()))


def delete_form(models: list[InstalledModel], daemon: OllamaService) -> None:
    """Delete a model after an explicit confirmation."""
    name = st.selectbox(t("models.delete_which"), [m.name for m in models], key="delete.name")
    pending = st.session_state.get(CONFIRM_DELETE_KEY)
    if pending != name:
        if st.button(t("models.delete"), icon="🗑️", disabled=name is None):
            st.session_state[CONFIRM_DELETE_KEY] = name
            st.rerun()
        return
    loaded = {m.name for m in daemon.running()}
    st.warning(t("models.delete_confirm", name=name), icon="⚠️")
    if name in loaded:
        st.caption(t("models.delete_loaded", name=name))
    yes, no = st.columns(2)
    if no.button(t("models.cancel")):
        st.session_state.pop(CONFIRM_DELETE_KEY, None)
        st.rerun()
    if yes.button(t("models.delete_yes", name=name), type="primary"):
        st.session_state.pop(CONFIRM_DELETE_KEY, None)
        try:
            daemon.delete(name)
        except WorkbenchError as exc:
            show_error(exc)
            return
        _done(t("models.deleted", name=name))
