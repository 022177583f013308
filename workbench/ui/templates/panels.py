"""The Templates page's library sections: list with search and filters, deleted, import, export."""

from __future__ import annotations

from typing import Any

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES
from workbench.library import Library, LibraryEntry
from workbench.templates import TECHNIQUES, Message, Template
from workbench.ui.context import language, t
from workbench.ui.download import QUIET_DOWNLOAD
from workbench.ui.feedback import guarded, show_error
from workbench.ui.picker import best_entries, page_of
from workbench.ui.templates.editor import (
    current_draft,
    earlier_choice,
    load_draft,
    notify,
    technique_labels,
    translated_key,
)

COLLISIONS = ("new_id", "new_version", "skip")
PICK_KEY = "tpl.pick"
COLUMNS = ("name", "id", "technique", "language", "tags", "version", "status")
PENDING_OPEN_KEY = "tpl.pending_open"
IMPORT_FILE_KEY = "tpl.import_file"
IMPORT_TEXT_KEY = "tpl.import_text"
IMPORT_COLLISION_KEY = "tpl.import_collision"
IMPORT_PROBLEM_KEY = "tpl.import_problem"


def browser(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    """Search box, filters and the table of templates; returns the loadable entries shown."""
    good = [e for e in entries if e.template is not None]
    labels = technique_labels()
    search, tags, technique, lang = st.columns([3, 2, 2, 1.4])
    text = search.text_input(
        t("templates.search"), key="tpl.search", placeholder=t("templates.search_placeholder")
    )
    all_tags = sorted({tag for e in good if e.template for tag in e.template.tags})
    chosen_tags = tags.multiselect(
        t("templates.filter_tags"),
        all_tags,
        key="tpl.filter_tags",
        placeholder=t("templates.filter_tags_placeholder"),
    )
    techniques = ["", *TECHNIQUES]
    chosen_technique = technique.selectbox(
        t("templates.filter_technique"),
        techniques,
        index=techniques.index(earlier_choice("tpl.filter_technique", "")),
        format_func=labels.__getitem__,
        key=translated_key("tpl.filter_technique"),
    )
    codes = ["", *LANGUAGES]
    chosen_language = lang.selectbox(
        t("templates.filter_language"),
        codes,
        index=codes.index(earlier_choice("tpl.filter_language", "")),
        format_func={"": t("templates.all"), **LANGUAGES}.__getitem__,
        key=translated_key("tpl.filter_language"),
    )
    found = [
        e
        for e in good
        if e.template
        and e.matches(text, chosen_tags, chosen_technique or None)
        and chosen_language in ("", e.template.language)
    ]
    current = language()
    found.sort(key=lambda e: (e.template is None or e.template.language != current, e.id))
    broken = [e for e in entries if e.template is None]
    listed = [*found, *broken]
    table = st.container()
    page = page_of(listed, "tpl.page")
    columns = [t(f"templates.col_{column}") for column in COLUMNS]
    table.dataframe(
        [
            dict(zip(columns, _row(e, labels) if e.template else _broken_row(e), strict=True))
            for e in page
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption(t("templates.count", shown=len(found), total=len(good)))
    if broken:
        st.warning(t("templates.broken_files", count=len(broken)), icon="⚠️")
        for entry in broken:
            st.markdown(f"- `{entry.path.name}`: {entry.error}")
    return found


def _row(entry: LibraryEntry, techniques: dict[str, str]) -> tuple[Any, ...]:
    """A loadable template's cells, in COLUMNS order."""
    template = entry.template
    assert template is not None
    technique = techniques.get(template.technique, template.technique)
    tags = ", ".join(template.tags)
    return (template.name, template.id, technique, template.language, tags, entry.version, "✅")


def _broken_row(entry: LibraryEntry) -> tuple[Any, ...]:
    """A broken file's cells, in COLUMNS order: its name and why it cannot be loaded."""
    status = f"⚠️ {t('templates.broken')}: {entry.error}"
    return (entry.path.name, entry.id, "", "", "", None, status)


def opener(lib: Library, found: list[LibraryEntry]) -> None:
    """Pick a template to open in the editor (the best matches of the search), or a blank one."""
    text, keep = st.session_state.get("tpl.search", ""), st.session_state.get(PICK_KEY)
    best = best_entries(found, found, text, keep)
    names = {e.id: f"{e.template.name} ({e.id})" for e in best if e.template}
    pick, open_col, new_col = st.columns([4, 1, 1.4], vertical_alignment="bottom")
    chosen = pick.selectbox(
        t("templates.open_which"),
        list(names),
        format_func=names.get,
        index=None,
        placeholder=t("templates.open_placeholder"),
        key=PICK_KEY,
    )
    if open_col.button(t("templates.open"), icon="📂", disabled=chosen is None, width="stretch"):
        _open_unless_unsaved(lib, chosen)
    if new_col.button(t("templates.new"), icon="➕", width="stretch"):
        _open_unless_unsaved(lib, None)
    _unsaved_prompt(lib)


def _open_unless_unsaved(lib: Library, template_id: str | None) -> None:
    """Open a template (None: a blank one), or first ask when the editor holds unsaved edits."""
    draft = current_draft()
    if draft is not None and draft.dirty:
        st.session_state[PENDING_OPEN_KEY] = template_id or ""
        return
    _open(lib, template_id)


def _open(lib: Library, template_id: str | None) -> None:
    st.session_state.pop(PENDING_OPEN_KEY, None)
    if not template_id:
        load_draft(blank_template(lib), None)
        st.rerun()
    with guarded():
        entry = lib.get(template_id)
        if entry.template is None:
            st.error(f"{entry.path.name}: {entry.error}", icon="⚠️")
            return
        load_draft(entry.template, entry.version)
        st.rerun()


def _unsaved_prompt(lib: Library) -> None:
    """Ask before unsaved edits are thrown away: discard them and open, or keep editing."""
    draft = current_draft()
    if PENDING_OPEN_KEY not in st.session_state or draft is None:
        return
    st.warning(t("templates.unsaved", name=draft.template.name), icon="✏️")
    discard, stay, _ = st.columns([1, 1, 2])
    if discard.button(t("templates.discard_and_open"), icon="🗑️", type="primary"):
        _open(lib, st.session_state[PENDING_OPEN_KEY])
    if stay.button(t("templates.keep_editing"), icon="✏️"):
        st.session_state.pop(PENDING_OPEN_KEY, None)
        st.rerun()


def blank_template(lib: Library) -> Template:
    """A new one-message template with a free id."""
    return Template(
        id=lib.unique_id("new-template"),
        name=t("templates.new_name"),
        messages=[Message("user", "")],
    )


def deleted_section(lib: Library) -> None:
    """Templates deleted from the library, whose history is kept; restore the last version."""
    deleted = lib.deleted()
    if not deleted:
        return
    with st.expander(f"🗑️ {t('templates.deleted', count=len(deleted))}"):
        chosen = st.selectbox(t("templates.deleted_which"), deleted, key="tpl.deleted_pick")
        if st.button(t("templates.restore_deleted"), icon="♻️", disabled=chosen is None):
            with guarded():
                latest = lib.versions(chosen)[-1].number
                number = lib.restore(chosen, latest)
                load_draft(lib.load(chosen), number)
                notify(t("templates.restored", name=chosen, version=number))
                st.rerun()


def import_section(lib: Library) -> None:
    """Import templates from an uploaded or pasted YAML/JSON bundle or Open WebUI export."""
    st.file_uploader(
        t("templates.import_upload"), type=["yaml", "yml", "json"], key=IMPORT_FILE_KEY
    )
    st.text_area(
        t("templates.import_paste"),
        key=IMPORT_TEXT_KEY,
        height=150,
        placeholder=t("templates.import_placeholder"),
    )
    st.radio(
        t("templates.import_collision"),
        COLLISIONS,
        index=COLLISIONS.index(earlier_choice(IMPORT_COLLISION_KEY, COLLISIONS[0])),
        format_func={c: t(f"templates.collision_{c}") for c in COLLISIONS}.__getitem__,
        horizontal=True,
        key=translated_key(IMPORT_COLLISION_KEY),
    )
    st.button(t("templates.import"), icon="📥", type="primary", on_click=_import_now, args=(lib,))
    problem = st.session_state.pop(IMPORT_PROBLEM_KEY, None)
    if problem is not None:
        show_error(problem)


def _import_now(lib: Library) -> None:
    """Import before the page is drawn, so the list below already shows the new templates."""
    upload = st.session_state.get(IMPORT_FILE_KEY)
    try:
        if upload is not None:
            text = upload.getvalue().decode("utf-8-sig")
        else:
            text = str(st.session_state.get(IMPORT_TEXT_KEY) or "")
    except UnicodeDecodeError:
        st.session_state[IMPORT_PROBLEM_KEY] = ValueError(t("templates.import_not_utf8"))
        return
    if not text.strip():
        st.session_state[IMPORT_PROBLEM_KEY] = ValueError(t("templates.import_empty"))
        return
    fmt = "json" if upload is not None and upload.name.lower().endswith(".json") else None
    collision = st.session_state.get(translated_key(IMPORT_COLLISION_KEY), COLLISIONS[0])
    try:
        results = lib.import_text(text, fmt, collision)
    except WorkbenchError as exc:
        st.session_state[IMPORT_PROBLEM_KEY] = exc
        return
    for result in results:
        if result.version is None:
            notify(t("templates.import_skipped", id=result.source_id), done=False)
        else:
            params = {"source": result.source_id, "id": result.id, "version": result.version}
            notify(t("templates.imported", **params))


def export_section(lib: Library, found: list[LibraryEntry]) -> None:
    """Download one or several templates as a YAML or JSON bundle."""
    draft = current_draft()
    opened = [draft.template.id] if draft and draft.template.id in {e.id for e in found} else []
    best = best_entries(found, found, st.session_state.get("tpl.search", ""), None)
    before = st.session_state.get("tpl.export_ids", [])
    ids = list(dict.fromkeys([*before, *opened, *(e.id for e in best)]))
    chosen = st.multiselect(t("templates.export_which"), ids, default=opened, key="tpl.export_ids")
    fmt = st.radio(
        t("templates.export_format"),
        ["yaml", "json"],
        format_func=str.upper,
        horizontal=True,
        key="tpl.export_format",
    )
    if not chosen:
        st.caption(t("templates.export_pick"))
        return
    with guarded():
        text = lib.export(chosen, fmt)
        name = f"{chosen[0]}.{fmt}" if len(chosen) == 1 else f"templates.{fmt}"
        st.download_button(
            t("templates.export_download", count=len(chosen)),
            text,
            file_name=name,
            mime="application/json" if fmt == "json" else "application/yaml",
            **QUIET_DOWNLOAD,
        )
        with st.expander(t("templates.export_preview")):
            st.code(text, language=fmt)
