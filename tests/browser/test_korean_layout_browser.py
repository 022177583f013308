"""Korean in the browser: the language switch works on the first page a fresh server shows, and
Korean text wraps between words, never inside one, in tables, code blocks and text."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import RunningApp, go, pick

SYSTEM = (
    "당신은 회사 규정을 설명하는 비서입니다. 연차 휴가는 입사 1년 후 15일이 주어지며, "
    "사용하지 않은 휴가는 다음 해로 이월되지 않는다는 점을 항상 정확하게 알려 주세요."
)

# Every Hangul word inside text, tables and code blocks whose letters sit on more than one line.
SPLIT_WORDS = """() => {
  const roots = document.querySelectorAll(
    '[data-testid="stMarkdownContainer"], [data-testid="stTable"], [data-testid="stCode"]');
  const split = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[가-힣]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def test_switch_to_korean_on_home_then_no_word_is_split(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    created = httpx.post(
        f"{app_server.daemon_url}/api/create",
        json={"model": "rules-bot", "from": "gemma3:270m", "system": SYSTEM, "stream": False},
    )
    assert created.status_code == 200
    page.goto(app_server.url)  # the first page this server shows
    expect(page.get_by_role("heading", name="Home").first).to_be_visible(timeout=20_000)
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="한국어").click()
    expect(page.get_by_role("heading", name="홈").first).to_be_visible(timeout=20_000)

    go(page, "모델", "📦 모델")
    pick(page, "상세 정보를 볼 모델", "rules-bot:latest")
    page.get_by_role("tab", name="시스템 프롬프트").click()
    page.set_viewport_size({"width": 820, "height": 1400})
    shown = page.get_by_role("tabpanel", name="시스템 프롬프트").get_by_test_id("stCode")
    expect(shown).to_be_visible(timeout=20_000)
    page.screenshot(path=screenshot_dir / "korean-wrapping.png", full_page=True)
    assert page.evaluate(SPLIT_WORDS) == []
    go(page, "홈", "홈")  # Home keeps the language chosen on it
    expect(page.get_by_role("heading", name="🦙 홈")).to_be_visible()
