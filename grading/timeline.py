"""The scenario's state at each line of a log, rebuilt from the logged events alone.

Grading must not replay the core, yet some questions need the state: was an action ever
possible, when did a contingency's "unless" first hold, where did a prop stand at 04:10.
``walk`` applies each state-changing event to one snapshot (a condition of the scenario reads it
like the core's state) and yields it after every change, so a compiled condition can be asked
at each moment the answer could change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from grading.facts import Evidence, Value

_CHANGES = frozenset({"performed", "variable_changed", "hazard_level", "hazard_threshold",
                      "inject_fired", "decided", "decision_timed_out", "started", "ended"})


@dataclass
class Snapshot:
    """What a scenario condition reads (``engine.scenario.expressions.EvalContext``)."""

    t_ms: int = 0
    vars: dict[str, Value] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    done_by: set[tuple[str, str]] = field(default_factory=set)
    fired: set[str] = field(default_factory=set)
    chosen: dict[str, str] = field(default_factory=dict)


def walk(
    initial: Mapping[str, Value], hazard_vars: Mapping[str, str],
    records: Iterable[Mapping[str, Any]],
) -> Iterator[tuple[Mapping[str, Any], Snapshot]]:
    """``(record, state after it)`` for each record that can change what a condition reads.
    The snapshot is one object, updated in place: read it, do not keep it."""
    state = Snapshot(vars=dict(initial))
    for r in records:
        k = r["k"]
        if k not in _CHANGES:
            continue
        state.t_ms = r["t"]
        if k == "performed":
            action = r["action"]
            state.counts[action] = state.counts.get(action, 0) + 1
            state.done_by.add((action, r.get("role") or ""))
        elif k == "variable_changed":
            state.vars[r["var"]] = r["value"]
        elif k in ("hazard_level", "hazard_threshold"):
            var = hazard_vars.get(r["hazard"])
            if var is not None:
                state.vars[var] = r["value"]
        elif k == "inject_fired":
            state.fired.add(r["inject"])
        elif k in ("decided", "decision_timed_out") and r.get("option") is not None:
            state.chosen[r["decision"]] = r["option"]
        yield r, state


def first_holding(
    predicate: Callable[[Any], Any], initial: Mapping[str, Value],
    hazard_vars: Mapping[str, str], records: Iterable[Mapping[str, Any]],
) -> Evidence | None:
    """The first logged event after which ``predicate`` holds (the start if it holds at once)."""
    for r, state in walk(initial, hazard_vars, records):
        try:
            holds = bool(predicate(state))
        except (KeyError, TypeError, ZeroDivisionError):
            holds = False
        if holds:
            return as_evidence(r)
    return None


def as_evidence(r: Mapping[str, Any]) -> Evidence:
    """A state-changing record as evidence, worded by what caused it."""
    k = r["k"]
    if k == "performed":
        return Evidence(r["i"], r["t"], "performed", r["action"], r.get("role"))
    if k == "inject_fired":
        return Evidence(r["i"], r["t"], "fired", r["inject"])
    if k == "variable_changed":
        cause = str(r.get("cause") or "")
        kind, _, subject = cause.partition(":")
        if kind == "action" and subject:
            return Evidence(r["i"], r["t"], "performed", subject, r.get("role"))
        if kind == "inject" and subject:
            return Evidence(r["i"], r["t"], "fired", subject)
        return Evidence(r["i"], r["t"], "value", r["var"], None, str(r["value"]))
    if k in ("decided", "decision_timed_out"):
        option = f"option {r.get('option')}"
        return Evidence(r["i"], r["t"], k, r["decision"], r.get("role"), option)
    if k == "ended":
        return Evidence(r["i"], r["t"], "ended", r["ending"], None, r.get("outcome"))
    if k == "started":
        return Evidence(r["i"], r["t"], "started", "session")
    return Evidence(r["i"], r["t"], "value", str(r.get("hazard", k)), None, str(r.get("value")))
