"""The Templates page's actions on the open template: save, duplicate, delete, history, restore."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import format_datetime
from workbench.library import Library, StaleVersionError
from workbench.playground import copy_of
from workbench.templates import Template
from workbench.ui.context import language, t
from workbench.ui.feedback import guarded, show_error
from workbench.ui.templates.editor import (
    CONFIRM_KEY,
    PROBLEM_KEY,
    Draft,
    Edited,
    close_draft,
    load_draft,
    notify,
)


def actions(lib: Library, draft: Draft, edited: Edited) -> None:
    """Save a new version, duplicate, delete (after confirming); problems stay shown."""
    save_col, copy_col, delete_col, close_col = st.columns(4)
    valid = edited.template is not None
    save = save_col.button(
        t("templates.save"), icon="💾", type="primary", disabled=not valid, width="stretch"
    )
    duplicate = copy_col.button(
        t("templates.duplicate"), icon="📄", disabled=not valid, width="stretch"
    )
    delete = delete_col.button(
        t("templates.delete"), icon="🗑️", disabled=draft.version is None, width="stretch"
    )
    if close_col.button(t("templates.close"), icon="✖️", width="stretch"):
        close_draft()
        st.rerun()
    if save and edited.template is not None:
        _save(lib, edited.template, draft.version)
    if duplicate and edited.template is not None:
        base = f"{edited.template.id[:58]}-copy"
        _save(lib, copy_of(edited.template, lib.unique_id(base), t("templates.copy_suffix")), None)
    if delete:
        st.session_state[CONFIRM_KEY] = draft.template.id
    _confirm_delete(lib, draft)
    _show_problem(lib, draft)


def _save(lib: Library, template: Template, based_on: int | None) -> None:
    try:
        number = lib.save(template, based_on)
    except WorkbenchError as exc:
        st.session_state[PROBLEM_KEY] = exc
        return
    load_draft(template, number)
    notify(t("templates.saved", name=template.name, version=number))
    st.rerun()


def _show_problem(lib: Library, draft: Draft) -> None:
    problem = st.session_state.get(PROBLEM_KEY)
    if problem is None:
        return
    show_error(problem)
    diff = getattr(problem, "diff", "")
    if isinstance(problem, StaleVersionError) and diff:
        st.caption(t("templates.diff_caption"))
        st.code(diff, language="diff")
    template_id = draft.template.id
    if not (isinstance(problem, StaleVersionError) and lib.current_version(template_id)):
        return
    if st.button(t("templates.load_latest"), icon="🔄", key=draft.key("load_latest")):
        entry = lib.get(template_id)
        if entry.template is not None:
            load_draft(entry.template, entry.version)
            st.rerun()


def _confirm_delete(lib: Library, draft: Draft) -> None:
    template_id = draft.template.id
    if st.session_state.get(CONFIRM_KEY) != template_id:
        return
    st.warning(t("templates.delete_confirm", name=draft.template.name), icon="⚠️")
    yes, no = st.columns(2)
    if no.button(t("templates.cancel"), key=draft.key("cancel_delete")):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    if yes.button(t("templates.delete_yes"), type="primary", key=draft.key("delete_yes")):
        st.session_state.pop(CONFIRM_KEY, None)
        try:
            lib.delete(template_id, draft.version)
        except WorkbenchError as exc:
            st.session_state[PROBLEM_KEY] = exc
            st.rerun()
        close_draft()
        notify(t("templates.deleted_one", name=draft.template.name))
        st.rerun()


def history(lib: Library, draft: Draft) -> None:
    """Every saved version, the diff between any two, and restoring an old one."""
    if draft.version is None:
        return
    template_id = draft.template.id
    with st.expander(f"🕘 {t('templates.history')}", expanded=True), guarded():
        versions = lib.versions(template_id)
        st.dataframe(
            [
                {
                    t("templates.col_version"): v.number,
                    t("templates.saved_at"): format_datetime(v.saved_at, language()),
                }
                for v in reversed(versions)
            ],
            hide_index=True,
            width="stretch",
        )
        numbers = [v.number for v in versions]
        if len(numbers) < 2:
            st.caption(t("templates.one_version"))
            return
        old_col, new_col = st.columns(2)
        old = old_col.selectbox(
            t("templates.diff_from"), numbers, index=len(numbers) - 2, key=draft.key("diff_a")
        )
        new = new_col.selectbox(
            t("templates.diff_to"), numbers, index=len(numbers) - 1, key=draft.key("diff_b")
        )
        diff = lib.diff(template_id, old, new)
        if diff:
            st.code(diff, language="diff")
        else:
            st.caption(t("templates.diff_same"))
        _restore(lib, draft, numbers)


def _restore(lib: Library, draft: Draft, numbers: list[int]) -> None:
    template_id = draft.template.id
    older = [n for n in numbers if n != draft.version]
    number = st.selectbox(t("templates.restore_which"), older[::-1], key=draft.key("restore_pick"))
    if st.button(
        t("templates.restore", version=number),
        icon="⏪",
        key=draft.key("restore"),
        width="stretch",
    ):
        try:
            new = lib.restore(template_id, number, draft.version)
        except WorkbenchError as exc:
            st.session_state[PROBLEM_KEY] = exc
            st.rerun()
        load_draft(lib.load(template_id), new)
        notify(t("templates.restored", name=template_id, version=new))
        st.rerun()
