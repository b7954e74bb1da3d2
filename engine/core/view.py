"""What a trainee in a role can see and do right now: ``view(program, state, role) -> View``.

Presenters (desktop, headset, offscreen, text) draw a ``View`` and nothing else. Every text is
given by its stable string id (``engine.scenario.strings``), never by its words, so a presenter
looks it up in the table of the language it shows. Pure: no clock, no I/O, no graphics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Concatenate, ParamSpec, TypeVar

from engine.core.motion import Vec3, members, place
from engine.core.program import Program, VarSpec
from engine.core.shown import (
    ActionView,
    CrowdView,
    DecisionView,
    DocumentView,
    HazardView,
    OptionView,
    PropView,
    VariableView,
    View,
)
from engine.core.state import Ask, Event, Perform, Request, State
from engine.scenario.schema import Prop
from engine.scenario.strings import string_id

__all__ = ["ActionView", "CrowdView", "DecisionView", "DocumentView", "HazardView",
           "OptionView", "PropView", "VariableView", "View", "delivered_to", "request_for",
           "view"]


def request_for(action: ActionView, role: str) -> Request:
    """The request a trainee playing ``role`` makes by picking ``action`` in any interface."""
    if action.partner is not None:
        return Ask(action.id, action.partner, role, action.via or "radio")
    return Perform(action.id, role)


def delivered_to(program: Program, event: Event, role: str) -> bool:
    """Whether a trainee playing ``role`` is told of ``event``: an inject's recipients, the one
    who asked and the partner asked, the roles a decision is for. Changes in the world (a
    variable, a hazard, the ending) reach everyone; notes reach no one."""
    data = event.data
    kind = event.kind
    if kind == "note":
        return False
    if kind == "inject_fired":
        return role == data.get("to") or role in data.get("also_to", ())
    if kind in ("performed", "refused"):
        return role in (data.get("role"), data.get("asked_by"), data.get("for"))
    if kind == "asked":
        return role in (data.get("role"), data.get("partner"))
    if kind == "answered":
        return role in (data.get("to"), data.get("partner"))
    if kind == "decision_opened":
        return role in data.get("roles", ())
    if kind in ("decided", "decision_timed_out"):
        spec = program.decisions.get(str(data.get("decision")))
        return spec is None or role in spec.roles
    return True


def _vec3(value: float | tuple[float, float, float]) -> Vec3:
    if isinstance(value, tuple):
        return (float(value[0]), float(value[1]), float(value[2]))
    return (float(value), float(value), float(value))


_OPENS, _CLOSES = frozenset({"open"}), frozenset({"close", "seal"})
_MISSING = object()
P = ParamSpec("P")
T = TypeVar("T")


def _kept(build: Callable[Concatenate[Program, P], T]) -> Callable[Concatenate[Program, P], T]:
    """``build(program, ...)`` worked out once per program and arguments, and kept with the
    program: what a View shows that never changes in a session."""

    def kept(program: Program, /, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (build.__name__, *args, *sorted(kwargs.items()))
        found = program.memo.get(key, _MISSING)
        if found is _MISSING:
            found = program.memo[key] = build(program, *args, **kwargs)
        return found  # type: ignore[return-value]

    return kept


def _place(program: Program, state: State, prop: Prop) -> tuple[Vec3, Vec3]:
    """Where a prop is at the state's time: on its way, or where the scenario puts it."""
    move = state.moves.get(prop.id)
    spec = program.props[prop.id]
    if move is not None:
        return move.at(state.t_ms, spec.figure)
    return place(spec, state)[1:]


@_kept
def _statics(program: Program, me: str) -> list[tuple[Prop, Any, dict[str, Any], frozenset[str],
                                                       frozenset[str]]]:
    """What ``me`` sees of each prop that never changes (names, documents, the figure's role),
    with the actions whose being done opens or closes it."""
    s = program.scenario
    sid = s.id
    roles = {r.id: r for r in s.roles}
    docs = {d.id: d for d in s.documents if not d.shown_to or me in d.shown_to}
    built = []
    for prop in s.props:
        if prop.role == me:
            continue  # not the figure of their own role: they are that person
        role = roles.get(prop.role) if prop.role else None
        fixed = {
            "id": prop.id, "asset": prop.asset, "name_id": string_id(sid, f"prop/{prop.id}/name"),
            "scale": _vec3(prop.scale), "interactable": prop.interactable,
            "documents": tuple(
                DocumentView(d, docs[d].kind, string_id(sid, f"document/{d}/title"),
                             string_id(sid, f"document/{d}/body"))
                for d in prop.documents if d in docs),
            "role": prop.role, "agency": role.agency if role else None,
            "role_name_id": string_id(sid, f"role/{role.id}/name") if role else None,
        }
        opens = frozenset(a.id for a in s.actions if a.target == prop.id and a.verb in _OPENS)
        closes = frozenset(a.id for a in s.actions if a.target == prop.id and a.verb in _CLOSES)
        built.append((prop, program.props.get(prop.id), fixed, opens, closes))
    return built


