"""The first frame a trainee sees is the whole scene, not a blank or half-ready buffer: a
second frame of the same moment adds nothing to it. Run in a fresh process, since what is
under test is the very first frame a process draws."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("panda3d", reason="panda3d is not installed (pip install -e '.[desktop]')")

ROOT = Path(__file__).resolve().parents[2]

FIRST_FRAME = r"""
import json, sys, tempfile
from pathlib import Path
import numpy as np
from panda3d.core import PNMImage
from engine.app import RunOptions, begin_session, frame_loop, open_presenter

scenario = Path(sys.argv[1])
plan = str(scenario / "walkthroughs" / "reference.yaml")
with tempfile.TemporaryDirectory() as folder:
    options = RunOptions(str(scenario), display="offscreen", plan=plan,
                         log=str(Path(folder) / "session.jsonl"), size=(640, 360))
    loaded, walkthrough, role, presenter = open_presenter(
        options.scenario, None, plan, "offscreen", options.size)
    session = begin_session(loaded, walkthrough, role, "offscreen", options)
    loop, _ = frame_loop(loaded, session, presenter, role, walkthrough, "offscreen", options)

    def pixels():
        image = PNMImage()
        assert presenter.base.win.getScreenshot(image)
        return np.array([[tuple(image.getXel(x, y)) for x in range(0, 640, 8)]
                         for y in range(0, 360, 8)])

    loop.frame(0.0, None)
    first = pixels()
    presenter.render()
    second = pixels()
    print(json.dumps({
        "difference": float(np.abs(first - second).mean()),
        "colours": len({tuple(np.round(p, 2)) for row in first for p in row}),
    }))
    presenter.close()
    session.close("ended")
"""


@pytest.mark.parametrize("scenario", ["container-search", "site-investigation"])
def test_the_first_frame_is_the_finished_scene(scenario: str) -> None:
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(ROOT / "scenarios" / scenario)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["difference"] < 0.01  # a second frame of the same moment adds nothing
    assert seen["colours"] > 50  # the place is there, not an empty sky or a blank buffer
