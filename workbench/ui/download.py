"""How every download button behaves."""

from __future__ import annotations

from typing import Any

# A download click must not rerun the page: the rerun drops the session's files (a deferred
# export first of all) before the browser has fetched them, and the click then downloads nothing.
QUIET_DOWNLOAD: dict[str, Any] = {"icon": "⬇️", "on_click": "ignore"}