def _props(program: Program, state: State, me: str) -> Iterator[PropView]:
    """The props ``me`` sees, where they stand now; only the documents their role can read."""
    counts = state.counts
    for prop, spec, fixed, opens, closes in _statics(program, me):
        if spec is not None and spec.shown_when is not None and not spec.shown_when(state):
            continue
        position, rotation = _place(program, state, prop)
        move = state.moves.get(prop.id)
        is_open = any(counts.get(a, 0) for a in opens) and not any(counts.get(a, 0)
                                                                  for a in closes)
        yield PropView(position=position, rotation=rotation, open=is_open,
                       move=move if move is not None and move.moving(state.t_ms) else None,
                       **fixed)


def _asks(program: Program, state: State, role: str, figures: Mapping[str, str],
          ) -> Iterator[tuple[ActionView, str | None]]:
    """What ``role`` can ask of others now, each with the figure it is asked at face to face
    (None: by radio or phone)."""
    asked = {(p.partner, p.action) for p in state.pending}
    for spec, remote, face in _askable(program):
        partner, action_id = spec.partner, spec.action
        if partner == role or (partner, action_id) in asked:
            continue
        if not program.actions[action_id].repeatable and state.counts.get(action_id, 0) > 0:
            continue
        if spec.when is not None and not spec.when(state):
            continue
        if remote is not None:
            yield remote, None
        if face is not None and partner in figures:
            yield face, figures[partner]


@_kept
def _askable(program: Program) -> tuple[tuple[Any, ActionView | None, ActionView | None], ...]:
    """Each thing a partner can be asked for, with how it is shown by radio or phone and face
    to face (None where it cannot be asked that way)."""
    sid, built = program.scenario.id, []
    for (partner, action_id), spec in program.asks.items():
        label = string_id(sid, f"role/{partner}/on_request/{action_id}/label")
        verb = program.verbs.get(action_id, "other")
        via = next((v for v in spec.via if v != "face_to_face"), None)
        built.append((spec, None if via is None else ActionView(action_id, verb, label,
                                                                partner, via),
                      ActionView(action_id, verb, label, partner, "face_to_face")
                      if "face_to_face" in spec.via else None))
    return tuple(built)


def _target_prop(target: str | None, props: Mapping[str, PropView], figures: Mapping[str, str]) -> (
    str | None
):
    if target is None:
        return None
    if target in props:
        return target if props[target].interactable else None
    return figures.get(target)


@_kept
def _hazard_statics(program: Program) -> tuple[tuple[Any, str, float, float, Prop | None], ...]:
    """Each hazard with its name, its range and the prop it is on."""
    s = program.scenario
    props = {p.id: p for p in s.props}
    return tuple((hazard, string_id(s.id, f"hazard/{hazard.id}/name"),
                  *program.hazard_ranges[hazard.id],
                  props.get(hazard.prop) if hazard.prop else None)
                 for hazard in s.hazards)


def _hazards(program: Program, state: State) -> Iterator[HazardView]:
    for hazard, name_id, low, high, prop in _hazard_statics(program):
        raw = state.vars.get(hazard.variable, 0.0)
        value = float(raw) if isinstance(raw, int | float) else 0.0
        level = min(1.0, max(0.0, (value - low) / (high - low)))
        where = _place(program, state, prop)[0] if prop is not None else None
        yield HazardView(hazard.id, name_id, hazard.prop, hazard.variable, value, low, high,
                         level, where)


def _document(program: Program, doc_id: str, at_hand: frozenset[str] = frozenset()) -> (
    DocumentView
):
    sid = program.scenario.id
    doc = next(d for d in program.scenario.documents if d.id == doc_id)
    other = doc.compare_with
    beside = _document(program, other) if other in at_hand and other != doc_id else None
    return DocumentView(doc_id, doc.kind, string_id(sid, f"document/{doc_id}/title"),
                        string_id(sid, f"document/{doc_id}/body"), beside)


def _received(program: Program, state: State, role: str) -> list[str]:
    """The documents ``role`` has been given with injects and actions (and may read), in
    scenario order; worked out again only when what has fired or been done changes."""
    key = ("received", role)
    last = program.memo.get(key)
    if last is not None and last[0] == state.fired and last[1] == state.done_by:  # type: ignore[index]
        return last[2]  # type: ignore[index,no-any-return]
    found = _received_now(program, state, role)
    program.memo[key] = (state.fired, state.done_by, found)
    return found


def _received_now(program: Program, state: State, role: str) -> list[str]:
    s = program.scenario
    held: set[str] = set()
    for inject in s.injects:
        if inject.documents and inject.id in state.fired and delivered_to(
                program, Event(0, "inject_fired", program.inject_index[inject.id].data), role):
            held.update(inject.documents)
    doers = dict(state.done_by)
    for action in s.actions:
        by = doers.get(action.id)
        if action.documents and by is not None and delivered_to(
                program, Event(0, "performed", {"action": action.id, "role": by}), role):
            held.update(action.documents)
    return [d.id for d in s.documents
            if d.id in held and (not d.shown_to or role in d.shown_to)]


