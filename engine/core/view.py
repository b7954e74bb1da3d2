"""What a trainee in a role can see and do right now: ``view(program, state, role) -> View``.

Presenters (desktop, headset, offscreen, text) draw a ``View`` and nothing else. Every text is
given by its stable string id (``engine.scenario.strings``), never by its words, so a presenter
looks it up in the table of the language it shows. Pure: no clock, no I/O, no graphics.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from engine.core.program import Program
from engine.core.state import Event, Perform, Request, State, Value
from engine.scenario.schema import Prop, Scenario
from engine.scenario.strings import string_id

Vec3 = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document to read; ``beside`` is the record to show next to it, side by side, when
    the scenario compares the two and both are at hand."""

    id: str
    kind: str
    title_id: str
    body_id: str
    beside: DocumentView | None = None


@dataclass(frozen=True, slots=True)
class PropView:
    id: str
    asset: str
    name_id: str
    position: Vec3
    rotation: Vec3
    scale: Vec3
    interactable: bool
    documents: tuple[DocumentView, ...] = ()
    role: str | None = None
    agency: str | None = None
    role_name_id: str | None = None
    open: bool = False


@dataclass(frozen=True, slots=True)
class ActionView:
    id: str
    verb: str
    label_id: str


def request_for(action: ActionView, role: str) -> Request:
    """The request a trainee playing ``role`` makes by picking ``action`` in any interface."""
    return Perform(action.id, role)


def delivered_to(program: Program, event: Event, role: str) -> bool:
    """Whether a trainee playing ``role`` is told of ``event`` (an inject's card, a result)."""
    del program, role
    return event.kind != "note"


@dataclass(frozen=True, slots=True)
class OptionView:
    id: str
    label_id: str


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: str
    prompt_id: str
    options: tuple[OptionView, ...]
    rationale: str
    time_left_ms: int | None


@dataclass(frozen=True, slots=True)
class VariableView:
    id: str
    label_id: str
    value: Value
    unit: str | None
    value_id: str | None = None  # the words for an enum value, when the scenario gives them


@dataclass(frozen=True, slots=True)
class HazardView:
    """``level`` runs from 0 at the hazard's lowest threshold to 1 where the scenario says
    it has become a disaster (a failure ending's bound on the variable)."""

    id: str
    name_id: str
    prop: str | None
    variable: str
    value: float
    low: float
    high: float
    level: float
    position: Vec3 | None = None


@dataclass(frozen=True, slots=True)
class View:
    scenario: str
    role: str
    t_ms: int
    time_limit_ms: int
    title_id: str
    briefing_id: str | None
    objective_ids: tuple[str, ...]
    props: tuple[PropView, ...]
    interactables: Mapping[str, tuple[ActionView, ...]]
    at_hand: tuple[ActionView, ...]
    decisions: tuple[DecisionView, ...]
    variables: tuple[VariableView, ...]
    hazards: tuple[HazardView, ...]
    ending: str | None = None
    outcome: str | None = None
    ending_message_id: str | None = None
    documents: tuple[DocumentView, ...] = ()  # received with injects and actions, to reread

    @property
    def ended(self) -> bool:
        return self.ending is not None

    def prop(self, prop_id: str) -> PropView | None:
        return next((p for p in self.props if p.id == prop_id), None)

    def prop_of_action(self, action_id: str) -> str | None:
        """The visible prop that offers ``action_id``, if any."""
        return next((p for p, acts in self.interactables.items()
                     if any(a.id == action_id for a in acts)), None)


def _vec3(value: float | tuple[float, float, float]) -> Vec3:
    if isinstance(value, tuple):
        return (float(value[0]), float(value[1]), float(value[2]))
    return (float(value), float(value), float(value))


_OPENS, _CLOSES = frozenset({"open"}), frozenset({"close", "seal"})


def _is_open(scenario: Scenario, state: State, prop: str) -> bool:
    """Open once an ``open`` action on the prop is done, until a ``close``/``seal`` one is."""
    done = {a.verb for a in scenario.actions if a.target == prop and state.counts.get(a.id, 0)}
    return bool(done & _OPENS) and not done & _CLOSES


def _place(program: Program, state: State, prop: Prop) -> tuple[Vec3, Vec3]:
    position, rotation = prop.position, prop.rotation
    spec = program.props.get(prop.id)
    if spec is not None:
        for when, where, turn in spec.placements:
            if when(state):
                position, rotation = where, turn
                break
    return _vec3(position), _vec3(rotation)


def _props(program: Program, state: State) -> Iterator[PropView]:
    s = program.scenario
    sid = s.id
    roles = {r.id: r for r in s.roles}
    docs = {d.id: d for d in s.documents}
    for prop in s.props:
        spec = program.props.get(prop.id)
        if spec is not None and spec.shown_when is not None and not spec.shown_when(state):
            continue
        position, rotation = _place(program, state, prop)
        role = roles.get(prop.role) if prop.role else None
        yield PropView(
            id=prop.id,
            asset=prop.asset,
            name_id=string_id(sid, f"prop/{prop.id}/name"),
            position=position,
            rotation=rotation,
            scale=_vec3(prop.scale),
            interactable=prop.interactable,
            documents=tuple(_document(s, d) for d in prop.documents if d in docs),
            role=prop.role,
            agency=role.agency if role else None,
            role_name_id=string_id(sid, f"role/{role.id}/name") if role else None,
            open=_is_open(s, state, prop.id),
        )


