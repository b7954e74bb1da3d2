"""Who plays a role can change during a session: a person joins, or hands it to the engine."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core.program import program_for
from engine.core.runtime import start, step
from engine.core.state import Ask, Perform, Seat, request_from_record

ME, POLICE = "customs_officer", "police_officer"


def at(program: Any, state: Any, request: Any, t_ms: int) -> tuple[Any, list[Any]]:
    """The state and the events ``request`` itself causes at ``t_ms`` (ticks before it aside)."""
    state, _ = step(program, state, None, t_ms)
    return step(program, state, request, t_ms)


def test_a_role_handed_to_the_engine_is_played_by_it_from_then_on(container: Any) -> None:
    program = program_for(container)
    state, _ = start(program, 1, {ME, POLICE})
    state, events = at(program, state, Seat(POLICE, "engine"), 10_000)
    assert [(e.kind, dict(e.data)) for e in events] == [
        ("seated", {"role": POLICE, "by": "engine"})]
    assert state.people == {ME}
    state, events = at(program, state, Perform("police_don_ppe", POLICE), 11_000)
    assert events[0].kind == "refused" and events[0].data["reason"] == "engine_plays_role"
    state, events = at(program, state, Seat(POLICE, "person"), 12_000)
    assert state.people == {ME, POLICE}
    state, events = at(program, state, Perform("police_don_ppe", POLICE), 13_000)
    assert events[0].kind == "performed"


def test_what_a_person_was_asked_and_left_undone_the_engine_answers(container: Any) -> None:
    program = program_for(container)
    state, _ = start(program, 1, {ME, POLICE})
    state, events = at(program, state, Ask("cordon_area", POLICE, ME, "radio"), 60_000)
    assert [e.kind for e in events] == ["asked"]
    state, events = at(program, state, Seat(POLICE, "engine"), 70_000)
    answered = [e for e in events if e.kind == "answered"]
    assert answered and answered[0].data["answer"] == "agreed" and answered[0].data["to"] == ME
    state, events = step(program, state, None, 200_000)
    done = [e for e in events if e.kind == "performed" and e.data["action"] == "cordon_area"]
    assert done and done[0].data["engine"] is True and done[0].data["asked_by"] == ME


def test_seats_are_refused_for_roles_nobody_can_play_or_that_do_not_change(
        container: Any) -> None:
    program = program_for(container)
    state, _ = start(program, 1, {ME})
    for seat, reason in [(Seat("fire_officer", "person"), "not_playable"),
                         (Seat(ME, "person"), "already_seated"),
                         (Seat(POLICE, "engine"), "already_seated"),
                         (Seat(POLICE, "robot"), "unknown_seat")]:
        state, events = at(program, state, seat, 1_000)
        assert [(e.kind, e.data["reason"]) for e in events] == [("refused", reason)]


@given(st.sampled_from([ME, POLICE, "fire_officer", "nobody"]),
       st.sampled_from(["person", "engine", "x"]))
@settings(max_examples=30, deadline=None)
def test_a_seat_reads_back_from_its_log_record(container: Any, role: str, by: str) -> None:
    seat = Seat(role, by)
    assert request_from_record(seat.to_record()) == seat


def test_the_instructor_fires_an_inject_now_once(container: Any) -> None:
    from engine.core.state import Fire

    program = program_for(container)
    state, _ = start(program, 1, {ME, POLICE})
    state, events = at(program, state, Fire("smoke_seen"), 5_000)
    assert events[0].kind == "inject_fired" and events[0].data["inject"] == "smoke_seen"
    state, events = at(program, state, Fire("smoke_seen"), 6_000)
    assert [(e.kind, e.data["reason"]) for e in events] == [("refused", "already_fired")]
    state, events = at(program, state, Fire("nothing"), 7_000)
    assert [(e.kind, e.data["reason"]) for e in events] == [("refused", "unknown_inject")]
    assert request_from_record(Fire("smoke_seen").to_record()) == Fire("smoke_seen")
