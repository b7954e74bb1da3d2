"""The partners the engine plays: answering what they are asked, acting when it is due, and
doing what their behaviours say on their own.

A partner asked for an action answers at once: a refusal with the scenario's reason, or its
agreement; it then takes the action itself once the delay has passed (on a tick, so the events
do not depend on how often the core is stepped). A role a person plays is asked by a message
instead, and whatever that person then does in answer is credited to the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engine.core.program import AskSpec
from engine.core.state import Ask, Pending

if TYPE_CHECKING:
    from engine.core.runtime import _Turn


def ask(turn: _Turn, request: Ask) -> None:
    spec = turn.p.asks.get((request.partner, request.action))
    if request.partner not in {r.id for r in turn.p.scenario.roles}:
        return turn.refuse(request, "unknown_role")
    if request.partner == request.role:
        return turn.refuse(request, "own_role")
    if spec is None:
        return turn.refuse(request, "not_asked_for")
    if request.via not in spec.via:
        return turn.refuse(request, "wrong_channel")
    if spec.when is not None and not spec.when(turn):
        return turn.refuse(request, "not_available")
    if any(p.partner == request.partner and p.action == request.action for p in turn.pending):
        return turn.refuse(request, "already_asked")
    heard = {"action": request.action, "partner": request.partner, "role": request.role,
             "via": request.via}
    if request.partner in turn.people:
        turn.emit("asked", **heard)
        turn.pending.append(Pending(request.partner, request.action, request.role, None))
        return None
    return _answer(turn, request, spec)


def _answer(turn: _Turn, request: Ask, spec: AskSpec) -> None:
    """The engine, playing the partner, answers at once and acts once the delay is over."""
    answer = {"action": request.action, "partner": request.partner, "to": request.role,
              "via": request.via}
    refusal = next(((key, shows) for key, when, shows in spec.refusals if when(turn)), None)
    if refusal is not None:
        data = turn.emit("answered", **answer, answer="refused", refusal=refusal[0])
        return turn.show(data, refusal[1])
    problem = turn.unavailable(turn.p.actions[request.action], request.partner)
    if problem is not None:
        turn.emit("answered", **answer, answer="refused", reason=problem)
        return None
    due = turn.t_ms + _delay(turn, spec)
    data = turn.emit("answered", **answer, answer="agreed", due=due)
    turn.show(data, spec.shows)
    turn.pending.append(Pending(request.partner, request.action, request.role, due))
    return None


def _delay(turn: _Turn, spec: AskSpec) -> int:
    low, high = spec.delay_ms
    if high <= low:
        return low
    return low + round((high - low) * turn.uniform())


def hand_to_engine(turn: _Turn, role: str) -> None:
    """Nobody plays ``role`` any more: what it was asked and had not yet done, the engine
    answers now, as it answers a new request."""
    waiting = [p for p in turn.pending if p.partner == role and p.due_ms is None]
    for pending in waiting:
        turn.pending.remove(pending)
        spec = turn.p.asks.get((pending.partner, pending.action))
        if spec is None:
            continue
        _answer(turn, Ask(pending.action, pending.partner, pending.asked_by, spec.via[0]), spec)


def act_when_due(turn: _Turn) -> None:
    """Engine-played partners take the actions they agreed to, once each is due."""
    due = sorted((p for p in turn.pending if p.due_ms is not None and p.due_ms <= turn.t_ms),
                 key=lambda p: p.due_ms or 0)
    for pending in due:
        turn.pending.remove(pending)
        if turn.ended is not None:
            return
        spec = turn.p.actions[pending.action]
        credit = {"asked_by": pending.asked_by, "for": pending.asked_by, "engine": True}
        problem = turn.unavailable(spec, pending.partner)
        if problem is not None:
            turn.emit("refused", do=pending.action, role=pending.partner,
                      asked_by=pending.asked_by, reason=problem)
        else:
            turn.carry_out(spec, pending.partner, credit)


def fulfilled(turn: _Turn, role: str, action: str) -> dict[str, Any]:
    """Credit for a person taking an action they were asked for (and the request closes)."""
    for pending in turn.pending:
        if pending.partner == role and pending.action == action and pending.due_ms is None:
            turn.pending.remove(pending)
            return {"asked_by": pending.asked_by, "for": pending.asked_by}
    return {}


def behave(turn: _Turn, on_tick: bool) -> None:
    """Engine-played roles do what their behaviours say once triggered, on a tick and as soon
    as they can (an action once it is available, an option once its decision is open). A
    delay counts from the moment the condition first held, tick or not."""
    for behaviour in turn.p.behaviours:
        if turn.ended is not None:
            return
        if behaviour.key in turn.behaved or behaviour.role in turn.people:
            continue
        if behaviour.at_ms is not None and behaviour.at_ms > turn.t_ms:
            continue
        if behaviour.after_ms is not None:
            if not turn.armed_for(behaviour.key, behaviour.when, behaviour.after_ms):
                continue
        elif behaviour.when is not None and not behaviour.when(turn):
            continue
        if not on_tick:
            continue
        if behaviour.do is not None:
            spec = turn.p.actions[behaviour.do]
            if turn.unavailable(spec, behaviour.role) is not None:
                continue
            turn.behaved.add(behaviour.key)
            credit: dict[str, Any] = {"engine": True}
            if behaviour.for_role is not None:
                credit = {"for": behaviour.for_role, **credit}
            turn.carry_out(spec, behaviour.role, credit)
        elif behaviour.choose is not None:
            decision, option, rationale = behaviour.choose
            if decision not in turn.open_decisions:
                continue
            turn.behaved.add(behaviour.key)
            turn.decide(decision, option, behaviour.role, rationale, engine=True)
