"""The Modelfiles page's panels: editor, form, checks, diff and create."""

from workbench.ui.modelfiles.adapters import adapter_import, adapter_report
from workbench.ui.modelfiles.form import form_view
from workbench.ui.modelfiles.panels import (
    create_section,
    diff_with_base,
    gguf_files,
    gguf_import,
    installed_names,
    save_section,
    show_checks,
    source_picker,
    validate,
)
from workbench.ui.modelfiles.text import TEXT_KEY, current_text
