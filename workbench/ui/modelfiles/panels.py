"""The sections of the Modelfiles page: source, editor, form, checks, GGUF import, create, save."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from workbench.errors import WorkbenchError
from workbench.i18n import error_text
from workbench.modelfile import (
    Modelfile,
    ModelfileError,
    as_created,
    base_model_name,
    check_files,
    checks,
    create_model,
    error_excerpt,
    example_summary,
    installed_name,
    list_examples,
    parse,
    read_example,
    render,
    save_example,
    unified_diff,
)
from workbench.ollama import validate_model_name
from workbench.ui.cache import forget_models, installed_models, model_details
from workbench.ui.context import language, settings, t
from workbench.ui.download import QUIET_DOWNLOAD
from workbench.ui.feedback import guarded, show_error
from workbench.ui.kept import forget, keep
from workbench.ui.modelfiles.progress import CreateProgress
from workbench.ui.modelfiles.text import BLANK, current_text, set_text
from workbench.ui.resources import service
from workbench.ui.stream_view import redraw_throttle


def allowed_dirs() -> list[Path]:
    """Where Modelfiles may read files: the upload directory and the operator's directories."""
    current = settings()
    return [current.upload_dir, *current.model_dirs]


def source_picker(installed: list[str]) -> None:
    """Load an example, an installed model's Modelfile, or a blank one into the editor."""
    kinds = {"example": t("modelfiles.from_example"), "model": t("modelfiles.from_model")}
    kinds["blank"] = t("modelfiles.from_blank")
    kind = st.radio(
        t("modelfiles.start_from"),
        list(kinds),
        format_func=kinds.get,
        horizontal=True,
        label_visibility="collapsed",
        key=keep("mf.source"),
    )
    if kind == "example":
        name = st.selectbox(t("modelfiles.example"), list_examples(), key=keep("mf.example"))
        if name:
            st.caption(example_summary(read_example(name), language()))
        if st.button(t("modelfiles.load"), disabled=not name):
            set_text(read_example(name))
    elif kind == "model":
        if st.session_state.get("mf.model") not in installed:
            forget("mf.model")
        name = st.selectbox(t("modelfiles.installed_model"), installed, key=keep("mf.model"))
        if st.button(t("modelfiles.load"), disabled=not name):
            with guarded():
                set_text(model_details(service().host, name).modelfile)
    elif st.button(t("modelfiles.load")):
        set_text(BLANK)


def validate(text: str) -> Modelfile | None:
    """Parse the text and check its local files as create would; show a summary, or the error
    at its line."""
    try:
        modelfile = parse(text)
        check_files(modelfile, settings().upload_dir, allowed_dirs())
    except ModelfileError as exc:
        where = t("modelfiles.error_line", line=exc.line) if exc.line else ""
        st.error(f"{where}{error_text(exc, language(), with_line=False)}", icon="❌")
        excerpt = error_excerpt(text, exc)
        if excerpt:
            st.code(excerpt, language=None)
        return None
    st.success(
        t(
            "modelfiles.valid",
            base=modelfile.from_[-1],
            parameters=len(modelfile.parameters),
            messages=len(modelfile.messages),
        ),
        icon="✅",
    )
    return modelfile


def show_checks(modelfile: Modelfile, installed: list[str]) -> None:
    """Warnings before create: missing base model, num_ctx beyond the base's context length."""
    base = base_model_name(modelfile)
    context = None
    if base and base in installed:
        with guarded():
            context = model_details(service().host, base).context_length
    for check in checks(modelfile, installed, context):
        st.warning(t(check.key, **check.params), icon="⚠️")


def diff_with_base(modelfile: Modelfile, installed: list[str]) -> None:
    """The difference between the base model's Modelfile and this one."""
    named = base_model_name(modelfile)
    base = installed_name(named, installed) if named else None
    if base is None:
        st.caption(t("modelfiles.diff_unavailable"))
        return
    st.caption(t("modelfiles.diff_inherits", base=base))
    with guarded():
        original = parse(model_details(service().host, base).modelfile)
        created = render(as_created(modelfile, original))
        diff = unified_diff(render(original), created, base, t("modelfiles.this_modelfile"))
        if diff:
            st.code(diff, language="diff")
        else:
            st.caption(t("modelfiles.diff_same"))


