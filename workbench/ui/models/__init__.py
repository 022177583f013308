"""The Models page's panels: installed and running models, pull, copy, delete, details."""

from workbench.ui.models.hosts import action_host, fleet_table
from workbench.ui.models.panels import (
    copy_form,
    delete_form,
    details_panel,
    details_picker,
    installed_table,
    notice,
    pull_form,
    running_section,
)
