"""The dataset builder's error: a selection or an export that cannot be used as asked."""

from __future__ import annotations

from workbench.errors import WorkbenchError


class DatasetError(WorkbenchError):
    """A dataset that cannot be built, edited or exported as asked."""

    code = "error.dataset"
