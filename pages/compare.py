"""Compare: models x prompts x variable rows x parameter sets, every cell streaming at once."""

import streamlit as st

from workbench.compare import CompareSpec, expand_grid, renderer, seeded_grid
from workbench.ui.compare import (
    COMPARE_KEY,
    build_spec,
    check_models_ready,
    finished_run,
    fold_setup,
    grid_inputs,
    is_running,
    model_picker,
    params_editor,
    preview,
    promptfoo_export,
    promptfoo_import,
    refusal_notice,
    results_panel,
    rows_editor,
    run_caption,
    run_options,
    setup_section,
    start_live,
    stream,
    variants_editor,
    version_loader,
)
from workbench.ui.context import t
from workbench.ui.daemon import require_daemon
from workbench.ui.feedback import guarded
from workbench.ui.frame import leave_legacy_pages_mode
from workbench.ui.kept import keep
from workbench.ui.resources import history_store, library

leave_legacy_pages_mode()

st.title(f"⚖️ {t('compare.title')}")
st.caption(t("compare.intro"))
status = require_daemon()
running = is_running(COMPARE_KEY)

with setup_section():
    st.subheader(f"1️⃣ {t('compare.step_models')}")
    models = model_picker(status.host)

    st.subheader(f"2️⃣ {t('compare.step_prompts')}")
    lib = library()
    load = version_loader(lib)
    variants, invalid = variants_editor(lib)
    promptfoo_import()

    st.subheader(f"3️⃣ {t('compare.step_rows')}")
    variables, defaults = grid_inputs(variants, load)
    rows = rows_editor(variables, defaults)

    st.subheader(f"4️⃣ {t('compare.step_params')}")
    param_rows = params_editor()

    st.subheader(f"5️⃣ {t('compare.step_run')}")
    repeats, cap, run_settings = run_options()

spec = build_spec(models, variants, rows, param_rows, repeats, cap, invalid)
ready = spec is not None and preview(spec)
if ready and spec is not None:
    refusal_notice(status.host, spec)
    ready = check_models_ready(spec)
if spec is not None:
    promptfoo_export(seeded_grid(spec, run_settings), "compare")
name = st.text_input(t("compare.run_name"), key=keep("compare.run_name"))
clicked = st.button(
    t("compare.run"), type="primary", icon="▶️", disabled=not ready or running, on_click=fold_setup
)
if clicked and spec is not None and not running:
    with guarded():
        cells = expand_grid(spec, renderer(load))
        label = name.strip() or " vs ".join(spec.models)
        start_live(COMPARE_KEY, CompareSpec(spec, run_settings), cells, label)
        running = True

if running:
    st.divider()
    stream(COMPARE_KEY)
elif (run_id := finished_run(COMPARE_KEY)) is not None:
    st.divider()
    with guarded():
        run = history_store().load_run(run_id)
        st.subheader(f"📊 {run.name or t('compare.results')}")
        st.caption(run_caption(run))
        st.page_link("pages/history.py", label=t("compare.see_history"), icon="🕘")
        results_panel(run, "compare")
