"""A validated scenario compiled for the core: conditions become closures, lists become indexes.

Build it only from a scenario that passed ``engine.scenario.checks``; compiling an unchecked
scenario raises on the first bad condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.scenario.expressions import Compiled, EvalContext, Node, compile_condition, parse
from engine.scenario.schema import Effects, Hazard, Scenario, names_of

if TYPE_CHECKING:
    from engine.scenario.loader import LoadedScenario

Predicate = Callable[[EvalContext], bool]


def _always(_state: EvalContext) -> bool:
    return True


@dataclass(frozen=True)
class VarSpec:
    type: str
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True)
class ActionSpec:
    id: str
    roles: frozenset[str]
    when: Predicate
    repeatable: bool
    effects: Effects
    outcomes: tuple[tuple[str, float, Effects], ...]


@dataclass(frozen=True)
class DecisionSpec:
    id: str
    roles: frozenset[str]
    when: Predicate | None
    time_limit_ms: int | None
    on_timeout: str | None
    rationale: str
    options: Mapping[str, tuple[Effects, str | None]]


@dataclass(frozen=True)
class InjectSpec:
    id: str
    at_ms: int | None
    when: Predicate | None
    after_ms: int | None
    contingency_by_ms: int | None
    unless: Predicate | None
    data: Mapping[str, object]
    effects: Effects


@dataclass(frozen=True)
class ThresholdSpec:
    key: str
    above: float | None
    below: float | None
    fire: tuple[str, ...]
    end: str | None


@dataclass(frozen=True)
class HazardSpec:
    id: str
    variable: str
    rates: tuple[tuple[Predicate, float], ...]
    thresholds: tuple[ThresholdSpec, ...]


@dataclass(frozen=True)
class EndingSpec:
    id: str
    outcome: str
    at_ms: int | None
    when: Predicate | None


@dataclass(frozen=True)
class PropSpec:
    """Where a prop shows: its ``shown_when`` and its placements, compiled (first match wins)."""

    id: str
    shown_when: Predicate | None
    placements: tuple[tuple[Predicate, tuple[float, float, float], tuple[float, float, float]], ...]


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


@dataclass(frozen=True)
class Program:
    scenario: Scenario
    tick_ms: int
    time_limit_ms: int
    variables: Mapping[str, VarSpec]
    actions: Mapping[str, ActionSpec]
    decisions: Mapping[str, DecisionSpec]
    injects: tuple[InjectSpec, ...]
    inject_index: Mapping[str, InjectSpec]
    hazards: tuple[HazardSpec, ...]
    endings: tuple[EndingSpec, ...]
    ending_outcomes: Mapping[str, str]
    props: Mapping[str, PropSpec] = field(default_factory=dict)
    hazard_ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, scenario: Scenario) -> Program:
        names = names_of(scenario)
        compiled: dict[str, Compiled] = {}

        def cond(text: str | None) -> Compiled | None:
            if text is None:
                return None
            if text not in compiled:
                compiled[text] = compile_condition(text, names)[1]
            return compiled[text]

        actions = {
            a.id: ActionSpec(
                a.id,
                frozenset(a.roles),
                cond(a.when) or _always,
                a.repeatable,
                a.effects,
                tuple((o.id, o.weight, o.effects) for o in a.outcomes),
            )
            for a in scenario.actions
        }
        decisions = {
            d.id: DecisionSpec(
                d.id,
                frozenset(d.roles),
                cond(d.when),
                _ms(d.time_limit),
                d.on_timeout,
                d.rationale,
                {o.id: (o.effects, o.next) for o in d.options},
            )
            for d in scenario.decisions
        }
        injects = tuple(
            InjectSpec(
                i.id,
                _ms(i.trigger.at) if i.trigger else None,
                cond(i.trigger.when) if i.trigger else None,
                _ms(i.trigger.after) if i.trigger else None,
                _ms(i.contingency.by) if i.contingency else None,
                cond(i.contingency.unless) if i.contingency else None,
                {
                    "inject": i.id,
                    "number": i.number,
                    "delivery": i.delivery,
                    "from": i.originator,
                    "to": i.recipient,
                    "contingency": i.contingency is not None,
                    **({"documents": list(i.documents)} if i.documents else {}),
                },
                i.effects,
            )
            for i in scenario.injects
        )
        hazards = tuple(
            HazardSpec(
                h.id,
                h.variable,
                tuple((cond(r.when) or _always, r.rate) for r in h.rates),
                tuple(
                    ThresholdSpec(f"{h.id}#{n}", t.above, t.below, tuple(t.fire), t.end)
                    for n, t in enumerate(h.thresholds)
                ),
            )
            for h in scenario.hazards
        )
        endings = tuple(
            EndingSpec(e.id, e.outcome, _ms(e.trigger.at), cond(e.trigger.when))
            for e in scenario.endings
        )
        return cls(
            scenario=scenario,
            tick_ms=max(1, round(scenario.tick * 1000)),
            time_limit_ms=round(scenario.time_limit * 1000),
            variables={v.id: VarSpec(v.type, v.min, v.max) for v in scenario.variables},
            actions=actions,
            decisions=decisions,
            injects=injects,
            inject_index={i.id: i for i in injects},
            hazards=hazards,
            endings=endings,
            ending_outcomes={e.id: e.outcome for e in scenario.endings},
            props={
                p.id: PropSpec(
                    p.id,
                    cond(p.shown_when),
                    tuple(
                        (cond(pl.when) or _always, pl.position, pl.rotation) for pl in p.placements
                    ),
                )
                for p in scenario.props
            },
            hazard_ranges={h.id: hazard_range(scenario, h) for h in scenario.hazards},
        )


def program_for(loaded: LoadedScenario) -> Program:
    """The compiled program of a checked scenario, built once and kept with it."""
    built = loaded.compiled
    if not isinstance(built, Program):
        built = Program.build(loaded.scenario)
        loaded.compiled = built
    return built


def _compared_bounds(node: Node, variable: str) -> Iterator[float]:
    """Numbers that a condition compares ``variable`` with, from below (``var >= n``)."""
    if node.kind == "bin" and node.value in (">=", ">", "<=", "<") and len(node.args) == 2:
        left, right = node.args
        if node.value in ("<=", "<"):
            left, right = right, left
        if left.kind == "name" and left.value == variable and right.kind == "lit" and (
            isinstance(right.value, int | float) and not isinstance(right.value, bool)
        ):
            yield float(right.value)
    for arg in node.args:
        yield from _compared_bounds(arg, variable)


def hazard_range(scenario: Scenario, hazard: Hazard) -> tuple[float, float]:
    """(low, high) for a hazard's visible level: its lowest warning threshold, and the bound on
    its variable at which a failure ending comes, by a threshold of its own or by the ending's
    condition (else its largest threshold x 2.5, or its max)."""
    var = next(v for v in scenario.variables if v.id == hazard.variable)
    failures = {e.id for e in scenario.endings if e.outcome == "failure"}
    warnings = [t.above for t in hazard.thresholds if t.above is not None and t.end is None]
    initial = float(var.initial) if isinstance(var.initial, int | float) else 0.0
    low = min(warnings) if warnings else initial
    bounds = [
        b
        for e in scenario.endings
        if e.id in failures and e.trigger.when
        for b in _compared_bounds(parse(e.trigger.when), hazard.variable)
        if b > low
    ] + [t.above for t in hazard.thresholds
         if t.above is not None and t.end in failures and t.above > low]
    if bounds:
        high = min(bounds)
    elif warnings and max(warnings) * 2.5 > low:
        high = max(warnings) * 2.5
    else:
        high = var.max if var.max is not None and var.max > low else low + 1.0
    return low, high
