"""The partners the engine plays: asked for actions, answering, acting, and acting on their own."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core.program import Program, program_for
from engine.core.runtime import start, step
from engine.core.state import Ask, Choose, Event, Perform, Request, State, request_from_record
from engine.core.view import request_for, view

ME, POLICE = "customs_officer", "police_officer"
SOLO = {ME}  # the engine plays the police and every simulated role


def run(program: Program, plan: list[tuple[int, Request | None]], people: set[str] | None = SOLO,
        seed: int = 1) -> tuple[State, list[Event]]:
    state, events = start(program, seed, people)
    for t_ms, request in plan:
        state, more = step(program, state, request, t_ms)
        events += more
    return state, events


def of(events: list[Event], kind: str) -> list[dict[str, Any]]:
    return [{"t": e.t_ms, **e.data} for e in events if e.kind == kind]


CONFIRMED = [
    (1_000, Perform("open_container", ME)),
    (2_000, Perform("examine_cartons", ME)),
    (3_000, None),
]


def test_an_asked_partner_answers_then_acts_as_itself_after_its_delay(container: Any) -> None:
    program = program_for(container)
    _, events = run(program, [(60_000, Ask("cordon_area", POLICE, ME, "radio")), (120_000, None)])
    (answer,) = of(events, "answered")
    assert answer["answer"] == "agreed" and answer["to"] == ME and answer["via"] == "radio"
    assert 80_000 <= answer["due"] <= 100_000  # drawn between 20 and 40 s
    cordon = next(p for p in of(events, "performed") if p["action"] == "cordon_area")
    assert cordon == {"t": (answer["due"] + 999) // 1000 * 1000, "action": "cordon_area",
                      "role": POLICE, "asked_by": ME, "for": ME, "engine": True}


def test_the_delay_comes_from_the_seeded_stream(container: Any) -> None:
    program = program_for(container)
    asked = [(60_000, Ask("cordon_area", POLICE, ME, "radio"))]
    dues = {seed: of(run(program, asked, seed=seed)[1], "answered")[0]["due"]
            for seed in range(1, 9)}
    assert len(set(dues.values())) > 1
    assert dues == {seed: of(run(program, asked, seed=seed)[1], "answered")[0]["due"]
                    for seed in range(1, 9)}


def test_a_partner_refuses_with_the_reason_the_scenario_gives(container: Any) -> None:
    program = program_for(container)
    plan = [*CONFIRMED, (4_000, Perform("take_sample", ME)),
            (5_000, Ask("record_evidence", POLICE, ME, "face_to_face")), (60_000, None)]
    _, events = run(program, plan)
    (answer,) = of(events, "answered")
    assert (answer["answer"], answer["refusal"]) == ("refused", "not_confirmed")
    assert not [p for p in of(events, "performed") if p["action"] == "record_evidence"]


def test_a_partner_says_so_when_the_action_cannot_be_done_yet(container: Any) -> None:
    program = program_for(container)
    _, events = run(program, [(5_000, Ask("photograph_labels", POLICE, ME, "radio"))])
    (answer,) = of(events, "answered")
    assert (answer["answer"], answer["reason"]) == ("refused", "not_available")


@pytest.mark.parametrize(("request_", "reason"), [
    (Ask("cordon_area", ME, ME, "radio"), "own_role"),
    (Ask("don_ppe", POLICE, ME, "radio"), "not_asked_for"),
    (Ask("photograph_labels", POLICE, ME, "phone"), "wrong_channel"),
    (Ask("cordon_area", "coastguard", ME, "radio"), "unknown_role"),
    (Perform("cordon_area", POLICE), "engine_plays_role"),
    (Choose("search_site", "isolation_bay", POLICE), "engine_plays_role"),
])
def test_requests_that_cannot_be_made_are_refused_with_why(container: Any, request_: Request,
                                                           reason: str) -> None:
    _, events = run(program_for(container), [(1_000, request_)])
    assert [r["reason"] for r in of(events, "refused")] == [reason]


def test_a_partner_already_asked_is_not_asked_twice(container: Any) -> None:
    ask = Ask("cordon_area", POLICE, ME, "radio")
    program = program_for(container)
    state, events = run(program, [(1_000, ask), (2_000, ask)])
    assert [r["reason"] for r in of(events, "refused")] == ["already_asked"]
    offered = {(a.id, a.partner) for a in view(program, state, ME).at_hand}
    assert ("cordon_area", POLICE) not in offered


def test_a_person_playing_the_partner_is_asked_and_credited_with_the_answer(
    container: Any,
) -> None:
    program = program_for(container)
    plan: list[tuple[int, Request | None]] = [(1_000, Ask("cordon_area", POLICE, ME, "radio")),
                                              (9_000, Perform("cordon_area", POLICE))]
    _, events = run(program, plan, people={ME, POLICE})
    assert of(events, "asked") == [{"t": 1_000, "action": "cordon_area", "partner": POLICE,
                                    "role": ME, "via": "radio"}]
    assert of(events, "answered") == []
    (done,) = of(events, "performed")
    assert done == {"t": 9_000, "action": "cordon_area", "role": POLICE, "asked_by": ME,
                    "for": ME}


def test_behaviours_act_only_for_roles_the_engine_plays(container: Any) -> None:
    program = program_for(container)
    _, solo = run(program, [(60_000, None)])
    _, team = run(program, [(60_000, None)], people={ME, POLICE})
    assert [(p["t"], p["action"], p["role"]) for p in of(solo, "performed")] == [
        (50_000, "police_don_ppe", POLICE)]
    assert of(team, "performed") == []


def test_an_engine_played_role_decides_and_its_delays_count_from_the_condition(
    container: Any,
) -> None:
    program = program_for(container)
    _, events = run(program, [(300_000, None)], people={POLICE})
    decided = of(events, "decided")
    assert decided[0]["decision"] == "search_site" and decided[0]["engine"] is True
    moved = next(p for p in of(events, "performed") if p["action"] == "move_container")
    assert moved["t"] == decided[0]["t"] + 120_000  # asked at the decision, moved 2 min later


def test_the_view_offers_asks_by_radio_and_face_to_face(container: Any) -> None:
    program = program_for(container)
    state, _ = run(program, [(1_000, None)])
    v = view(program, state, ME)
    radio = {(a.id, a.partner, a.via) for a in v.at_hand if a.partner}
    assert ("cordon_area", POLICE, "radio") in radio
    face = {(a.id, a.via) for a in v.interactables["police_figure"]}
    assert ("cordon_area", "face_to_face") in face
    ask = next(a for a in v.at_hand if a.id == "cordon_area" and a.partner)
    assert ask.label_id == "container-search/role/police_officer/on_request/cordon_area/label"
    assert request_for(ask, ME) == Ask("cordon_area", POLICE, ME, "radio")
    mine = next(a for a in v.at_hand if a.id == "cordon_area" and not a.partner)
    assert request_for(mine, ME) == Perform("cordon_area", ME)


def test_asks_round_trip_through_the_log_line() -> None:
    ask = Ask("record_evidence", POLICE, ME, "face_to_face")
    assert request_from_record(ask.to_record()) == ask


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(
    ["cordon_area", "photograph_labels", "record_evidence", "open_container", "examine_cartons",
     "take_sample", "compare_with_genuine", "hand_over_evidence"]),
    st.sampled_from(["radio", "phone", "face_to_face"]), st.booleans()), max_size=12))
def test_any_mix_of_asks_and_actions_is_deterministic(container: Any, moves: list[Any]) -> None:
    program = program_for(container)
    plan: list[tuple[int, Request | None]] = []
    t = 0
    for gap, action, via, asking in moves:
        t += gap * 20_000 + 1_000
        plan.append((t, Ask(action, POLICE, ME, via) if asking else Perform(action, ME)))
    plan.append((t + 120_000, None))
    first = [e.to_record() for e in run(program, plan)[1]]
    assert first == [e.to_record() for e in run(program, plan)[1]]


def test_a_session_that_names_no_people_has_people_in_every_playable_role(
    container: Any,
) -> None:
    # logs written before sessions named their people replay as they were played
    state, _ = start(program_for(container), 1)
    assert state.people == {ME, POLICE}
    _, events = run(program_for(container), [(60_000, None)], people=None)
    assert of(events, "performed") == []  # no behaviour of a person's role runs
