"""A prompt handed to Compare by another page (Document chat, the Playground)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def compare_request(
    name: str, messages: Sequence[dict[str, Any]], models: Sequence[str] = ()
) -> dict[str, Any]:
    """The Compare page's inbox entry: a name, the exact messages to send to each model, and the
    models to preselect."""
    return {
        "name": name,
        "messages": [dict(message) for message in messages],
        "models": list(models),
    }
