"""The HTML debrief, rendered by headless Chromium: it shows the ratings, needs no network."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from grading.grade import Grader
from grading.html import render_html
from tests.grading_support import load, play_with_poses, scratch_project

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (Debian: apt-get install chromium)"
)


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp / 'profile'}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture(scope="module")
def debrief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("debrief")
    scenarios = scratch_project(root)
    loaded = load(scenarios)
    log = play_with_poses(loaded, loaded.folder / "walkthroughs" / "late-fire-call.yaml",
                          root / "late-fire-call.jsonl")
    page = root / "debrief.html"
    page.write_text(render_html(Grader(poses=True).grade(log)), encoding="utf-8")
    return page


def test_the_page_is_self_contained(debrief: Path) -> None:
    html = debrief.read_text("utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert not re.search(r"<script[^>]+src=", html) and not re.search(r"<link[^>]+href=", html)


def test_chromium_renders_the_ratings(debrief: Path) -> None:
    result = chromium(debrief.parent, "--dump-dom", debrief.as_uri())
    dom = result.stdout
    assert 'id="ratings"' in dom, result.stderr[-2000:]
    for capability, rating in [("safe-examination", "S"), ("multi-agency", "M"),
                               ("evidence", "P"), ("intelligence-led", "P")]:
        assert f'data-capability="{capability}" data-rating="{rating}"' in dom
    assert "Critical failures" in dom and 'data-item="fire-service-called-early"' in dom
    assert 'id="timeline"' in dom and 'class="path"' in dom


def test_chromium_screenshot_is_not_blank(debrief: Path) -> None:
    from PIL import Image

    shot = debrief.parent / "debrief.png"
    result = chromium(debrief.parent, "--window-size=1100,2400", f"--screenshot={shot}",
                      debrief.as_uri())
    assert shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # text, badges and plots, not an empty page