def _document(scenario: Scenario, doc_id: str, at_hand: frozenset[str] = frozenset()) -> (
    DocumentView
):
    doc = next(d for d in scenario.documents if d.id == doc_id)
    other = doc.compare_with
    beside = _document(scenario, other) if other in at_hand and other != doc_id else None
    return DocumentView(doc_id, doc.kind, string_id(scenario.id, f"document/{doc_id}/title"),
                        string_id(scenario.id, f"document/{doc_id}/body"), beside)


def _received(program: Program, state: State, role: str) -> list[str]:
    """The documents ``role`` has been given with injects and actions, in scenario order."""
    s = program.scenario
    held: set[str] = set()
    for inject in s.injects:
        if inject.documents and inject.id in state.fired and delivered_to(
                program, Event(0, "inject_fired", program.inject_index[inject.id].data), role):
            held.update(inject.documents)
    doers = {action: r for action, r in state.done_by}
    for action in s.actions:
        by = doers.get(action.id)
        if action.documents and by is not None and delivered_to(
                program, Event(0, "performed", {"action": action.id, "role": by}), role):
            held.update(action.documents)
    return [d.id for d in s.documents if d.id in held]


def _with_records_beside(scenario: Scenario, props: tuple[PropView, ...], received: list[str]) -> (
    tuple[tuple[PropView, ...], tuple[DocumentView, ...]]
):
    """Props and received documents, each document with the record it is compared with when
    that record is at hand too (on a prop in view, or received)."""
    at_hand = frozenset([d.id for p in props for d in p.documents] + received)
    compared = {d.id for d in scenario.documents if d.compare_with in at_hand}
    if compared:
        props = tuple(
            replace(p, documents=tuple(_document(scenario, d.id, at_hand) for d in p.documents))
            if compared & {d.id for d in p.documents} else p
            for p in props
        )
    return props, tuple(_document(scenario, d, at_hand) for d in received)


def _target_prop(target: str | None, props: Mapping[str, PropView], figures: Mapping[str, str]) -> (
    str | None
):
    if target is None:
        return None
    if target in props:
        return target if props[target].interactable else None
    return figures.get(target)


def _hazards(program: Program, state: State) -> Iterator[HazardView]:
    s = program.scenario
    ranges = program.hazard_ranges
    props = {p.id: p for p in s.props}
    for hazard in s.hazards:
        raw = state.vars.get(hazard.variable, 0.0)
        value = float(raw) if isinstance(raw, int | float) else 0.0
        low, high = ranges[hazard.id]
        level = min(1.0, max(0.0, (value - low) / (high - low)))
        where = _place(program, state, props[hazard.prop])[0] if hazard.prop in props else None
        yield HazardView(hazard.id, string_id(s.id, f"hazard/{hazard.id}/name"), hazard.prop,
                         hazard.variable, value, low, high, level, where)


def view(program: Program, state: State, role: str) -> View:
    """Everything ``role`` can see and do in ``state``."""
    s = program.scenario
    sid = s.id
    props, documents = _with_records_beside(s, tuple(_props(program, state)),
                                            _received(program, state, role))
    by_id = {p.id: p for p in props}
    figures = {p.role: p.id for p in props if p.role and p.interactable}
    interactables: dict[str, list[ActionView]] = {p.id: [] for p in props if p.interactable}
    at_hand: list[ActionView] = []
    live = state.ended is None
    for action in s.actions:
        spec = program.actions[action.id]
        if not live or role not in spec.roles:
            continue
        if not spec.repeatable and state.counts.get(action.id, 0) > 0:
            continue
        if not spec.when(state):
            continue
        shown = ActionView(action.id, action.verb, string_id(sid, f"action/{action.id}/label"))
        target = _target_prop(action.target, by_id, figures)
        if target is None:
            at_hand.append(shown)
        else:
            interactables[target].append(shown)
    decisions = []
    for decision in s.decisions:
        opened_at = state.open_decisions.get(decision.id)
        if opened_at is None or not live or role not in decision.roles:
            continue
        limit = program.decisions[decision.id].time_limit_ms
        decisions.append(DecisionView(
            decision.id,
            string_id(sid, f"decision/{decision.id}/prompt"),
            tuple(OptionView(o.id, string_id(sid, f"decision/{decision.id}/option/{o.id}/label"))
                  for o in decision.options),
            decision.rationale,
            None if limit is None else max(0, opened_at + limit - state.t_ms),
        ))
    variables = tuple(
        VariableView(v.id, string_id(sid, f"variable/{v.id}/label"), state.vars[v.id], v.unit,
                     string_id(sid, f"variable/{v.id}/value/{state.vars[v.id]}")
                     if state.vars[v.id] in v.value_labels else None)
        for v in s.variables if v.shown
    )
    me = next((r for r in s.roles if r.id == role), None)
    return View(
        scenario=sid,
        role=role,
        t_ms=state.t_ms,
        time_limit_ms=program.time_limit_ms,
        title_id=string_id(sid, "title"),
        briefing_id=string_id(sid, f"role/{role}/briefing") if me and me.briefing else None,
        objective_ids=tuple(string_id(sid, f"objective/{o.id}/text") for o in s.objectives),
        props=props,
        interactables=MappingProxyType({k: tuple(v) for k, v in interactables.items()}),
        at_hand=tuple(at_hand),
        decisions=tuple(decisions),
        variables=variables,
        hazards=tuple(_hazards(program, state)),
        ending=state.ended,
        outcome=state.outcome,
        ending_message_id=(string_id(sid, f"ending/{state.ended}/message")
                           if state.ended and state.ended in program.ending_outcomes else None),
        documents=documents,
    )
