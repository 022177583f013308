"""workbench.ui.home: TODO docstring."""

from workbench.ui.home.panels import job_links, recent_runs
