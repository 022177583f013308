"""The Home page's panels."""

from workbench.ui.home.panels import recent_runs
