"""What can never happen in a scenario: decisions nothing opens, injects that never fire,
endings never reached, behaviours never triggered, roles with nothing to do.

Variables that nothing changes are constants; actions no one can take and injects that cannot
fire are impossible; a condition that folds to false over them can never hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from engine.scenario.expressions import UNKNOWN, Value
from engine.scenario.partnercheck import engine_actions, idle_roles, never_triggered
from engine.scenario.schema import Effects

if TYPE_CHECKING:
    from engine.scenario.checks import Loc, _Checker


def check_reachability(c: _Checker) -> None:
    s = c.scenario
    changed = {h.variable for h in s.hazards}
    for effects in all_effects(c):
        changed |= set(effects.set) | set(effects.add)
    constants: dict[str, Value] = {
        v.id: (UNKNOWN if v.id in changed else v.initial) for v in s.variables
    }
    by_engine = engine_actions(s)
    dead_actions = {
        a.id for a in s.actions
        if not {r.id for r in s.roles if r.playable} & set(a.roles) and a.id not in by_engine
    }
    dead_injects: set[str] = set()
    while True:
        impossible = frozenset(dead_actions | dead_injects)
        newly = {
            a.id
            for i, a in enumerate(s.actions)
            if c.never(("actions", i, "when"), constants, impossible)
        } - dead_actions
        newly_injects = {i.id for n, i in _dead_inject_items(c, constants, impossible)}
        if not newly and newly_injects <= dead_injects:
            break
        dead_actions |= newly
        dead_injects |= newly_injects
    for n, inject in _dead_inject_items(c, constants, frozenset(dead_actions | dead_injects)):
        c.report(
            ("injects", n),
            "SCN010",
            f"inject '{inject.id}' can never fire",
            _why_never(c, ("injects", n)),
        )
    opened = {e.open for e in all_effects(c)} | {
        o.next for d in s.decisions for o in d.options
    }
    dead_decisions: set[str] = set()
    for n, decision in enumerate(s.decisions):
        loc: Loc = ("decisions", n, "when")
        impossible = frozenset(dead_actions | dead_injects)
        if decision.when is None and decision.id not in opened:
            dead_decisions.add(decision.id)
            c.report(
                ("decisions", n),
                "SCN009",
                f"decision '{decision.id}' is never opened",
                "give it a 'when' condition, or open it from an effect or option",
            )
        elif decision.id not in opened and c.never(loc, constants, impossible):
            dead_decisions.add(decision.id)
            c.report(
                loc,
                "SCN009",
                f"decision '{decision.id}' can never open: its condition can never hold",
            )
    dead = frozenset(dead_actions | dead_injects | dead_decisions)
    for loc, why in never_triggered(c, dead, constants):
        c.report(loc, "SCN017", f"behaviour '{_behaviour_id(c, loc)}' can never happen: "
                    f"{why}")
    for n, role in idle_roles(s):
        c.report(("roles", n, "playable"), "SCN018",
                    f"a trainee playing '{role}' would have nothing to do",
                    "give the role actions or decisions, or let it ask a partner for one")
    ended = {e.end for e in all_effects(c)} | {
        t.end for h in s.hazards for t in h.thresholds
    }
    for n, ending in enumerate(s.endings):
        if ending.id in ended:
            continue
        trigger = ending.trigger
        if trigger.at is None and trigger.when is None and ending.outcome != "timeout":
            c.report(
                ("endings", n, "trigger"),
                "SCN014",
                f"ending '{ending.id}' has no 'at' or 'when' and nothing ends with it",
            )
        elif trigger.at is not None and trigger.at > s.time_limit:
            c.report(
                ("endings", n, "trigger", "at"),
                "SCN014",
                f"ending '{ending.id}' is due after the time limit ({s.time_limit} s)",
            )
        elif c.never(
            ("endings", n, "trigger", "when"), constants, frozenset(dead_actions | dead_injects)
        ):
            c.report(
                ("endings", n, "trigger", "when"),
                "SCN014",
                f"ending '{ending.id}' can never be reached: its condition never holds",
            )

def _behaviour_id(c: _Checker, loc: Loc) -> str:
    return c.scenario.roles[int(loc[1])].behaviours[int(loc[3])].id

def all_effects(c: _Checker) -> Iterator[Effects]:
    s = c.scenario
    for action in s.actions:
        yield action.effects
        yield from (o.effects for o in action.outcomes)
    for decision in s.decisions:
        yield from (o.effects for o in decision.options)
    yield from (i.effects for i in s.injects)

def _dead_inject_items(
    c: _Checker, constants: dict[str, Value], impossible: frozenset[str]
) -> Iterator[tuple[int, Any]]:
    s = c.scenario
    fired_by_effect = {i for e in all_effects(c) for i in e.fire} | {
        i for h in s.hazards for t in h.thresholds for i in t.fire
    }
    for n, inject in enumerate(s.injects):
        if inject.id in fired_by_effect:
            continue
        if inject.trigger is None and inject.contingency is None:
            yield n, inject
        elif inject.trigger is not None:
            at = inject.trigger.at
            if (
                (at is not None and at > s.time_limit)
                or (at is None and inject.trigger.when is None)
                or c.never(("injects", n, "trigger", "when"), constants, impossible)
            ):
                yield n, inject
        elif inject.contingency is not None and inject.contingency.by > s.time_limit:
            yield n, inject

def _why_never(c: _Checker, loc: Loc) -> str:
    inject = c.scenario.injects[int(loc[1])]
    if inject.trigger is None and inject.contingency is None:
        return "give it a 'trigger' or a 'contingency', or fire it from an effect"
    if inject.trigger is not None and inject.trigger.at is None and not inject.trigger.when:
        return "its trigger needs 'at' or 'when'"
    return (
        f"it is due after the time limit ({c.scenario.time_limit} s) or its condition "
        "depends on things that never change or never happen"
    )
