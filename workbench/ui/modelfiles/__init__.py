"""The Modelfiles page's panels: editor, form, checks, diff and create."""

from workbench.ui.modelfiles.panels import (
    TEXT_KEY,
    create_section,
    current_text,
    diff_with_base,
    form_view,
    gguf_files,
    gguf_import,
    installed_names,
    save_section,
    show_checks,
    source_picker,
    validate,
)
