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
actions: [{id: look, verb: inspect, label: Look, roles: [officer], target: tablet}]
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


WORKSHOP = {"prioritising-operations": ("env_operations_room.glb", True),
            "site-investigation": ("env_warehouse_unit.glb", False),
            "information-management": ("env_press_office.glb", True),
            "medicine-check": ("env_sorting_hall.glb", True)}


@pytest.mark.parametrize("scenario", sorted(WORKSHOP))
def test_each_workshop_scenario_is_in_a_place_of_its_own(showbase: Any, scenario: str) -> None:
    from engine.app import start_body
    from engine.core.plan import planned_requests
    from engine.core.program import program_for
    from engine.core.runtime import start, step
    from engine.core.view import view
    from engine.scenario.loader import load_walkthrough

    environment, indoors = WORKSHOP[scenario]
    presenter = _presenter(showbase, ROOT / "scenarios" / scenario)
    try:
        loaded = presenter.loaded
        models = {Path(str(p)).name for p in presenter.scene.models}
        assert environment in models
        assert not models & {"port_yard.glb", "container_40ft.glb", "container_cargo.glb"}
        program = program_for(loaded)
        state = start(program, 1)[0]
        first = view(program, state, presenter.role)
        body = start_body(first, presenter.walls(first), loaded.scenario.place.start)
        image = _frame(presenter, body).reshape(-1, 3).astype(int)
        sky = np.array([round(c * 255) for c in (0.70, 0.78, 0.86)])
        open_sky = (np.abs(image - sky).sum(axis=1) < 12).mean()
        if indoors:
            assert open_sky < 0.05, f"{open_sky:.0%} of the first view is open sky"
        plan = load_walkthrough(loaded.folder / "walkthroughs" / "reference.yaml", loaded)
        for at, request in list(planned_requests(plan))[:-1]:
            state = step(program, state, request, max(at, state.t_ms))[0]
        late = view(program, state, presenter.role)
        presenter.draw(late, Screen(body=body, crosshair="none"), 0.1)
        standing = [b for b in presenter.walls(late).boxes if b.bottom < 0.05 and b.blocks]
        assert len(standing) >= 2, [b.owner for b in standing]
        for n, a in enumerate(standing):
            for b in standing[n + 1:]:
                overlap = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
                assert min(overlap) <= 0.05, f"{a.owner} and {b.owner} stand in each other"
    finally:
        presenter.close()
