"""The Datasets page's panels: filters, examples, gold answers, deduplication, split, exports
and the before/after hand-off to Compare."""

from workbench.ui.datasets.before_after import before_after_panel
from workbench.ui.datasets.exports import export_section
from workbench.ui.datasets.filters import example_filter
from workbench.ui.datasets.gold import gold_editor
from workbench.ui.datasets.prepare import deduplicated, split_parts
from workbench.ui.datasets.table import examples_table
