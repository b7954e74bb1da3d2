"""The deterministic core, exercised on the container-search scenario."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core.program import program_for
from engine.core.runtime import start, step
from engine.core.state import Choose, Event, Perform, Request


def run(program: Any, plan: list[tuple[int, Request | None]], seed: int = 1) -> list[Event]:
    state, events = start(program, seed)
    for t_ms, request in plan:
        state, more = step(program, state, request, t_ms)
        events += more
    return events


def kinds(events: list[Event], kind: str) -> list[dict[str, Any]]:
    return [{"t": e.t_ms, **e.data} for e in events if e.kind == kind]


def test_time_triggered_injects_fire_on_their_tick(container: Any) -> None:
    events = run(program_for(container), [(119_999, None), (120_000, None)])
    fired = kinds(events, "inject_fired")
    assert [(f["inject"], f["t"]) for f in fired] == [
        ("examination_request", 0),
        ("gate_traffic", 120_000),
    ]


def test_frame_rate_does_not_change_events(container: Any) -> None:
    p = program_for(container)
    request = Perform("review_documents", "customs_officer")
    coarse = run(p, [(20_000, request), (600_000, None)])
    fine = run(
        p,
        [(t, None) for t in range(0, 20_000, 16)]
        + [(20_000, request)]
        + [(t, None) for t in range(20_016, 600_000, 33)]
        + [(600_000, None)],
    )
    assert [e.to_record() for e in coarse] == [e.to_record() for e in fine]


def test_refusals_say_why(container: Any) -> None:
    p = program_for(container)
    events = run(
        p,
        [
            (1_000, Perform("deploy_robot", "police_officer")),
            (2_000, Perform("examine_cartons", "customs_officer")),
            (3_000, Choose("disposition", "destroy_now", "customs_officer")),
            (4_000, Perform("no_such_action", "customs_officer")),
            (5_000, Perform("open_container", "customs_officer")),
            (6_000, Perform("open_container", "customs_officer")),
        ],
    )
    reasons = [(r.get("do") or r.get("choose"), r["reason"]) for r in kinds(events, "refused")]
    assert reasons == [
        ("deploy_robot", "wrong_role"),
        ("examine_cartons", "not_available"),
        ("disposition", "not_open"),
        ("no_such_action", "unknown_action"),
        ("open_container", "already_done"),
    ]


def test_delayed_inject_and_contingency(container: Any) -> None:
    p = program_for(container)
    called = run(p, [(60_000, Perform("call_fire_service", "customs_officer")), (600_000, None)])
    assert ("fire_crew_arrives", 360_000) in [
        (f["inject"], f["t"]) for f in kinds(called, "inject_fired")
    ]
    assert "fire_service_prompt" not in [f["inject"] for f in kinds(called, "inject_fired")]
    forgot = run(p, [(600_000, None)])
    prompt = [f for f in kinds(forgot, "inject_fired") if f["inject"] == "fire_service_prompt"]
    assert prompt and prompt[0]["t"] == 480_000 and prompt[0]["contingency"] is True


def test_decision_time_limit_takes_the_default(container: Any) -> None:
    p = program_for(container)
    events = run(p, [(20_000, Perform("review_documents", "customs_officer")), (200_000, None)])
    assert kinds(events, "decision_opened")[0]["t"] == 20_000
    timed_out = kinds(events, "decision_timed_out")
    assert timed_out == [{"t": 140_000, "decision": "search_site", "option": "examine_here"}]


def test_rationale_required(container: Any) -> None:
    p = program_for(container)
    state, _ = start(p, 1)
    state, _ = step(p, state, None, 1_000)
    from dataclasses import replace
    from types import MappingProxyType

    opened = replace(state, open_decisions=MappingProxyType({"disposition": 1_000}))
    _, events = step(p, opened, Choose("disposition", "destroy_now", "customs_officer", " "), 2_000)
    assert kinds(events, "refused")[0]["reason"] == "rationale_required"


def test_bad_handling_escalates_the_hazard_to_a_fire(container: Any) -> None:
    p = program_for(container)
    events = run(p, [(120_000, Perform("open_container", "customs_officer")), (1_800_000, None)])
    thresholds = kinds(events, "hazard_threshold")
    assert thresholds and thresholds[0]["threshold"] == 60
    ended = kinds(events, "ended")
    assert ended[0]["ending"] == "battery_fire" and ended[0]["outcome"] == "failure"
    assert ended[0]["t"] < 400_000
    assert kinds(events, "inject_fired")[-1]["inject"] in ("smoke_seen", "exposure_warning")


def test_the_clock_never_runs_backwards(container: Any) -> None:
    state, _ = start(program_for(container), 1)
    state, _ = step(program_for(container), state, None, 5_000)
    with pytest.raises(ValueError):
        step(program_for(container), state, None, 4_000)


REQUESTS = st.one_of(
    st.builds(
        Perform,
        st.sampled_from(
            [
                "review_documents",
                "don_ppe",
                "call_fire_service",
                "open_container",
                "deploy_robot",
                "examine_cartons",
                "photograph_labels",
                "seal_container",
                "thermal_scan",
                "nonsense",
            ]
        ),
        st.sampled_from(["customs_officer", "police_officer"]),
    ),
    st.builds(
        Choose,
        st.just("search_site"),
        st.sampled_from(["examine_here", "isolation_bay"]),
        st.just("customs_officer"),
    ),
    st.none(),
)


@settings(max_examples=60, deadline=None)
@given(
    gaps=st.lists(st.tuples(st.integers(0, 90_000), REQUESTS), max_size=25),
    seed=st.integers(0, 2**63),
)
def test_same_requests_give_identical_events(container: Any, gaps: Any, seed: int) -> None:
    plan, t = [], 0
    for gap, request in gaps:
        t += gap
        plan.append((t, request))
    first = [e.to_record() for e in run(program_for(container), plan, seed)]
    second = [e.to_record() for e in run(program_for(container), plan, seed)]
    assert first == second
    times = [e["t"] for e in first]
    assert times == sorted(times)
