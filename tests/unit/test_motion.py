"""Things move over visible time: a pure function of the state and the scenario time."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.core.program import Program, program_for
from engine.core.runtime import start, step
from engine.core.state import Choose, Perform, Request, State
from engine.core.view import View, view
from tests.unit.test_scenario_checks import edit, only, problems

ME, POLICE = "customs_officer", "police_officer"
BAY = [(1_000, Perform("review_documents", ME)),
       (2_000, Choose("search_site", "isolation_bay", ME))]


def at(program: Program, plan: list[tuple[int, Request | None]], t_ms: int,
       people: set[str] | None = None) -> View:
    state: State
    state, _ = start(program, 1, people)
    for when, request in plan:
        state, _ = step(program, state, request, when)
    state, _ = step(program, state, None, t_ms)
    return view(program, state, ME)


def where(v: View, prop: str) -> tuple[float, float, float]:
    shown = v.prop(prop)
    assert shown is not None, prop
    return shown.position


def test_the_container_travels_from_the_lane_to_the_bay_over_a_minute(container: Any) -> None:
    program = program_for(container)
    # the harbour master sets off two minutes after being asked; the radio says so a minute later
    assert where(at(program, BAY, 121_000), "container") == (0.0, -6.0, 0.0)
    halfway = at(program, BAY, 152_000)
    x, y, _ = where(halfway, "container")
    assert 15 < x < 23 and 6 < y < 14
    move = next(p.move for p in halfway.props if p.id == "container")
    assert move is not None and (move.start_ms, move.end_ms) == (122_000, 182_000)
    assert where(halfway, "stowed_cargo") == where(halfway, "container")  # the load goes with it
    assert where(at(program, BAY, 182_000), "container") == (38.0, 26.0, 0.0)
    assert next(p.move for p in at(program, BAY, 190_000).props if p.id == "container") is None


def test_where_things_are_does_not_depend_on_how_often_the_core_is_stepped(container: Any) -> None:
    program = program_for(container)
    fine: list[tuple[int, Request | None]] = [*BAY, *((t, None) for t in range(3_000, 150_000,
                                                                                  777))]
    assert at(program, fine, 150_000).props == at(program, BAY, 150_000).props


def test_a_figure_walks_facing_the_way_it_goes(container: Any) -> None:
    program = program_for(container)
    asked = [(60_000, Perform("cordon_area", POLICE))]
    v = at(program, asked, 62_000, people={ME, POLICE})
    police = v.prop("police_figure")
    assert police is not None and police.move is not None
    (x0, y0, _), (x1, y1, _) = police.move.start, police.move.end
    heading, span = math.radians(police.rotation[0]), math.hypot(x1 - x0, y1 - y0)
    facing = (-math.sin(heading), math.cos(heading))  # a figure at heading 0 faces +y
    assert math.isclose(facing[0], (x1 - x0) / span, abs_tol=1e-6)
    assert math.isclose(facing[1], (y1 - y0) / span, abs_tol=1e-6)
    settled = at(program, asked, 90_000, people={ME, POLICE}).prop("police_figure")
    assert settled is not None and settled.position == (-8.0, -16.0, 0.0)
    assert settled.rotation == (180.0, 0.0, 0.0) and settled.move is None


def test_the_barriers_rise_and_the_fire_engine_drives_in(container: Any) -> None:
    program = program_for(container)
    cordon = [(60_000, Perform("cordon_area", POLICE))]
    rising = where(at(program, cordon, 65_000, people={ME, POLICE}), "barrier_west")
    assert rising[:2] == (-12.0, -15.0) and -1.0 < rising[2] < -0.5
    called = [(1_000, Perform("call_fire_service", ME))]
    arriving = where(at(program, called, 305_000), "fire_engine")
    assert math.dist(arriving, (2.0, -40.0, 0.0)) > 3 and math.dist(arriving, (16, 12, 0)) > 3
    assert where(at(program, called, 330_000), "fire_engine") == (16.0, 12.0, 0.0)


def test_the_gate_queue_grows_then_thins_when_the_cordon_goes_up(container: Any) -> None:
    program = program_for(container)

    def queue(v: View) -> tuple[int, int]:
        (crowd,) = v.crowds
        return len(crowd.members), sum(1 for _, _, walking in crowd.members if walking)

    assert queue(at(program, [], 60_000)) == (8, 0)
    assert queue(at(program, [], 140_000))[1] > 0  # drivers walking up to join it
    assert queue(at(program, [], 200_000)) == (40, 0)
    cordon = [(200_000, Perform("cordon_area", POLICE))]
    thinning = at(program, cordon, 260_000, people={ME, POLICE})
    count, walking = queue(thinning)
    assert 10 < count < 40 and walking > 0
    assert queue(at(program, cordon, 400_000, people={ME, POLICE})) == (10, 0)
    # the same drivers stand in the same places every time
    first = at(program, [], 60_000).crowds[0].members
    assert first == at(program, [], 60_000).crowds[0].members
    assert len({(round(x, 1), round(y, 1)) for (x, y, _), _, _ in first}) == 8


CROWDED = edit("variables:\n", "crowds:\n  - {id: onlookers, name: Onlookers, area: "
               "{center: [0, -20], size: [10, 4]}, asset: models/box.glb, count: 5, "
               "sizes: [{when: ppe, count: 1}]}\n"
               "variables:\n")


def test_crowd_and_entry_checks(tmp_path: Path) -> None:
    assert problems(tmp_path, CROWDED) == []
    both = CROWDED.replace("area: {", "zone: yard, area: {")
    found = [(d.code, d.line, d.col) for d in problems(tmp_path, both)]
    assert found == [("SCN003", 15, 5), ("SCN005", 15, 44)]
    bad = CROWDED.replace("models/box.glb, count", "models/crowd.glb, count").replace(
        "{when: ppe,", "{when: pe,")
    assert [d.code for d in problems(tmp_path, bad)] == ["SCN011", "SCN008"]
    d = only(problems(tmp_path, edit("asset: models/box.glb}", "asset: models/box.glb, "
                                     "enter_from: [0, -30, 0]}")), "SCN022", 13, 65)
    assert "never enters" in d.message


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["travel: 5", "speed: 0", "enter_from: [1, 2]",
                                           "layout: line", "zone: yard", "count: -3", "{", ",",
                                           "exit: [0]", "change: '1:99'", "ppe", "sizes: 3"]),
                          st.integers(0, 400)), min_size=1, max_size=3))
def test_mutated_props_and_crowds_get_located_answers_never_a_crash(
    tmp_path: Path, edits: list[tuple[str, int]]
) -> None:
    text = CROWDED.replace("asset: models/box.glb}", "asset: models/box.glb, shown_when: ppe, "
                           "enter_from: [0, 5, 0], placements: [{when: ppe, position: [1, 1, 0], "
                           "travel: 4}]}")
    start, end = text.index("props:"), text.index("variables:")
    for word, at in edits:
        cut = start + at % (end - start)
        text = text[:cut] + word + text[cut:]
        end += len(word)
    for d in problems(tmp_path, text):
        assert d.line >= 1 and d.col >= 1 and d.code[:3] in ("SCN", "YML"), d.format()
