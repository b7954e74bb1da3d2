"""Each workshop scenario played through the interface a trainee uses, once as each of its
playable roles alone: the pilot walks to the props, aims until the crosshair rests on them,
presses E, opens the radio, picks rows and types reasons, offscreen with real frames. The log
it writes is the one headless `play` writes and the HUD never overlaps itself on any frame."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.play import play
from engine.scenario.loader import load_scenario, load_walkthrough
from tests.render.conftest import ROOT
from tests.render.test_walkthrough_interface import decided, through_interface

WORKSHOP = ["information-management", "medicine-check", "prioritising-operations",
            "site-investigation"]
SOLO = [(name, path.name) for name in WORKSHOP
        for path in sorted((ROOT / "scenarios" / name / "walkthroughs").glob("solo-*.yaml"))]


@pytest.fixture
def case(request: pytest.FixtureRequest, showbase: Any) -> Iterator[tuple[Any, Any, Path]]:
    from engine.present.panda.presenter import PandaPresenter
    from engine.present.panda.window import WindowSpec

    name, walkthrough = request.param
    folder = ROOT / "scenarios" / name
    loaded = load_scenario(folder)
    plan_file = folder / "walkthroughs" / walkthrough
    role = load_walkthrough(plan_file, loaded).role
    size = (showbase.win.getXSize(), showbase.win.getYSize())
    shown = PandaPresenter(loaded, role, WindowSpec("offscreen", *size), base=showbase)
    yield shown, loaded, plan_file
    shown.close()


def test_every_workshop_role_has_a_solo_walkthrough() -> None:
    assert len(SOLO) >= 2 * len(WORKSHOP), SOLO


@pytest.mark.parametrize("case", SOLO, indirect=True, ids=lambda c: f"{c[0]}/{c[1]}")
def test_a_trainee_alone_plays_it_through_the_interface(case: tuple[Any, Any, Path],
                                                        tmp_path: Path) -> None:
    presenter, loaded, plan_file = case
    headless = play(loaded, load_walkthrough(plan_file, loaded), log_path=tmp_path / "play.jsonl")
    _, watch = through_interface(presenter, loaded, plan_file, tmp_path / "run.jsonl")
    assert decided(tmp_path / "run.jsonl") == decided(headless.log_path)
    assert watch.overlaps == [], watch.overlaps[:5]
    assert watch.frames > 20
