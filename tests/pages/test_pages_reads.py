"""Each page reads the whole library at most once per rerun, and the leaderboards only on change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import pages_support
from tests.workload import write_history
from workbench.history.votes import VoteStore
from workbench.library import Library

PAGES = ["home", "playground", "compare", "document_chat", "templates", "history"]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the whole library and the whole history of votes were read."""
    counts: Counter[str] = Counter()

    def counted(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return method(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(Library, "entries", counted("library", Library.entries))
    monkeypatch.setattr(VoteStore, "_results", counted("votes", VoteStore._results))
    return counts


@pytest.mark.parametrize("page", PAGES)
def test_a_rerun_reads_the_library_once_and_the_votes_only_after_a_change(
    workbench_env, tmp_path: Path, reads: Counter[str], page: str
) -> None:
    write_history(tmp_path / "data" / "history.sqlite3", 40)
    path = "pages/home.py" if page == "home" else f"pages/{page}.py"
    at = pages_support.open_page(path, no_exception=True)
    reads.clear()
    at.run()
    assert not at.exception
    assert reads["library"] <= 1
    assert reads["votes"] == 0
