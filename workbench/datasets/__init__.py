"""Training datasets out of History: select, correct (gold), deduplicate, split, export."""

from workbench.datasets.dedupe import Dropped, deduplicate
from workbench.datasets.errors import DatasetError
from workbench.datasets.exports import (
    EXPORT_FORMATS,
    alpaca_json,
    chat_jsonl,
    parquet,
    preference_jsonl,
)
from workbench.datasets.holdout import MAX_VALIDATION_SHARE, split
from workbench.datasets.pairs import PreferencePair, preference_pairs
from workbench.datasets.selection import (
    VOTES,
    Example,
    ExampleFilter,
    clear_gold,
    examples,
    filter_choices,
    save_gold,
)
from workbench.datasets.stats import example_stats
