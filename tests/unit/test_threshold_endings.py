"""A hazard threshold that ends the scenario names its ending once: the ending needs no trigger."""

from __future__ import annotations

from pathlib import Path

from engine.core.program import Program, hazard_range
from engine.core.runtime import start, step
from engine.scenario.loader import load_scenario
from tests.unit.test_scenario_checks import edit, only, problems

NAMED_ONCE = edit(
    "    rates: [{when: \"not ppe\", rate: 0.1}]\n",
    "    rates: [{when: \"not ppe\", rate: 0.1}]\n"
    "    thresholds:\n"
    "      - {above: 22, fire: [hello]}\n"
    "      - {above: 25, end: overheated}\n",
).replace(
    "  - {id: done, outcome: success, trigger: {when: ppe}, message: Done}\n",
    "  - {id: done, outcome: success, trigger: {when: ppe}, message: Done}\n"
    "  - {id: overheated, outcome: failure, message: Too hot}\n",
)


def test_an_ending_reached_by_a_threshold_needs_no_trigger(tmp_path: Path) -> None:
    assert problems(tmp_path, NAMED_ONCE) == []
    program = Program.build(load_scenario(tmp_path / "drill").scenario)
    state, _ = start(program, 1)
    state, events = step(program, state, None, 60_000)
    crossed = [e.data["threshold"] for e in events if e.kind == "hazard_threshold"]
    ended = [e for e in events if e.kind == "ended"]
    assert crossed == [22, 25]
    assert [(e.t_ms, e.data["ending"], e.data["outcome"]) for e in ended] == [
        (50_000, "overheated", "failure")]
    assert state.ended == "overheated"


def test_the_hazard_level_runs_up_to_the_threshold_that_ends_it(tmp_path: Path) -> None:
    assert problems(tmp_path, NAMED_ONCE) == []
    scenario = load_scenario(tmp_path / "drill").scenario
    assert hazard_range(scenario, scenario.hazards[0]) == (22.0, 25.0)


def test_an_ending_with_no_trigger_that_nothing_reaches_is_still_reported(
    tmp_path: Path,
) -> None:
    text = NAMED_ONCE.replace("      - {above: 25, end: overheated}\n", "")
    found = only(problems(tmp_path, text), "SCN014", 50, 5)  # the ending itself
    assert "has no 'at' or 'when' and nothing ends with it" in found.message
