"""The Compare page's panels: grid setup, live cells, result views and votes."""

from workbench.ui.compare.cells import labels
from workbench.ui.compare.live import (
    COMPARE_KEY,
    finished_run,
    forget,
    is_running,
    start_live,
    start_live_rerun,
    stream,
)
from workbench.ui.compare.promptfoo_panel import promptfoo_export, promptfoo_import
from workbench.ui.compare.setup import (
    INBOX_KEY,
    build_spec,
    fold_setup,
    grid_inputs,
    model_picker,
    open_in_compare,
    preview,
    run_options,
    send_to_compare,
    setup_section,
    variants_editor,
    version_loader,
)
from workbench.ui.compare.shapes import refusal_notice, shape_details
from workbench.ui.compare.tables import params_editor, rows_editor
from workbench.ui.compare.text import diff_markdown, escape_markdown
from workbench.ui.compare.variant_checks import check_models_ready
from workbench.ui.compare.views import leaderboards, results_panel, run_caption
