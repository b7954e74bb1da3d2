"""`taskforce run --role R` offscreen: one trainee, the engine playing every other role, the
walkthrough played through the interface (asks picked in the radio and at the figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grading.grade import grade_log
from tests.render.conftest import SCENARIO
from tests.render.test_run_command import taskforce
from tests.render.test_walkthrough_interface import decided


def test_the_police_investigator_alone_rates_p_everywhere_in_3d(tmp_path: Path) -> None:
    pytest.importorskip("panda3d")
    log = tmp_path / "solo.jsonl"
    result = taskforce(
        "run", str(SCENARIO), "--role", "police_officer", "--display", "offscreen",
        "--plan", str(SCENARIO / "walkthroughs" / "solo-police.yaml"), "--log", str(log),
        "--size", "320x180", "--speed", "30", "--every", "600",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ended: goods_secured (success)" in result.stdout
    report = grade_log(log)
    assert {c.capability.id: c.rating for c in report.capabilities} == {
        "safe-examination": "P", "multi-agency": "P", "evidence": "P", "intelligence-led": "P"}
    assert report.header["people"] == ["police_officer"]
    assert taskforce("replay", "--check", str(log)).returncode == 0
    headless = tmp_path / "play.jsonl"
    assert taskforce("play", str(SCENARIO), "--role", "police_officer", "--plan",
                     str(SCENARIO / "walkthroughs" / "solo-police.yaml"), "--log",
                     str(headless)).returncode == 0
    assert decided(log) == decided(headless), "the interface asked for what play asked for"
