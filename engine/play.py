"""Headless play of a walkthrough, and the check of what its author expected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.core.plan import ms, planned_requests
from engine.core.program import program_for
from engine.core.state import Event, Request
from engine.scenario.loader import LoadedScenario
from engine.scenario.schema import clock
from engine.scenario.walkthrough import Walkthrough
from engine.session import Session


@dataclass(frozen=True)
class PlayResult:
    log_path: Path
    events: list[Event]
    ending: str | None
    outcome: str | None
    t_ms: int
    unplayed: tuple[str, ...] = ()  # steps after the ending or the walkthrough's 'until'
    left_to_engine: int = 0  # steps of roles the engine played instead
    people: tuple[str, ...] = ()  # the roles people played


def players_of(plan: Walkthrough | None, role: str, chosen: str | None = None) -> set[str]:
    """The roles people play: the one ``chosen`` (``--role``) alone; else the walkthrough's
    ``players``, or its role and every role its steps use. The engine plays the others."""
    if chosen is not None:
        return {chosen}
    if plan is None:
        return {role}
    if plan.players:
        return set(plan.players)
    return {plan.role, *(s.role for s in plan.steps if s.role is not None)}


def play(
    loaded: LoadedScenario,
    plan: Walkthrough,
    *,
    role: str | None = None,
    log_path: Path | None = None,
    acknowledge: bool = False,
) -> PlayResult:
    """Run ``plan`` through a logged session until an ending, the plan's ``until`` or the
    time limit. With ``role`` one trainee plays that role alone: the engine plays every other
    role, and the plan's steps for them are left to it. With ``acknowledge`` each durably
    logged request is announced on stdout."""
    people = players_of(plan, plan.role, role)
    session = Session.begin(
        loaded,
        role=role or plan.role,
        seed=plan.seed,
        trainee=plan.trainee,
        log_path=log_path,
        extra={"plan": plan.id},
        people=people,
    )
    stop = ms(plan.until) if plan.until is not None else program_for(loaded).time_limit_ms
    unplayed, left = [], 0
    for t_ms, request in planned_requests(plan):
        if request.role not in people:
            left += 1
            continue
        if not session.ended:
            session.advance(min(t_ms, stop))
        if session.ended or t_ms >= stop:
            unplayed.append(f"{_name(request)} at {clock(t_ms)}")
            continue
        session.submit(request, t_ms)
        if acknowledge:
            print(f"ack {session.log.last_index} {request.to_record()}", flush=True)
    if not session.ended:
        session.advance(max(stop, session.t_ms))
    session.close("ended" if session.ended else "plan_finished")
    state = session.state
    ended_at = next((e.t_ms for e in session.events if e.kind == "ended"), state.t_ms)
    return PlayResult(session.log.path, session.events, state.ended, state.outcome, ended_at,
                      tuple(unplayed), left, tuple(sorted(people)))


def _name(request: Request) -> str:
    record = request.to_record()
    return str(record.get("do") or record.get("choose"))


def unmet_expectations(plan: Walkthrough, result: PlayResult) -> list[str]:
    """What the walkthrough expected but did not happen, one sentence each."""
    expect = plan.expect
    problems: list[str] = []
    outcome = result.outcome or "none"
    if expect.outcome is not None and expect.outcome != outcome:
        problems.append(f"expected outcome {expect.outcome}, got {outcome}")
    if expect.ending is not None and expect.ending != result.ending:
        problems.append(f"expected ending '{expect.ending}', got '{result.ending}'")
    fired = {e.data["inject"] for e in result.events if e.kind == "inject_fired"}
    problems += [
        f"expected inject '{i}' to fire; it did not" for i in expect.fired if i not in fired
    ]
    problems += [f"inject '{i}' fired; expected it not to" for i in expect.not_fired if i in fired]
    refused = [e for e in result.events if e.kind == "refused"]
    refused_names = {e.data.get("do") or e.data.get("choose") for e in refused}
    problems += [
        f"expected '{name}' to be refused; it was not"
        for name in expect.refused
        if name not in refused_names
    ]
    if expect.refusals is not None and expect.refusals != len(refused):
        detail = ", ".join(
            f"{e.data.get('do') or e.data.get('choose')} ({e.data['reason']})" for e in refused
        )
        problems.append(
            f"expected {expect.refusals} refused requests, got {len(refused)}"
            + (f": {detail}" if detail else "")
        )
    return problems
