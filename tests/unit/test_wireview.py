"""A role's View survives the trip to another machine and back unchanged: every field, in
every state the shipped walkthroughs pass through, for every role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.core.plan import planned_requests
from engine.core.program import program_for
from engine.core.runtime import start, step
from engine.core.view import view
from engine.net.wireview import to_wire, view_from_wire
from engine.scenario.loader import load_scenario, load_walkthrough

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.parent for p in (ROOT / "scenarios").glob("*/scenario.yaml"))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_every_view_of_the_reference_walkthrough_comes_back_the_same(scenario: Path) -> None:
    loaded = load_scenario(scenario)
    plan = load_walkthrough(scenario / "walkthroughs" / "reference.yaml", loaded)
    program = program_for(loaded)
    state, _ = start(program, plan.seed if plan.seed is not None else 1)
    roles = [r.id for r in loaded.scenario.roles]
    seen = 0
    for t, request in planned_requests(plan):
        state, _ = step(program, state, request, max(t, state.t_ms))
        for role in roles:
            shown = view(program, state, role)
            wired = json.loads(json.dumps(to_wire(shown)))  # what really crosses the network
            assert view_from_wire(wired) == shown
            seen += 1
    assert seen > len(roles)
