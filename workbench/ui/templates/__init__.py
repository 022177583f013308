"""The Templates page's panels: library browser, editor, builders, actions and import/export."""

from workbench.ui.templates.action_bar import actions, history
from workbench.ui.templates.builders import technique_builders
from workbench.ui.templates.editor import current_draft, fields, heading, notice, preview
from workbench.ui.templates.panels import (
    browser,
    deleted_section,
    export_section,
    import_section,
    opener,
)