def gguf_files() -> list[str]:
    """GGUF files the workbench may read, as FROM values (./name in the upload directory)."""
    upload_dir = settings().upload_dir
    found = [f"./{p.name}" for p in sorted(upload_dir.glob("*.gguf"))]
    for folder in settings().model_dirs:
        found += [str(p) for p in sorted(folder.glob("*.gguf"))]
    return found


def gguf_import() -> None:
    """Upload a .gguf into the upload directory, with progress, to use it in FROM."""
    upload = st.file_uploader(t("modelfiles.gguf_upload"), type=["gguf"], key="mf.gguf")
    if upload is None:
        st.caption(t("modelfiles.gguf_hint", folder=settings().upload_dir))
        return
    target = settings().upload_dir / Path(upload.name).name
    if not (target.exists() and target.stat().st_size == upload.size):
        upload.seek(0)
        if upload.read(4) != b"GGUF":
            st.error(t("modelfiles.gguf_not_gguf", name=upload.name), icon="❌")
            return
        _save_upload(upload, target)
    st.success(t("modelfiles.gguf_saved", name=target.name), icon="📦")
    if st.button(t("modelfiles.gguf_use", name=target.name)):
        text = current_text()
        try:
            modelfile = parse(text)
        except ModelfileError:
            modelfile = parse(BLANK)
        modelfile.from_[-1] = f"./{target.name}"
        set_text(render(modelfile))
        st.rerun()


def _save_upload(upload: UploadedFile, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    bar = st.progress(0.0, text=t("modelfiles.gguf_saving", name=target.name))
    partial = target.with_suffix(".part")
    with partial.open("wb") as handle:
        upload.seek(0)
        done, throttle = 0, redraw_throttle()
        while chunk := upload.read(1 << 22):
            handle.write(chunk)
            done += len(chunk)
            if throttle.due():
                bar.progress(
                    done / max(upload.size, 1), text=t("modelfiles.gguf_saving", name=target.name)
                )
    partial.replace(target)
    bar.empty()


def create_section(modelfile: Modelfile) -> None:
    """Name the new model and create it, drawing hashing, upload and status progress."""
    with st.form("mf.create", border=False):
        name = st.text_input(t("modelfiles.new_name"), placeholder="my-assistant:latest")
        submitted = st.form_submit_button(t("modelfiles.create"), type="primary", icon="🛠️")
    if not submitted:
        return
    bar, status = st.progress(0.0), st.empty()
    progress = CreateProgress(bar, status)
    try:
        name = validate_model_name(name)
        create_model(service(), modelfile, name, settings().upload_dir, allowed_dirs(), progress)
    except WorkbenchError as exc:
        progress.draw()
        show_error(exc)
        return
    progress.draw()
    bar.progress(1.0)
    forget_models()
    st.success(t("modelfiles.created", name=name), icon="✅")
    st.page_link("pages/models.py", label=t("modelfiles.see_models"), icon="📦")


def save_section(text: str) -> None:
    """Save the Modelfile into Modelfiles/ or download it."""
    name = st.text_input(t("modelfiles.file_name"), placeholder="my-assistant", key=keep("mf.file"))
    overwrite = st.checkbox(t("modelfiles.overwrite"), key="mf.overwrite")
    left, right = st.columns(2)
    if left.button(t("modelfiles.save"), icon="💾", disabled=not name):
        try:
            path = save_example(name, text, overwrite=overwrite)
        except WorkbenchError as exc:
            show_error(exc)
        else:
            st.success(t("modelfiles.saved", name=path.name), icon="💾")
    right.download_button(
        t("modelfiles.download"),
        text,
        file_name=f"{name or 'Modelfile'}.Modelfile",
        **QUIET_DOWNLOAD,
    )


def installed_names(host: str) -> list[str]:
    """Names of installed chat-capable models, for FROM pickers."""
    return [m.name for m in installed_models(host) if not m.is_embedding]
