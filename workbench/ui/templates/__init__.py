"""workbench.ui.templates: TODO docstring."""

from workbench.ui.templates.actions import actions, history
from workbench.ui.templates.builders import builders
from workbench.ui.templates.editor import current_draft, fields, heading, notice, preview
from workbench.ui.templates.panels import (
    browser,
    deleted_section,
    export_section,
    import_section,
    opener,
)
