"""The demo page in a real browser: a headless Chromium from the system's packages (never a
downloaded one), driven by Playwright, plays a short draw in the admin pane and an
inspector's acceptance of the assignment card. Skipped, with the reason, where there is no
Chromium (CI installs Debian's: see .ci/run)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.demo import example_draw
from tests.demo_data import running_demo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
TIMEOUT_MS = 15_000


async def test_a_draw_and_an_acceptance_in_the_browser(tmp_path: Path) -> None:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip(
            "no Chromium at /usr/bin/chromium: the demo page's browser test needs Debian's "
            "chromium package (apt-get install chromium chromium-driver; .ci/run does)"
        )
    async_api = pytest.importorskip("playwright.async_api", reason="playwright is not installed")
    expect = async_api.expect
    expect.set_options(timeout=TIMEOUT_MS)
    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")

    async with running_demo(tmp_path) as demo, async_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1400, "height": 900})
            await page.goto(demo.url)
            group = page.locator("#pane-group")
            inspector = page.locator("#pane-inspector1")
            await expect(page.locator("#clock")).to_contain_text("星期")

            # The admin types the draw with its answers up front: the preview comes back.
            await group.get_by_role("button", name="示例", exact=True).click()
            await expect(group.locator("textarea")).to_have_value(example_draw(demo.now().date()))
            await group.get_by_role("button", name="发送", exact=True).click()
            preview = group.locator(".msg.bot", has_text="尚未进行任何随机抽取")
            await expect(preview).to_contain_text("拟抽取：2 户")
            await preview.get_by_role("button", name="✅ 确认并冻结名录").click()
            # Frozen (the pool's digest is posted), then the bot's own seed draws and locks.
            seed_step = group.locator(".msg.bot", has_text="名录已冻结")
            await seed_step.first.get_by_role(
                "button", name=re.compile("由系统生成随机种子")
            ).click()
            await expect(group.locator(".msg.bot", has_text="已完成并锁定")).to_have_count(1)
            await expect(group.locator(".msg.bot", has_text="双随机抽查抽取结果")).to_have_count(1)

            # Both inspectors are every team; the first accepts a card in their pane.
            card = inspector.locator(".msg.bot", has_text="检查任务").first
            await card.get_by_role("button", name="接受", exact=True).click()
            await expect(inspector.locator(".toast")).to_have_text("已接受任务。")
            # The card is edited in place: accepted, and its next step is a button.
            accepted = inspector.locator(".msg.bot", has_text="您已于").first
            await expect(accepted.get_by_role("button", name="开始检查")).to_be_visible()

            # The clock control moves the bot's clock to 09:00 of the next working day.
            await page.get_by_role("button", name="跳到下一个工作日 09:00").click()
            await expect(page.locator("#clock")).to_contain_text("09:00")
        finally:
            await browser.close()
