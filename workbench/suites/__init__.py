"""Test suites over comparison grids: pass rates, checks changed after a run, standings by
pass rate over the history, and promptfoo configs in and out."""

from workbench.suites.changed_checks import missing_check_models, recheck, with_checks
from workbench.suites.pass_rates import PASS_RATE_COLUMNS, pass_rate_figure, pass_rate_frame
from workbench.suites.promptfoo import (
    PromptfooError,
    PromptfooExport,
    PromptfooImport,
    Unmapped,
    export_promptfoo,
    import_promptfoo,
)
from workbench.suites.standings import CheckStanding, check_standings
