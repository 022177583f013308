"""The History page's panels."""

from workbench.ui.history.panels import (
    changes_panel,
    daemon_notice,
    environment,
    export_all,
    export_buttons,
    rerun_section,
    run_picker,
    runs_table,
    spec_panel,
)
