"""The Modelfiles page as a person uses it: load, break, fix, create; and a GGUF import."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import RunningApp
from tests.fake_ollama import build_gguf
from workbench.modelfile.workshop import list_examples, read_example

GGUF_EXAMPLE = "korean-llama3-gguf"


def open_modelfiles(page: Page, app: RunningApp) -> None:
    page.goto(f"{app.url}/modelfiles")
    expect(page.get_by_role("heading", name="Modelfiles")).to_be_visible(timeout=20_000)


def load_example(page: Page, name: str) -> None:
    picker = page.get_by_role("combobox", name="Example")
    picker.click()
    picker.fill(name)
    page.get_by_role("option", name=name, exact=True).click()
    page.get_by_role("button", name="Load into the editor").click()
    expect(editor(page)).to_have_value(read_example(name), timeout=20_000)


def editor(page: Page) -> Locator:
    return page.get_by_label("Modelfile", exact=True)


def set_text(page: Page, text: str) -> None:
    box = editor(page)
    box.fill(text)
    box.press("Control+Enter")


def create(page: Page, name: str) -> None:
    page.get_by_label("Name of the new model").fill(name)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text(f"Created {name}.")).to_be_visible(timeout=20_000)


def test_break_fix_create_and_find_it(page: Page, app_server: RunningApp, screenshot_dir: Path):
    open_modelfiles(page, app_server)
    load_example(page, "coding-assistant")
    expect(page.get_by_text("Valid Modelfile: FROM gemma3:270m")).to_be_visible()
    good = read_example("coding-assistant")
    lines = good.splitlines()
    broken_line = next(n for n, text in enumerate(lines, 1) if text.startswith("PARAMETER"))
    lines[broken_line - 1] = lines[broken_line - 1].replace("PARAMETER", "PARAMTER")
    set_text(page, "\n".join(lines) + "\n")
    expect(page.get_by_text(f"Line {broken_line}: ")).to_be_visible(timeout=10_000)
    page.screenshot(path=screenshot_dir / "modelfiles-error.png", full_page=True)
    set_text(page, good)
    expect(page.get_by_text("Valid Modelfile: FROM gemma3:270m")).to_be_visible(timeout=10_000)
    create(page, "my-coder:latest")
    page.get_by_role("link", name="See it on the Models page").click()
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_contain_text("my-coder:latest", timeout=20_000)


def test_import_a_korean_gguf(page: Page, app_server: RunningApp, tmp_path: Path) -> None:
    gguf = tmp_path / "Llama-3-Open-Ko-8B-Q8_0.gguf"
    gguf.write_bytes(build_gguf({"general.architecture": "llama", "llama.context_length": 8192}))
    open_modelfiles(page, app_server)
    page.get_by_text("Import a GGUF file").click()
    section = page.get_by_test_id("stExpander").filter(has_text="Import a GGUF file")
    section.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(gguf)
    expect(page.get_by_text("Llama-3-Open-Ko-8B-Q8_0.gguf is ready")).to_be_visible(timeout=20_000)
    load_example(page, GGUF_EXAMPLE)
    expect(page.get_by_text("Valid Modelfile: FROM ./Llama-3-Open-Ko-8B-Q8_0.gguf")).to_be_visible()
    create(page, "llama3-ko")


def test_every_other_example_creates_its_model(page: Page, app_server: RunningApp) -> None:
    open_modelfiles(page, app_server)
    for name in (n for n in list_examples() if n != GGUF_EXAMPLE):
        load_example(page, name)
        create(page, f"ex-{name}:latest")


def test_the_form_and_the_text_stay_in_sync(
    page: Page, app_server: RunningApp, screenshot_dir: Path
) -> None:
    open_modelfiles(page, app_server)
    set_text(page, "FROM gemma3:270m\nPARAMETER temperature 0.5\n")
    page.get_by_role("tab", name="Form").click()
    temperature = page.get_by_role("spinbutton", name="temperature")
    expect(temperature).to_have_value("0.5", timeout=20_000)
    temperature.fill("0.9")
    temperature.press("Enter")
    system = page.get_by_role("textbox", name="SYSTEM")
    system.fill("너는 간결하게 답하는 비서야.")
    system.press("Tab")
    expect(page.get_by_role("spinbutton", name="temperature")).to_have_value("0.9")
    page.get_by_role("tab", name="Text").click()
    expect(editor(page)).to_have_value(
        "FROM gemma3:270m\n\nSYSTEM 너는 간결하게 답하는 비서야.\n\nPARAMETER temperature 0.9\n",
        timeout=20_000,
    )
    page.get_by_role("tab", name="Form").click()
    page.screenshot(path=screenshot_dir / "modelfile-form.png", full_page=True)
