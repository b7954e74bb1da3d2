"""A validated scenario compiled for the core: conditions become closures, lists become indexes.

Build it only from a scenario that passed ``engine.scenario.checks``; compiling an unchecked
scenario raises on the first bad condition.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine.core.motion import crowd_spots
from engine.scenario.expressions import Compiled, EvalContext, Node, compile_condition, parse
from engine.scenario.schema import Crowd, Delay, Effects, Hazard, Prop, Scenario, names_of
from engine.scenario.strings import fields_in

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
    shown: bool = False
    shown_to: frozenset[str] = frozenset()  # empty: every role
    shown_when: Predicate | None = None


@dataclass(frozen=True)
class ActionSpec:
    id: str
    roles: frozenset[str]
    when: Predicate
    repeatable: bool
    effects: Effects
    outcomes: tuple[tuple[str, float, Effects], ...]
    shows: tuple[str, ...] = ()  # the variables its messages name


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
    shows: tuple[str, ...] = ()


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
    shows: tuple[str, ...] = ()


@dataclass(frozen=True)
class AskSpec:
    """What a partner does when asked for an action (see ``Role.on_request``)."""

    partner: str
    action: str
    via: tuple[str, ...]
    when: Predicate | None
    delay_ms: tuple[int, int]  # drawn evenly between the two
    refusals: tuple[tuple[str, Predicate, tuple[str, ...]], ...]  # (id, when, names shown)
    shows: tuple[str, ...] = ()  # the variables its answer names


@dataclass(frozen=True)
class BehaviourSpec:
    """Something a role does on its own while the engine plays it."""

    key: str  # "role/id", unique across the scenario
    role: str
    at_ms: int | None
    when: Predicate | None
    after_ms: int | None
    do: str | None
    choose: tuple[str, str, str | None] | None  # (decision, option, rationale)
    for_role: str | None


Vec3 = tuple[float, float, float]


@dataclass(frozen=True)
class PropSpec:
    """Where a prop shows: its ``shown_when`` and its placements, compiled (first match wins),
    and how it moves between them."""

    id: str
    shown_when: Predicate | None
    placements: tuple[tuple[Predicate, Vec3, Vec3, float | None], ...]  # when, where, turn, travel
    position: Vec3 = (0.0, 0.0, 0.0)
    rotation: Vec3 = (0.0, 0.0, 0.0)
    speed: float = 3.0  # metres per second
    enter_from: Vec3 | None = None
    figure: bool = False  # a person: faces the way they walk


@dataclass(frozen=True)
class CrowdSpec:
    id: str
    count: int
    sizes: tuple[tuple[Predicate, int], ...]
    change_ms: int
    spots: tuple[tuple[float, float], ...]  # where each member stands
    exit: tuple[float, float]
    heading: float


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def _vec3(value: tuple[float, float, float]) -> Vec3:
    return (float(value[0]), float(value[1]), float(value[2]))


def _prop(prop: Prop, cond: Callable[[str | None], Compiled | None]) -> PropSpec:
    return PropSpec(
        prop.id,
        cond(prop.shown_when),
        tuple((cond(pl.when) or _always, _vec3(pl.position), _vec3(pl.rotation), pl.travel)
              for pl in prop.placements),
        _vec3(prop.position),
        _vec3(prop.rotation),
        prop.speed or (1.4 if prop.role else 3.0),
        None if prop.enter_from is None else _vec3(prop.enter_from),
        prop.role is not None,
    )


def _crowd(s: Scenario, crowd: Crowd, cond: Callable[[str | None], Compiled | None],
           ) -> CrowdSpec:
    area = crowd.area or next(z.area for z in s.place.zones if z.id == crowd.zone)
    (cx, cy), (w, h) = area.center, area.size
    most = max([crowd.count, *(size.count for size in crowd.sizes)])
    if crowd.exit is not None:
        exit_at = crowd.exit
    else:  # straight out of the area, away from the middle of the place
        away = math.hypot(cx, cy)
        ux, uy = (cx / away, cy / away) if away > 1e-6 else (0.0, -1.0)
        reach = max(w, h) / 2 + 15.0
        exit_at = (cx + ux * reach, cy + uy * reach)
    return CrowdSpec(
        crowd.id, crowd.count,
        tuple((cond(size.when) or _always, size.count) for size in crowd.sizes),
        round(crowd.change * 1000),
        crowd_spots(crowd.id, most, (cx, cy), (w, h), crowd.layout),
        exit_at, crowd.heading,
    )


def _delay_ms(delay: float | Delay) -> tuple[int, int]:
    if isinstance(delay, Delay):
        return round(delay.min * 1000), round(delay.max * 1000)
    return round(delay * 1000), round(delay * 1000)


def shown_in(*texts: str | None) -> tuple[str, ...]:
    """The variables some messages name, once each, in order."""
    return tuple(sorted({name for text in texts if text for name, _ in fields_in(text)}))


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
    # what views derive from the scenario alone, worked out once per role and kept here
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    asks: Mapping[tuple[str, str], AskSpec] = field(default_factory=dict)  # (partner, action)
    behaviours: tuple[BehaviourSpec, ...] = ()
    playable: frozenset[str] = frozenset()
    verbs: Mapping[str, str] = field(default_factory=dict)
    movers: tuple[PropSpec, ...] = ()  # props that can change place
    crowds: tuple[CrowdSpec, ...] = ()

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
                shown_in(a.message, *(o.message for o in a.outcomes)),
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
                    **({"also_to": list(i.also_to)} if i.also_to else {}),
                    "contingency": i.contingency is not None,
                    **({"documents": list(i.documents)} if i.documents else {}),
                },
                i.effects,
                shown_in(i.content),
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
            EndingSpec(
                e.id, e.outcome, _ms(e.trigger.at), cond(e.trigger.when), shown_in(e.message)
            )
            for e in scenario.endings
        )
        props = {p.id: _prop(p, cond) for p in scenario.props}
        return cls(
            scenario=scenario,
            tick_ms=max(1, round(scenario.tick * 1000)),
            time_limit_ms=round(scenario.time_limit * 1000),
            variables={
                v.id: VarSpec(v.type, v.min, v.max, v.shown, frozenset(v.shown_to),
                              cond(v.shown_when))
                for v in scenario.variables
            },
            actions=actions,
            decisions=decisions,
            injects=injects,
            inject_index={i.id: i for i in injects},
            hazards=hazards,
            endings=endings,
            ending_outcomes={e.id: e.outcome for e in scenario.endings},
            props=props,
            hazard_ranges={h.id: hazard_range(scenario, h) for h in scenario.hazards},
            asks={
                (r.id, a.action): AskSpec(
                    r.id, a.action, tuple(a.via), cond(a.when), _delay_ms(a.delay),
                    tuple((x.id, cond(x.when) or _always, shown_in(x.reason))
                          for x in a.refusals),
                    shown_in(a.answer),
                )
                for r in scenario.roles for a in r.on_request
            },
            behaviours=tuple(
                BehaviourSpec(
                    f"{r.id}/{b.id}", r.id, _ms(b.trigger.at), cond(b.trigger.when),
                    _ms(b.trigger.after), b.do,
                    (b.choose, b.option or "", b.rationale) if b.choose else None, b.for_,
                )
                for r in scenario.roles for b in r.behaviours
            ),
            playable=frozenset(r.id for r in scenario.roles if r.playable),
            verbs={a.id: a.verb for a in scenario.actions},
            movers=tuple(props[p.id] for p in scenario.props
                         if p.placements or p.enter_from is not None),
            crowds=tuple(_crowd(scenario, c, cond) for c in scenario.crowds),
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
