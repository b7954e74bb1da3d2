"""The transition function: ``step(program, state, request, t_ms) -> (state, events)``.

Time advances on a fixed grid of ticks (``scenario.tick``): hazards change, time-triggered and
contingency injects fire, and decision time limits expire only on ticks, so the events depend
on when actions happened, never on how often a presenter called ``step``. Conditions are also
re-checked right after every action. Randomness comes from a splitmix64 stream kept in the
state. Nothing here reads a clock, touches a file or imports a presenter.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from engine.core import motion, partners
from engine.core.motion import Flow, Move
from engine.core.program import ActionSpec, Program
from engine.core.state import (
    Ask,
    Choose,
    Event,
    Fire,
    Pending,
    Perform,
    Request,
    Seat,
    State,
    Value,
)
from engine.scenario.schema import Effects

HAZARD_SAMPLE_MS = 10_000
_MASK = (1 << 64) - 1


def _splitmix(seed: int) -> tuple[int, int]:
    seed = (seed + 0x9E3779B97F4A7C15) & _MASK
    z = seed
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return seed, z ^ (z >> 31)


class _Turn:
    """A mutable working copy of the state for the duration of one step."""

    def __init__(self, program: Program, state: State) -> None:
        self.p = program
        self.t_ms = state.t_ms
        self.next_tick_ms = state.next_tick_ms
        self.rng = state.rng
        self.vars: dict[str, Value] = dict(state.vars)
        self.counts: dict[str, int] = dict(state.counts)
        self.done_by = set(state.done_by)
        self.fired = set(state.fired)
        self.settled = set(state.settled)
        self.armed: dict[str, int] = dict(state.armed)
        self.chosen: dict[str, str] = dict(state.chosen)
        self.open_decisions: dict[str, int] = dict(state.open_decisions)
        self.opened = set(state.opened)
        self.crossed = set(state.crossed)
        self.rates: dict[str, float] = dict(state.rates)
        self.ended = state.ended
        self.outcome = state.outcome
        self.people = state.people
        self.pending: list[Pending] = list(state.pending)
        self.behaved = set(state.behaved)
        self.moves: dict[str, Move] = dict(state.moves)
        self.flows: dict[str, Flow] = dict(state.flows)
        self.events: list[Event] = []

    def freeze(self) -> State:
        return State(
            t_ms=self.t_ms,
            next_tick_ms=self.next_tick_ms,
            rng=self.rng,
            vars=MappingProxyType(self.vars),
            counts=MappingProxyType(self.counts),
            done_by=frozenset(self.done_by),
            fired=frozenset(self.fired),
            settled=frozenset(self.settled),
            armed=MappingProxyType(self.armed),
            chosen=MappingProxyType(self.chosen),
            open_decisions=MappingProxyType(self.open_decisions),
            opened=frozenset(self.opened),
            crossed=frozenset(self.crossed),
            rates=MappingProxyType(self.rates),
            ended=self.ended,
            outcome=self.outcome,
            people=self.people,
            pending=tuple(self.pending),
            behaved=frozenset(self.behaved),
            moves=MappingProxyType(self.moves),
            flows=MappingProxyType(self.flows),
        )

    def track(self) -> None:
        """Note where moving things set off for now (see ``engine.core.motion``)."""
        motion.track(self.p, self, self.moves, self.flows, self.t_ms)

    def emit(self, kind: str, **data: Any) -> dict[str, Any]:
        self.events.append(Event(self.t_ms, kind, data))
        return data

    def show(self, data: dict[str, Any], names: tuple[str, ...]) -> None:
        """Add the values a message names to its event, as they are once its effects are in."""
        if names:
            data["values"] = {name: _rounded(self.vars[name]) for name in names}

    # -- effects ---------------------------------------------------------------------------

    def assign(self, var: str, value: Value, cause: str) -> None:
        spec = self.p.variables[var]
        if spec.type in ("int", "float") and not isinstance(value, bool):
            number = float(value)
            if spec.minimum is not None:
                number = max(spec.minimum, number)
            if spec.maximum is not None:
                number = min(spec.maximum, number)
            value = int(number) if spec.type == "int" else number
        if self.vars.get(var) != value:
            self.vars[var] = value
            self.emit("variable_changed", var=var, value=value, cause=cause)

    def apply(self, effects: Effects, cause: str) -> None:
        for var, value in effects.set.items():
            self.assign(var, value, cause)
        for var, delta in effects.add.items():
            current = self.vars[var]
            assert isinstance(current, int | float)
            self.assign(var, current + delta, cause)
        for inject in effects.fire:
            self.fire(inject)
        if effects.open is not None:
            self.open(effects.open)
        if effects.end is not None:
            self.end(effects.end)

    def fire(self, inject_id: str) -> None:
        if inject_id in self.fired or self.ended is not None:
            return
        spec = self.p.inject_index[inject_id]
        self.fired.add(inject_id)
        self.settled.add(inject_id)
        data = self.emit("inject_fired", **spec.data)
        self.apply(spec.effects, f"inject:{inject_id}")
        self.show(data, spec.shows)

    def open(self, decision_id: str) -> None:
        if decision_id in self.open_decisions or decision_id in self.chosen or self.ended:
            return
        spec = self.p.decisions[decision_id]
        self.open_decisions[decision_id] = self.t_ms
        self.opened.add(decision_id)
        self.emit("decision_opened", decision=decision_id, roles=sorted(spec.roles))

    def end(self, ending_id: str) -> None:
        if self.ended is not None:
            return
        for hazard in self.p.hazards:
            value = self.vars[hazard.variable]
            self.emit("hazard_level", hazard=hazard.id, value=_rounded(value))
        self.ended = ending_id
        self.outcome = self.p.ending_outcomes.get(ending_id, "timeout")
        self.open_decisions.clear()
        data = self.emit("ended", ending=ending_id, outcome=self.outcome)
        ending = next((e for e in self.p.endings if e.id == ending_id), None)
        self.show(data, ending.shows if ending else ())

    def uniform(self) -> float:
        """A number in [0, 1) from the session's random stream."""
        self.rng, sample = _splitmix(self.rng)
        return sample / 2**64

    def draw(self, weights: Iterable[float]) -> int:
        """Index of a weighted choice from the session's random stream."""
        options = list(weights)
        self.rng, sample = _splitmix(self.rng)
        point = (sample / 2**64) * sum(options)
        for index, weight in enumerate(options):
            point -= weight
            if point < 0:
                return index
        return len(options) - 1

    # -- requests --------------------------------------------------------------------------

    def refuse(self, request: Request, reason: str) -> None:
        self.emit("refused", **request.to_record(), reason=reason)

    def request(self, request: Request) -> None:
        if isinstance(request, Seat):
            return self.seat(request)
        if isinstance(request, Fire):
            if request.inject not in self.p.inject_index:
                return self.refuse(request, "unknown_inject")
            if request.inject in self.fired:
                return self.refuse(request, "already_fired")
            self.fire(request.inject)
            return None
        if request.role not in self.people:
            known = request.role in {r.id for r in self.p.scenario.roles}
            return self.refuse(request, "engine_plays_role" if known else "unknown_role")
        if isinstance(request, Perform):
            return self.perform(request)
        if isinstance(request, Ask):
            return partners.ask(self, request)
        return self.choose(request)

    def seat(self, request: Seat) -> None:
        """A person takes a playable role, or hands it to the engine. Requests waiting for the
        person are answered by the engine once it plays the role."""
        if request.role not in self.p.playable or request.by not in ("person", "engine"):
            return self.refuse(request, "not_playable" if request.by in ("person", "engine")
                               else "unknown_seat")
        if (request.role in self.people) == (request.by == "person"):
            return self.refuse(request, "already_seated")
        if request.by == "person":
            self.people = self.people | {request.role}
        else:
            self.people = self.people - {request.role}
        self.emit("seated", role=request.role, by=request.by)
        if request.by == "engine":
            partners.hand_to_engine(self, request.role)
        return None

    def unavailable(self, spec: ActionSpec, role: str) -> str | None:
        """Why ``role`` cannot take the action now, or None."""
        if role not in spec.roles:
            return "wrong_role"
        if not spec.repeatable and self.counts.get(spec.id, 0) > 0:
            return "already_done"
        if not spec.when(self):
            return "not_available"
        return None

    def perform(self, request: Perform) -> None:
        spec = self.p.actions.get(request.action)
        if spec is None:
            return self.refuse(request, "unknown_action")
        problem = self.unavailable(spec, request.role)
        if problem is not None:
            return self.refuse(request, problem)
        self.carry_out(spec, request.role, partners.fulfilled(self, request.role, spec.id))

    def carry_out(self, spec: ActionSpec, role: str, credit: dict[str, Any]) -> None:
        """Take an action as ``role``; ``credit`` says at whose request, for whom, and whether
        the engine played the role."""
        self.counts[spec.id] = self.counts.get(spec.id, 0) + 1
        self.done_by.add((spec.id, role))
        outcome_index = self.draw(w for _, w, _ in spec.outcomes) if spec.outcomes else None
        if outcome_index is None:
            data = self.emit("performed", action=spec.id, role=role, **credit)
        else:
            outcome_id = spec.outcomes[outcome_index][0]
            data = self.emit("performed", action=spec.id, role=role, outcome=outcome_id,
                             **credit)
        self.apply(spec.effects, f"action:{spec.id}")
        if outcome_index is not None:
            self.apply(spec.outcomes[outcome_index][2], f"action:{spec.id}")
        self.show(data, spec.shows)

    def choose(self, request: Choose) -> None:
        spec = self.p.decisions.get(request.decision)
        if spec is None:
            return self.refuse(request, "unknown_decision")
        if request.decision not in self.open_decisions:
            return self.refuse(request, "not_open")
        if request.role not in spec.roles:
            return self.refuse(request, "wrong_role")
        if request.option not in spec.options:
            return self.refuse(request, "unknown_option")
        if spec.rationale == "required" and not (request.rationale or "").strip():
            return self.refuse(request, "rationale_required")
        self.decide(request.decision, request.option, request.role, request.rationale)

    def decide(self, decision: str, option: str, role: str | None, rationale: str | None,
               engine: bool = False) -> None:
        del self.open_decisions[decision]
        self.chosen[decision] = option
        data: dict[str, Any] = {"decision": decision, "option": option}
        if role is None:
            self.emit("decision_timed_out", **data)
        else:
            data["role"] = role
            if rationale:
                data["rationale"] = rationale
            if engine:
                data["engine"] = True
            self.emit("decided", **data)
        effects, following = self.p.decisions[decision].options[option]
        self.apply(effects, f"decision:{decision}")
        if following is not None:
            self.open(following)

    # -- time ------------------------------------------------------------------------------

    def tick(self, t_ms: int) -> None:
        self.t_ms = t_ms
        seconds = self.p.tick_ms / 1000.0
        sample = t_ms % HAZARD_SAMPLE_MS < self.p.tick_ms
        for hazard in self.p.hazards:
            rate = next((r for when, r in hazard.rates if when(self)), 0.0)
            if rate != self.rates.get(hazard.id, 0.0):
                self.rates[hazard.id] = rate
                sample = True
            if rate:
                current = self.vars[hazard.variable]
                assert isinstance(current, int | float)
                spec = self.p.variables[hazard.variable]
                value = current + rate * seconds
                if spec.minimum is not None:
                    value = max(spec.minimum, value)
                if spec.maximum is not None:
                    value = min(spec.maximum, value)
                self.vars[hazard.variable] = value if spec.type == "float" else round(value)
            if sample and (rate or hazard.id in self.rates):
                value_now = self.vars[hazard.variable]
                self.emit("hazard_level", hazard=hazard.id, value=_rounded(value_now), rate=rate)
            self.check_thresholds(hazard.id)
            if self.ended:
                return
        for decision, opened_at in list(self.open_decisions.items()):
            limits = self.p.decisions[decision]
            if limits.time_limit_ms is not None and opened_at + limits.time_limit_ms <= t_ms:
                if limits.on_timeout is not None:
                    self.decide(decision, limits.on_timeout, None, None)
                else:
                    del self.open_decisions[decision]
                    self.emit("decision_timed_out", decision=decision)
        partners.act_when_due(self)
        self.settle(on_tick=True)
        if self.ended is None and t_ms >= self.p.time_limit_ms:
            timeout = next((e.id for e in self.p.endings if e.outcome == "timeout"), "time_limit")
            self.end(timeout)
        self.track()

    def count_down(self, inject: str, when: Any, after_ms: int, on_tick: bool) -> None:
        """Arm a delayed inject when its condition first holds; fire it on the tick it is due."""
        if self.armed_for(inject, when, after_ms) and on_tick:
            self.fire(inject)

    def armed_for(self, key: str, when: Any, after_ms: int) -> bool:
        """Whether ``after_ms`` have passed since ``when`` first held (armed from then on)."""
        if key not in self.armed and (when is None or when(self)):
            self.armed[key] = self.t_ms
        return key in self.armed and self.t_ms >= self.armed[key] + after_ms

    def check_thresholds(self, hazard_id: str) -> None:
        hazard = next(h for h in self.p.hazards if h.id == hazard_id)
        value = self.vars[hazard.variable]
        assert isinstance(value, int | float)
        for threshold in hazard.thresholds:
            if threshold.key in self.crossed:
                continue
            above = threshold.above is not None and value >= threshold.above
            below = threshold.below is not None and value <= threshold.below
            if above or below:
                self.crossed.add(threshold.key)
                self.emit(
                    "hazard_threshold",
                    hazard=hazard.id,
                    value=_rounded(value),
                    threshold=threshold.above if above else threshold.below,
                )
                for inject in threshold.fire:
                    self.fire(inject)
                if threshold.end is not None:
                    self.end(threshold.end)

    def settle(self, *, on_tick: bool) -> None:
        """Fire everything whose condition now holds, until nothing more changes."""
        for _ in range(1 + len(self.p.injects) + len(self.p.decisions) + len(self.p.behaviours)):
            before = len(self.events)
            partners.behave(self, on_tick)
            for inject in self.p.injects:
                if inject.id in self.settled or self.ended:
                    continue
                if inject.contingency_by_ms is not None:
                    if on_tick and inject.contingency_by_ms <= self.t_ms:
                        assert inject.unless is not None
                        if inject.unless(self):
                            self.settled.add(inject.id)
                        else:
                            self.fire(inject.id)
                    continue
                if inject.at_ms is None and inject.when is None:
                    continue  # fired only by an effect or a hazard threshold
                if inject.at_ms is not None and (not on_tick or inject.at_ms > self.t_ms):
                    continue
                if inject.after_ms is not None:
                    self.count_down(inject.id, inject.when, inject.after_ms, on_tick)
                elif inject.when is None or inject.when(self):
                    self.fire(inject.id)
            for decision in self.p.decisions.values():
                opens = decision.when
                if opens is not None and decision.id not in self.opened and opens(self):
                    self.open(decision.id)
            for ending in self.p.endings:
                if self.ended:
                    return
                if ending.at_ms is not None and (not on_tick or ending.at_ms > self.t_ms):
                    continue
                if ending.when is not None and not ending.when(self):
                    continue
                if ending.at_ms is None and ending.when is None:
                    continue
                self.end(ending.id)
            if len(self.events) == before:
                return


