"""A scenario can say where the trainee starts: inside its room, facing what matters."""

from __future__ import annotations

from pathlib import Path

from engine.app import start_body
from engine.core.program import Program
from engine.core.runtime import start
from engine.core.view import view
from engine.interact.body import Box, Walls
from engine.scenario.loader import load_scenario
from engine.scenario.schema import Viewpoint
from tests.unit.test_scenario_checks import BASE, edit, problems

STARTS = edit("props:\n", "place:\n  start: {position: [2, -3], look_at: [2, 5, 1.2]}\nprops:\n")


def test_the_trainee_starts_where_the_scenario_says(tmp_path: Path) -> None:
    assert problems(tmp_path, STARTS) == []
    scenario = load_scenario(tmp_path / "drill").scenario
    assert scenario.place.start == Viewpoint(position=(2.0, -3.0), look_at=(2.0, 5.0, 1.2))
    program = Program.build(scenario)
    shown = view(program, start(program, 1)[0], "officer")
    body = start_body(shown, Walls(), scenario.place.start)
    assert (body.x, body.y) == (2.0, -3.0)
    assert abs(body.heading) < 1e-6 or abs(body.heading - 360) < 1e-6  # facing +y, north


def test_a_start_inside_something_moves_to_the_nearest_free_ground(tmp_path: Path) -> None:
    assert problems(tmp_path, STARTS) == []
    scenario = load_scenario(tmp_path / "drill").scenario
    program = Program.build(scenario)
    shown = view(program, start(program, 1)[0], "officer")
    table = Walls().with_boxes([Box(1.0, -4.0, 3.0, -2.0, "table", top=0.75)])
    body = start_body(shown, table, scenario.place.start)
    assert table.free(body.x, body.y) and abs(body.x - 2.0) + abs(body.y + 3.0) < 2.0


def test_without_a_start_the_trainee_stands_back_from_the_first_prop(tmp_path: Path) -> None:
    assert problems(tmp_path, BASE) == []
    scenario = load_scenario(tmp_path / "drill").scenario
    program = Program.build(scenario)
    shown = view(program, start(program, 1)[0], "officer")
    body = start_body(shown, Walls())
    assert (body.x, body.y) == (-6.0, -12.0)
