"""The Modelfiles page's LoRA adapter: upload it, see its base next to FROM's, use it in ADAPTER."""

from __future__ import annotations

import streamlit as st

from workbench.errors import WorkbenchError
from workbench.modelfile import (
    AdapterInfo,
    Modelfile,
    ModelfileError,
    adapter_mismatches,
    adapter_path,
    base_model_name,
    inspect_adapter,
    installed_name,
    parse,
    render,
    save_adapter,
)
from workbench.ui.cache import model_details
from workbench.ui.context import settings, t
from workbench.ui.feedback import show_error
from workbench.ui.modelfiles.text import BLANK, current_text, set_text
from workbench.ui.resources import service

UPLOAD_KEY = "mf.adapter"
SAVED_KEY = "mf.adapter.saved"


def adapter_import() -> None:
    """Upload an adapter (a .gguf, a PEFT folder's two files, or its .zip) into the upload
    directory; a refused one is reported and not kept."""
    uploads = st.file_uploader(
        t("modelfiles.adapter_upload"),
        type=["gguf", "safetensors", "json", "zip"],
        accept_multiple_files=True,
        key=UPLOAD_KEY,
    )
    if not uploads:
        st.caption(t("modelfiles.adapter_hint", folder=settings().upload_dir))
        return
    signature = tuple(sorted((upload.file_id, upload.name, upload.size) for upload in uploads))
    saved = st.session_state.get(SAVED_KEY)
    if saved is None or saved[0] != signature:
        try:
            outcome: str | WorkbenchError = save_adapter(uploads, settings().upload_dir)[0]
        except WorkbenchError as exc:
            outcome = exc
        saved = st.session_state[SAVED_KEY] = (signature, outcome)
    if isinstance(saved[1], WorkbenchError):
        show_error(saved[1])
        return
    path = saved[1]
    st.success(t("modelfiles.adapter_saved", path=path), icon="🧷")
    if st.button(t("modelfiles.adapter_use", path=path)):
        _use(path)
        st.rerun()


def _use(path: str) -> None:
    """Make `path` the Modelfile's only ADAPTER."""
    try:
        modelfile = parse(current_text())
    except ModelfileError:
        modelfile = parse(BLANK)
    modelfile.adapters = [path]
    set_text(render(modelfile))


def adapter_report(modelfile: Modelfile, installed: list[str]) -> None:
    """The adapter's base model beside the FROM model's family and size, and any mismatch."""
    current = settings()
    location = adapter_path(
        modelfile, current.upload_dir, [current.upload_dir, *current.model_dirs]
    )
    if location is None:
        return
    info = inspect_adapter(location)
    named = base_model_name(modelfile)
    base = installed_name(named, installed) if named else None
    facts = {"family": "", "parameter_size": "", "architecture": ""}
    if base is not None:
        try:
            details = model_details(service().host, base)
        except WorkbenchError as exc:
            show_error(exc)
        else:
            facts = {
                "family": str(details.details.get("family") or ""),
                "parameter_size": str(details.details.get("parameter_size") or ""),
                "architecture": details.architecture,
            }
    with st.container(border=True):
        st.caption(t("modelfiles.adapter_in_use", path=modelfile.adapters[-1]))
        st.table(_rows(info, base, facts))
    if base is None:
        st.info(t("modelfiles.adapter_no_base"), icon="ℹ️")
        return
    found = adapter_mismatches(
        info, base, facts["architecture"], facts["family"], facts["parameter_size"]
    )
    for check in found:
        st.warning(t(check.key, **check.params), icon="⚠️")
    if not found:
        st.caption(t("modelfiles.adapter_fits", base=base))


def _rows(info: AdapterInfo, base: str | None, facts: dict[str, str]) -> dict[str, list[str]]:
    unknown = t("modelfiles.adapter_unknown")
    arch = info.architecture or unknown
    if info.architecture and info.architecture_guessed:
        arch = t("modelfiles.adapter_guessed", arch=info.architecture)
    family = " / ".join(dict.fromkeys(v for v in (facts["architecture"], facts["family"]) if v))
    lora = " / ".join(
        unknown if value is None else f"{value:g}" for value in (info.rank, info.alpha)
    )
    return {
        "": [
            t("modelfiles.adapter_row_base"),
            t("modelfiles.adapter_row_arch"),
            t("modelfiles.adapter_row_size"),
            t("modelfiles.adapter_row_lora"),
            t("modelfiles.adapter_row_modules"),
        ],
        t("modelfiles.adapter_column"): [
            info.base_model or unknown,
            arch,
            info.parameter_size or unknown,
            lora,
            ", ".join(info.target_modules) or unknown,
        ],
        t("modelfiles.adapter_base_column"): [
            base or unknown,
            family or unknown,
            facts["parameter_size"] or unknown,
            unknown,
            unknown,
        ],
    }
