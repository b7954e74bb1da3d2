"""The instructor station in headless Chromium, served by a real host with two trainees'
machines joined: the map shows both trainees, "fire now" delivers an inject that both
machines log, pause stops the clock on every machine, and a note reaches the debrief."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grading.pdf import CHROMIUM_FLAGS, chromium_path
from tests.net_support import CUSTOMS, POLICE, ROOT, HostProcess, join, logged, wait_for

playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
pytestmark = pytest.mark.skipif(chromium_path() is None, reason="no chromium binary")
NOTE = "Customs briefed the police on the cordon before the doors opened."


@pytest.fixture
def exercise(tmp_path: Path) -> Iterator[dict[str, Any]]:
    log = tmp_path / "session.jsonl"
    host = HostProcess(log, "--start", "instructor", "--speed", "5", "--seed", "1").start()
    machines = [join(host, CUSTOMS, tmp_path, "--trainee", "Officer Amal"),
                join(host, POLICE, tmp_path, "--trainee", "PC Ruiz")]
    try:
        yield {"host": host, "log": log, "folder": tmp_path, "machines": machines}
    finally:
        for machine in machines:
            if machine.poll() is None:
                machine.kill()
        host.stop()


def clock_of(page: Any) -> str:
    return str(page.locator("#clock").inner_text())


def test_the_station_sees_fires_pauses_notes_and_ends(exercise: dict[str, Any]) -> None:
    host, log, folder = exercise["host"], exercise["log"], exercise["folder"]
    shots = folder / "shots"
    shots.mkdir()
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://{host.address}/#{host.token}")
        page.wait_for_selector('g.trainee[data-role="customs_officer"]', timeout=60_000)
        page.wait_for_selector('g.trainee[data-role="police_officer"]', timeout=60_000)
        assert page.locator("#seats").inner_text().count("Officer Amal") == 1
        page.screenshot(path=str(shots / "1-joined.png"), full_page=True)

        page.keyboard.press("Alt+s")  # Start, from the keyboard
        wait_for(lambda: clock_of(page) != "0:00", 30, "the clock to run")
        page.get_by_role("button", name="Fire inject 7 now").click()
        for name in (CUSTOMS, POLICE):
            wait_for(lambda name=name: logged(folder / f"{name}.jsonl", k="inject_fired",
                                              inject="smoke_seen"), 20, f"{name} to log it")
        assert "fired" in page.locator('tr[data-inject="smoke_seen"]').inner_text()

        page.get_by_role("button", name="Pause all").click()
        for name in (CUSTOMS, POLICE):
            wait_for(lambda name=name: "clock stopped at" in (folder / f"{name}.out")
                     .read_text(), 20, f"{name}'s clock to stop")
        wait_for(lambda: "paused" in page.locator("#state").inner_text(), 20, "the page to "
                 "say paused")  # with the clock as it stopped: the same message says both
        stopped = clock_of(page)
        time.sleep(1.5)
        assert clock_of(page) == stopped and "paused" in page.locator("#state").inner_text()
        page.screenshot(path=str(shots / "2-paused.png"), full_page=True)
        page.get_by_role("button", name="Resume all").click()
        for name in (CUSTOMS, POLICE):
            wait_for(lambda name=name: "clock running at" in (folder / f"{name}.out")
                     .read_text().split("clock stopped at")[-1], 20, f"{name} to resume")

        page.get_by_label("A note for the debrief").fill(NOTE)
        page.keyboard.press("Control+Enter")
        page.wait_for_selector(f"#notes li:has-text('{NOTE[:20]}')", timeout=10_000)
        page.screenshot(path=str(shots / "3-note.png"), full_page=True)
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="End exercise").click()
        page.wait_for_selector("#state.ended", timeout=20_000)
        page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, upright
        page.screenshot(path=str(shots / "4-tablet.png"), full_page=True)
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth + 1")
        browser.close()
    for machine in exercise["machines"]:
        assert machine.wait(60) == 0
    (remark,) = logged(log, k="note", note="instructor")
    assert remark["text"] == NOTE
    report = folder / "debrief.html"
    graded = subprocess.run([sys.executable, "-m", "engine", "grade", str(log), "--format",
                             "html", "--out", str(report)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    html = report.read_text(encoding="utf-8")
    assert NOTE in html and "instructor note" in html
    assert re.search(r"played by Officer Amal", html) and "played by PC Ruiz" in html
