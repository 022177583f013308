"""History in a browser: a stored run opens, both exports download, and the open run survives
going Home and back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, go
from workbench.compare.fairness import RunSettings
from workbench.compare.grid import GridSpec, PromptVariant, expand_grid
from workbench.compare.results import DONE, Attempt
from workbench.compare.spec import CompareSpec
from workbench.history.store import History

ASK = PromptVariant("요약", ({"role": "user", "content": "하늘은 왜 파란가요?"},))


def stored_runs(data_dir: Path, names: list[str]) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    history = History(data_dir / "history.sqlite3")
    spec = CompareSpec(GridSpec(("gemma3:270m", "qwen3:0.6b"), (ASK,)), RunSettings())
    for name in names:
        cells = expand_grid(spec.grid)
        run_id = history.create_run(spec, cells, {}, name)
        for cell in cells:
            answer = Attempt(cell.id, 0, cell.model, DONE, text=f"{name}: 빛이 흩어집니다.")
            history.save_attempt(run_id, answer)
        history.finish_run(run_id, "finished")
    history.close()


def test_exports_download_and_the_open_run_survives_going_home(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    stored_runs(app_server.data_dir, ["첫 실행", "두 번째 실행"])
    page.goto(f"{app_server.url}/history")
    expect(page.get_by_role("heading", name="📊 두 번째 실행")).to_be_visible(timeout=20_000)
    page.get_by_test_id("stSelectbox").filter(has_text="Open a run").first.click()
    page.get_by_role("option").filter(has_text="첫 실행").click()
    expect(page.get_by_role("heading", name="📊 첫 실행")).to_be_visible(timeout=20_000)

    with page.expect_download(timeout=20_000) as one:
        page.get_by_role("button", name="This run as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(one.value.path()).read_text("utf-8-sig"))))
    assert {row["model"] for row in rows} == {"gemma3:270m", "qwen3:0.6b"}
    with page.expect_download(timeout=20_000) as as_json:
        page.get_by_role("button", name="This run as JSON").click()
    assert json.loads(Path(as_json.value.path()).read_text("utf-8"))["name"] == "첫 실행"
    for _ in range(2):  # the whole history, twice: the second click must work as well
        with page.expect_download(timeout=20_000) as everything:
            page.get_by_role("button", name="All runs as CSV").click()
        text = Path(everything.value.path()).read_text("utf-8-sig")
        assert "첫 실행" in text and "두 번째 실행" in text
    page.screenshot(path=screenshot_dir / "history.png", full_page=True)

    go(page, "Home", "Home")
    go(page, "History", "History")
    expect(page.get_by_role("heading", name="📊 첫 실행")).to_be_visible(timeout=20_000)
