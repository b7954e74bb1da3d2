"""Each scenario's place, drawn offscreen: ground beyond an environment when it asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.interact.body import Body
from engine.interact.screen import Screen
from tests.render.conftest import ROOT

YARD = """\
format: 1
id: beyond-the-fence
version: "1"
title: Ground beyond the fence
summary: A place whose environment ends at its fence.
objectives: [{id: look, text: Look}]
levels: [tactical]
duration_minutes: 5
time_limit: 300
roles: [{id: officer, name: Officer, agency: customs, playable: true}]
place: {environment: models/port_yard.glb, ground: GROUND}
props: [{id: tablet, name: Tablet, asset: models/clipboard.glb, position: [0, -6, 0]}]
endings: [{id: over, outcome: timeout, trigger: {at: 300}, message: Over}]
"""


def _presenter(showbase: Any, folder: Path) -> Any:
    from engine.present.panda.presenter import PandaPresenter
    from engine.present.panda.window import WindowSpec
    from engine.scenario.loader import load_scenario

    size = (showbase.win.getXSize(), showbase.win.getYSize())
    return PandaPresenter(load_scenario(folder), "officer", WindowSpec("offscreen", *size),
                          base=showbase)


def _frame(presenter: Any, body: Body) -> np.ndarray:
    from engine.core.program import program_for
    from engine.core.runtime import start
    from engine.core.view import view

    program = program_for(presenter.loaded)
    shown = view(program, start(program, 1)[0], "officer")
    for _ in range(2):
        presenter.draw(shown, Screen(body=body, crosshair="none"), 0.1)
        presenter.render()
    texture = presenter.base.win.getScreenshot()
    data = np.frombuffer(bytes(texture.getRamImageAs("RGB")), dtype=np.uint8)
    return data.reshape(texture.getYSize(), texture.getXSize(), 3)[::-1]


@pytest.fixture
def yards(showbase: Any, tmp_path: Path) -> Iterator[dict[bool, Any]]:
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    made = {}
    for ground in (False, True):
        folder = tmp_path / f"yard-{ground}"
        folder.mkdir()
        (folder / "scenario.yaml").write_text(YARD.replace("GROUND", str(ground).lower()))
        made[ground] = folder
    yield made


def test_ground_is_laid_beyond_the_environment_only_when_asked(
    showbase: Any, yards: dict[bool, Any],
) -> None:
    beyond = Body(100.0, 0.0).facing_point(120.0, 0.0, 0.0, 1.7)  # past the yard, looking down
    seen = {}
    for ground, folder in yards.items():
        presenter = _presenter(showbase, folder)
        try:
            seen[ground] = _frame(presenter, beyond)[-40:].reshape(-1, 3).mean(axis=0)
        finally:
            presenter.close()
    sky, ground = seen[False], seen[True]
    assert sky[2] - sky[0] >= 6  # nothing below the horizon but the sky's blue
    assert abs(ground[2] - ground[0]) <= 4 and ground.mean() < sky.mean() - 10  # grey ground
