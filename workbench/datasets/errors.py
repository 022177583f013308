"""The dataset builder's error: a selection or an export that cannot be used as asked."""

from __future__ import annotations

from typing import Any

from workbench.errors import WorkbenchError

# What each export format is called in messages (the file a user downloads).
FILE_NAMES = {
    "chat_jsonl": "chat JSONL",
    "preference_jsonl": "preference JSONL",
    "alpaca_json": "Alpaca JSON",
    "parquet": "Parquet",
}


class DatasetError(WorkbenchError):
    """A dataset that cannot be built, edited or exported as asked."""

    code = "error.dataset"

    def __init__(self, message: str | None = None, code: str | None = None, **params: Any) -> None:
        if "format" in params:
            params["format"] = FILE_NAMES.get(params["format"], params["format"])
        super().__init__(message, code, **params)
