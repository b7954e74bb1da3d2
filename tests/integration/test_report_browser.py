"""The AAR/IP in headless Chromium (Playwright) and its PDF through pdftoppm: every section is
there, nothing overflows its box at 1280 px or on A4, the evaluator's fields round-trip through
a saved notes file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grading.pdf import CHROMIUM_FLAGS, chromium_path
from tests.grading_support import load, play_with_poses, scratch_project

ROOT = Path(__file__).resolve().parents[2]
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
pytestmark = pytest.mark.skipif(chromium_path() is None, reason="no chromium binary")
SECTIONS = ("overview", "capabilities", "ratings", "strengths", "improvements", "plan",
            "plan-matrix", "evaluator", "decisions", "events", "timeline", "map")
OVERFLOWS = """() => {
  const bad = [];
  if (document.scrollingElement.scrollWidth > window.innerWidth + 1) bad.push('page');
  for (const el of document.querySelectorAll('main *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.closest('svg') && el.tagName !== 'svg') continue;
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 &&
        style.overflowX !== 'auto' && el.tagName !== 'TEXTAREA')
      bad.push(el.tagName + '#' + el.id + '.' + el.className + ': ' +
               el.textContent.slice(0, 60));
  }
  return bad;
}"""


def taskforce(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("aar")
    loaded = load(scratch_project(root))
    logs = {}
    for name in ("reference", "battery-fire"):
        logs[name] = play_with_poses(loaded, loaded.folder / "walkthroughs" / f"{name}.yaml",
                                     root / f"{name}.jsonl", notes=True)
    for name, log in list(logs.items()):
        page = root / f"{name}.html"
        result = taskforce("grade", str(log), "--format", "html", "--out", str(page), cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr
        logs[f"{name}.html"] = page
    return logs


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("name", ["reference", "battery-fire"])
def test_every_section_is_there_and_nothing_overflows(
    sessions: dict[str, Path], browser: Any, name: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(sessions[f"{name}.html"].as_uri())
    for section in SECTIONS:
        wanted = 0 if section == "plan-matrix" and name == "reference" else 1  # nothing missed
        assert page.locator(f"#{section}").count() == wanted, section
    assert page.evaluate(OVERFLOWS) == []
    page.screenshot(path=str(tmp_path / "screen.png"), full_page=True)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    assert page.evaluate(OVERFLOWS) == []
    page.close()


def test_the_reference_shows_reasons_reads_and_pauses(
    sessions: dict[str, Path], browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(sessions["reference.html"].as_uri())
    decisions = page.locator("#decisions").inner_text()
    assert "keep the examination away from the gate queue" in decisions
    assert "the police need them as evidence" in decisions
    assert "01:30" in page.locator('[data-decision="search_site"]').inner_text()
    kinds = set(page.locator("#events tr[data-kind]").evaluate_all(
        "rows => rows.map(r => r.dataset.kind)"))
    assert {"read", "briefing", "pause", "resume", "inject", "decision", "action",
            "ending"} <= kinds
    assert "Cargo manifest extract" in page.locator('#events tr[data-kind="read"]').inner_text()
    assert page.locator("#ending-mark").count() == 1
    assert "don_ppe" not in page.locator("#timeline").inner_html()
    page.close()


def test_the_pdf_prints_a_failed_session_in_a_few_pages(
    sessions: dict[str, Path], tmp_path: Path
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("no pdftoppm (Debian: poppler-utils)")
    pdf = tmp_path / "battery-fire.pdf"
    result = taskforce("grade", str(sessions["battery-fire"]), "--format", "pdf", "--out",
                       str(pdf), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 2 <= len(pages) <= 8
    from PIL import Image

    for png in pages:
        width, height = Image.open(png).size
        assert abs(width / height - 210 / 297) < 0.01  # A4
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for heading in ("Exercise overview", "Areas for improvement", "Improvement plan",
                        "Evaluator notes", "Event table", "Timeline"):
            assert heading in text


def test_the_evaluators_fields_are_saved_and_read_back(
    sessions: dict[str, Path], browser: Any, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(sessions["battery-fire.html"].as_uri())
    page.fill('[data-note="evaluator"]', "Inspector A. Moreau")
    page.fill('[data-note="point_of_contact"]', "training@kestrel-bay.example")
    page.fill('[data-note="notes"]', "Rushed the opening; debriefed on site.")
    page.fill('[data-plan="ppe-before-opening"][data-field="owner"]', "Yard supervisor")
    page.fill('[data-plan="ppe-before-opening"][data-field="start"]', "2025-06-02")
    page.fill('[data-plan="ppe-before-opening"][data-field="completion"]', "2025-06-30")
    with page.expect_download() as download:
        page.click("#save-notes")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    page.close()
    session = json.loads(sessions["battery-fire"].read_bytes().split(b"\n")[0])["session"]
    assert saved.name == f"{session}.notes.json"
    notes = json.loads(saved.read_text("utf-8"))
    assert notes["plan"]["ppe-before-opening"]["completion"] == "2025-06-30"
    again = tmp_path / "again.html"
    result = taskforce("grade", str(sessions["battery-fire"]), "--format", "html", "--notes",
                       str(saved), "--out", str(again), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    html = again.read_text("utf-8")
    for value in ("Inspector A. Moreau", "training@kestrel-bay.example", "Yard supervisor",
                  "2025-06-02", "debriefed on site"):
        assert value in html
