"""Checks on what partners do: what they can be asked for and what they do on their own.

A role's ``on_request`` and ``behaviours`` name actions and decisions; each must be one the role
can take, and each behaviour must be able to trigger. A playable role needs something to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from engine.scenario.expressions import Value
from engine.scenario.schema import Behaviour, Delay, Scenario

if TYPE_CHECKING:
    from engine.scenario.checks import Loc, _Checker


def engine_actions(s: Scenario) -> set[str]:
    """Actions some role takes when the engine plays it: asked for, or on its own."""
    asked = {a.action for r in s.roles for a in r.on_request}
    return asked | {b.do for r in s.roles for b in r.behaviours if b.do is not None}


def check_partners(c: _Checker) -> None:
    s = c.scenario
    decisions = {d.id: d for d in s.decisions}
    for n, role in enumerate(s.roles):
        loc: Loc = ("roles", n)
        c.unique("request", "on_request", (a.action for a in role.on_request), loc)
        c.unique("behaviour", "behaviours", (b.id for b in role.behaviours), loc)
        for m, asked in enumerate(role.on_request):
            at: Loc = (*loc, "on_request", m)
            _own_action(c, (*at, "action"), role.id, asked.action, "is asked for")
            c.condition((*at, "when"), asked.when)
            if isinstance(asked.delay, Delay) and asked.delay.min > asked.delay.max:
                c.report((*at, "delay"), "SCN003", "a delay's 'min' is more than its 'max'")
            c.unique("refusal", "refusals", (x.id for x in asked.refusals), at)
            for k, refusal in enumerate(asked.refusals):
                c.condition((*at, "refusals", k, "when"), refusal.when)
        for m, behaviour in enumerate(role.behaviours):
            at = (*loc, "behaviours", m)
            c.condition((*at, "trigger", "when"), behaviour.trigger.when)
            c.ref((*at, "for"), "role", behaviour.for_, c.roles)
            if behaviour.do is not None:
                _own_action(c, (*at, "do"), role.id, behaviour.do, "would do")
            elif behaviour.choose is not None:
                decision = decisions.get(behaviour.choose)
                if decision is None:
                    c.ref((*at, "choose"), "decision", behaviour.choose, decisions)
                elif role.id not in decision.roles:
                    c.report((*at, "choose"), "SCN016",
                             f"'{role.id}' would answer '{behaviour.choose}', which is not its "
                             "decision")
                else:
                    c.ref((*at, "option"), "option", behaviour.option,
                          {o.id for o in decision.options})


def _own_action(c: _Checker, loc: Loc, role: str, action_id: str, how: str) -> None:
    """An action a partner takes must be one its role can take."""
    action = next((a for a in c.scenario.actions if a.id == action_id), None)
    if action is None:
        c.ref(loc, "action", action_id, {a.id for a in c.scenario.actions})
    elif role not in action.roles:
        c.report(loc, "SCN016", f"'{role}' {how} '{action_id}', which it cannot take",
                 f"roles that can: {', '.join(action.roles)}; add '{role}' to them")


def never_triggered(c: _Checker, dead: frozenset[str], constants: dict[str, Value],
                    ) -> Iterator[tuple[Loc, str]]:
    """Behaviours that can never happen, with why: no trigger, due after the time limit, a
    condition that never holds, or an action that can never be taken."""
    s = c.scenario
    for n, role in enumerate(s.roles):
        for m, behaviour in enumerate(role.behaviours):
            loc: Loc = ("roles", n, "behaviours", m)
            trigger = behaviour.trigger
            if trigger.at is None and trigger.when is None:
                yield (*loc, "trigger"), "its trigger needs 'at' or 'when'"
            elif trigger.at is not None and trigger.at > s.time_limit:
                yield (*loc, "trigger", "at"), f"it is due after the time limit ({s.time_limit} s)"
            elif c.never((*loc, "trigger", "when"), constants, dead):
                yield (*loc, "trigger", "when"), "its condition can never hold"
            elif _acts_on_the_impossible(behaviour, dead):
                what = behaviour.do or behaviour.choose
                yield (*loc, "do" if behaviour.do else "choose"), f"'{what}' can never happen"


def _acts_on_the_impossible(behaviour: Behaviour, dead: frozenset[str]) -> bool:
    return (behaviour.do or behaviour.choose or "") in dead


def idle_roles(s: Scenario) -> Iterator[tuple[int, str]]:
    """Playable roles a trainee could play and find nothing to do: no action of theirs, no
    decision for them, and no partner they can ask for anything."""
    for n, role in enumerate(s.roles):
        if not role.playable:
            continue
        acts = any(role.id in a.roles for a in s.actions)
        decides = any(role.id in d.roles for d in s.decisions)
        asks = any(r.id != role.id and r.on_request for r in s.roles)
        if not (acts or decides or asks):
            yield n, role.id