def _with_records_beside(program: Program, props: tuple[PropView, ...], received: list[str]) -> (
    tuple[tuple[PropView, ...], tuple[DocumentView, ...]]
):
    """Props and received documents, each document with the record it is compared with when
    that record is at hand too (on a prop in view, or received)."""
    at_hand = frozenset([d.id for p in props for d in p.documents] + received)
    compared = {d.id for d in program.scenario.documents if d.compare_with in at_hand}
    if compared:
        props = tuple(
            replace(p, documents=tuple(_document(program, d.id, at_hand) for d in p.documents))
            if compared & {d.id for d in p.documents} else p
            for p in props
        )
    return props, tuple(_document(program, d, at_hand) for d in received)


@dataclass(frozen=True, slots=True)
class _Seen:
    """What a role is shown that never changes: worked out once per role."""

    actions: tuple[tuple[Any, ActionView, str | None], ...]  # (spec, as shown, target)
    decisions: tuple[tuple[str, str, tuple[OptionView, ...], str, int | None], ...]
    variables: tuple[tuple[Any, VarSpec, str], ...]  # (variable, spec, label id)
    title_id: str
    briefing_id: str | None
    objective_ids: tuple[str, ...]
    crowd_ids: tuple[str, ...]


@_kept
def _seen(program: Program, role: str) -> _Seen:
    s = program.scenario
    sid = s.id
    me = next((r for r in s.roles if r.id == role), None)
    return _Seen(
        actions=tuple(
            (program.actions[a.id],
             ActionView(a.id, a.verb, string_id(sid, f"action/{a.id}/label")), a.target)
            for a in s.actions if role in program.actions[a.id].roles),
        decisions=tuple(
            (d.id, string_id(sid, f"decision/{d.id}/prompt"),
             tuple(OptionView(o.id, string_id(sid, f"decision/{d.id}/option/{o.id}/label"))
                   for o in d.options),
             d.rationale, program.decisions[d.id].time_limit_ms)
            for d in s.decisions if role in d.roles),
        variables=tuple(
            (v, spec, string_id(sid, f"variable/{v.id}/label")) for v in s.variables
            if (spec := program.variables[v.id]).shown
            and (not spec.shown_to or role in spec.shown_to)),
        title_id=string_id(sid, "title"),
        briefing_id=string_id(sid, f"role/{role}/briefing") if me and me.briefing else None,
        objective_ids=tuple(string_id(sid, f"objective/{o.id}/text") for o in s.objectives),
        crowd_ids=tuple(string_id(sid, f"crowd/{c.id}/name") for c in s.crowds),
    )


def view(program: Program, state: State, role: str) -> View:
    """Everything ``role`` can see and do in ``state``."""
    s = program.scenario
    sid = s.id
    seen = _seen(program, role)
    props, documents = _with_records_beside(program, tuple(_props(program, state, role)),
                                            _received(program, state, role))
    by_id = {p.id: p for p in props}
    figures = {p.role: p.id for p in props if p.role and p.interactable}
    interactables: dict[str, list[ActionView]] = {p.id: [] for p in props if p.interactable}
    at_hand: list[ActionView] = []
    live = state.ended is None
    decisions: list[DecisionView] = []
    if live:
        counts = state.counts
        for spec, shown, target_id in seen.actions:
            if not spec.repeatable and counts.get(shown.id, 0) > 0:
                continue
            if not spec.when(state):
                continue
            target = _target_prop(target_id, by_id, figures)
            (at_hand if target is None else interactables[target]).append(shown)
        for shown, target in _asks(program, state, role, figures):
            (at_hand if target is None else interactables[target]).append(shown)
        for decision_id, prompt_id, options, rationale, limit in seen.decisions:
            opened_at = state.open_decisions.get(decision_id)
            if opened_at is not None:
                decisions.append(DecisionView(
                    decision_id, prompt_id, options, rationale,
                    None if limit is None else max(0, opened_at + limit - state.t_ms)))
    values = state.vars
    variables = tuple(
        VariableView(v.id, label_id, values[v.id], v.unit,
                     string_id(sid, f"variable/{v.id}/value/{values[v.id]}")
                     if values[v.id] in v.value_labels else None)
        for v, spec, label_id in seen.variables
        if spec.shown_when is None or bool(spec.shown_when(state))
    )
    return View(
        scenario=sid,
        role=role,
        t_ms=state.t_ms,
        time_limit_ms=program.time_limit_ms,
        title_id=seen.title_id,
        briefing_id=seen.briefing_id,
        objective_ids=seen.objective_ids,
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
        crowds=tuple(
            CrowdView(c.id, name_id, crowd.asset,
                      tuple(members(c, state.flows.get(c.id), state.t_ms)))
            for c, crowd, name_id in zip(program.crowds, s.crowds, seen.crowd_ids, strict=True)
        ),
        ending_values=MappingProxyType({
            name: state.vars[name]
            for e in program.endings if e.id == state.ended for name in e.shows}),
        documents=documents,
    )