def _rounded(value: Value) -> Value:
    return round(value, 3) if isinstance(value, float) else value


def start(program: Program, seed: int, people: Iterable[str] | None = None,
          ) -> tuple[State, list[Event]]:
    """The state at scenario time 0, with whatever fires at once. ``people`` are the roles
    people play (every playable role when not given); the engine plays the others."""
    variables = {v.id: v.initial for v in program.scenario.variables}
    for v in program.scenario.variables:
        if v.type == "float":
            variables[v.id] = float(v.initial)
    played = program.playable if people is None else frozenset(people)
    empty = State(t_ms=0, next_tick_ms=program.tick_ms, rng=seed & _MASK, vars=variables,
                  people=played)
    turn = _Turn(program, empty)
    turn.emit("started", seed=seed)
    turn.settle(on_tick=True)
    turn.track()
    return turn.freeze(), turn.events


def step(
    program: Program, state: State, request: Request | None, t_ms: int
) -> tuple[State, list[Event]]:
    """Advance to ``t_ms`` (processing every tick on the way), then apply ``request``."""
    if t_ms < state.t_ms:
        raise ValueError(f"time cannot go backwards: {t_ms} ms < {state.t_ms} ms")
    turn = _Turn(program, state)
    while turn.ended is None and turn.next_tick_ms <= t_ms:
        turn.tick(turn.next_tick_ms)
        turn.next_tick_ms += program.tick_ms
    if turn.ended is None:  # once the scenario has ended, its clock stops there
        turn.t_ms = t_ms
    if request is not None:
        if turn.ended is not None:
            turn.refuse(request, "ended")
        else:
            turn.request(request)
        if turn.ended is None:
            turn.settle(on_tick=False)
        turn.track()
    return turn.freeze(), turn.events
