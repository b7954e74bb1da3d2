"""Checklist rules as pure predicates over the facts of one session log: met, missed, or not
observed.

A rule is rated only on what the log shows. It is **met** or **missed** once the log settles it
(the action happened; the deadline passed; the order of two events is known), and **not
observed** while it is not settled when the log stops, or when it holds only because what it
guards against never had the chance to happen: a ``before``/``after`` whose other event never
came, a ``within`` whose deadline or starting event was never reached, a contingency that was
never due, a ``never`` about an action that never became possible. Every outcome carries the
log events it rests on and one sentence, in the scenario's words, that cites them. Nothing here
reads files or clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from engine.core.program import Program
from engine.scenario.schema import Scenario
from grading.checklist import Comparison, EventSpec, Rule
from grading.facts import Evidence, Facts, Labels, Value, clock
from grading.timeline import first_holding

MET, MISSED, NOT_OBSERVED = "met", "missed", "not_observed"
STATUS_WORDS = {MET: "met", MISSED: "missed", NOT_OBSERVED: "not observed"}


@dataclass(frozen=True)
class Outcome:
    status: str
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # one sentence, citing the evidence

    @property
    def met(self) -> bool:
        return self.status == MET


@dataclass
class Context:
    """What rules read: the log's facts, the compiled scenario and its words."""

    facts: Facts
    program: Program
    labels: Labels

    @classmethod
    def of(cls, scenario: Scenario, facts: Facts, program: Program | None = None) -> Context:
        return cls(facts, program or Program.build(scenario), Labels(scenario))

    @cached_property
    def hazard_vars(self) -> dict[str, str]:
        return {h.id: h.variable for h in self.program.hazards}

    def first_holding(self, predicate: object) -> Evidence | None:
        return first_holding(predicate, self.facts.initial, self.hazard_vars,  # type: ignore[arg-type]
                             self.facts.records)

    @property
    def stop(self) -> str:
        """How the log ends, as a clause: ``the session ended at 09:20 (line 123)``."""
        ended = self.facts.ended
        if ended is not None:
            return f"the session ended at {clock(ended.t)} (line {ended.i})"
        end_t, end_i = self.facts.end_t, self.facts.end_i
        return f"the log stops at {clock(end_t)} (line {end_i}) with no ending"

    def events(self, spec: EventSpec) -> list[Evidence]:
        """Occurrences of ``spec`` in log order."""
        facts = self.facts
        if spec.kind == "chosen":
            found = list(facts.chosen.get(f"{spec.chosen}/{spec.option}", []))
        else:
            found = getattr(facts, spec.kind).get(spec.subject, [])
        if spec.by is not None:
            found = [e for e in found if e.actor == spec.by]
        if spec.asked_by is not None:
            found = [e for e in found if facts.asked_by.get(e.i) == spec.asked_by]
        if spec.played_by is not None:
            engine = spec.played_by == "engine"
            found = [e for e in found if (e.i in facts.by_engine) == engine]
        return found

    def what(self, spec: EventSpec) -> str:
        """An event spec in the scenario's words."""
        labels = self.labels
        kind, subject = spec.kind, spec.subject
        by = f" by the {labels.role(spec.by)}" if spec.by else ""
        if kind == "performed":
            if spec.asked_by:
                by += f" at the request of the {labels.role(spec.asked_by)}"
            if spec.played_by is not None:
                by += " (a person playing the role)" if spec.played_by == "person" \
                    else " (the engine playing the role)"
            return f"“{labels.action(subject)}”{by}"
        if kind == "chosen":
            option = labels.option(subject, spec.option)
            return f"“{option}” chosen at “{labels.decision(subject)}”{by}"
        if kind == "fired":
            return labels.inject(subject)
        if kind == "refused":
            return f"a refused “{labels.actions.get(subject) or labels.decision(subject)}”{by}"
        if kind == "threshold":
            return f"{labels.hazard(subject)} past its threshold"
        return labels.ending(subject)


def cap(text: str) -> str:
    """The sentence with its first letter upper case (the rest untouched)."""
    return text[:1].upper() + text[1:]


def _unsettled(ctx: Context, what: str) -> Outcome:
    return Outcome(NOT_OBSERVED, (), f"{what}; {ctx.stop}, so this was not observed.")


def evaluate(rule: Rule, ctx: Context) -> Outcome:
    """Whether ``rule`` is met, missed or not observed in ``ctx``, with its evidence."""
    kind = rule.kind
    if kind in ("performed", "chosen", "fired", "refused", "threshold", "ending"):
        return _occurred(rule, ctx)
    if kind == "never":
        return _never(rule, ctx)
    if kind == "event":
        return _timed(rule, ctx)
    if kind == "variable":
        return _variable(rule, ctx)
    if kind == "count":
        return _count(rule, ctx)
    if kind == "not":
        assert rule.not_ is not None
        inner = evaluate(rule.not_, ctx)
        if inner.status == NOT_OBSERVED:
            return inner
        if inner.status == MET:
            return Outcome(MISSED, inner.evidence,
                           f"{inner.reason.rstrip('.')}, which must not happen.")
        return Outcome(MET, inner.evidence, inner.reason)
    parts = [evaluate(part, ctx) for part in (rule.all_ or rule.any_ or [])]
    decisive, other = (MISSED, MET) if kind == "all" else (MET, MISSED)
    chosen = [p for p in parts if p.status == decisive]
    if chosen:
        status = decisive
        chosen = chosen if kind == "all" else chosen[:1]
    elif all(p.status == other for p in parts):
        status, chosen = other, parts
    else:
        status, chosen = NOT_OBSERVED, [p for p in parts if p.status == NOT_OBSERVED]
    evidence = tuple(sorted({e for p in chosen for e in p.evidence}))
    return Outcome(status, evidence, " ".join(p.reason for p in chosen))


def _occurred(spec: EventSpec, ctx: Context) -> Outcome:
    found = ctx.events(spec)
    what = ctx.what(spec)
    if found:
        return Outcome(MET, (found[0],), f"{cap(ctx.labels.said(found[0]))}.")
    if spec.kind == "chosen":
        answered = [e for e in ctx.facts.chosen.get(spec.subject, [])
                    if spec.by is None or e.actor == spec.by]
        if answered:
            return Outcome(MISSED, (answered[0],),
                           f"Not {what}: {ctx.labels.said(answered[0])}.")
    if spec.kind == "fired":
        return _not_fired(spec.subject, ctx)
    never = {
        "performed": f"{what} was never done",
        "chosen": what.replace(" chosen at ", " was never chosen at ", 1),
        "refused": f"never {what}", "threshold": f"{what}: never",
        "ending": f"{cap(what)} was never reached",
    }[spec.kind]
    if ctx.facts.finished:
        return Outcome(MISSED, _ending(ctx), f"{cap(never)}; {ctx.stop}.")
    return _unsettled(ctx, f"So far {never}")


def _ending(ctx: Context) -> tuple[Evidence, ...]:
    ended = ctx.facts.ended
    return () if ended is None else (ended,)


def _not_fired(inject_id: str, ctx: Context) -> Outcome:
    """An inject that did not fire: was it ever due?"""
    spec = ctx.program.inject_index.get(inject_id)
    what = ctx.labels.inject(inject_id)
    end_t = ctx.facts.end_t
    due: int | None = None
    because: Evidence | None = None
    if spec is not None:
        if spec.contingency_by_ms is not None:
            due = spec.contingency_by_ms
            if spec.unless is not None:
                because = ctx.first_holding(spec.unless)
        elif spec.at_ms is not None:
            due = spec.at_ms
        elif spec.when is not None and spec.after_ms is not None:
            armed = ctx.first_holding(spec.when)
            due = None if armed is None else armed.t + spec.after_ms
    if due is not None and (due > end_t or (due == end_t and not ctx.facts.finished)):
        # a log that stops on the due tick may stop before the inject's own line
        return Outcome(NOT_OBSERVED, (), f"No {what}: it was not due before {clock(due)}, and "
                       f"{ctx.stop}, so this was not observed.")
    if because is not None and due is not None and because.t <= due:
        return Outcome(MISSED, (because,), f"No {what}: it was not needed, since "
                       f"{ctx.labels.said(because)} came before it was due at {clock(due)}.")
    if ctx.facts.finished or due is not None:
        return Outcome(MISSED, _ending(ctx), f"No {what}; {ctx.stop}.")
    return _unsettled(ctx, f"No {what} yet")


def _never(rule: Rule, ctx: Context) -> Outcome:
    assert rule.never is not None
    spec = EventSpec(performed=rule.never, by=rule.by)
    what = ctx.what(spec)
    found = ctx.events(spec)
    if found:
        return Outcome(MISSED, tuple(found[:3]),
                       f"{cap(ctx.labels.said(found[0]))}, which must never happen.")
    if not ctx.facts.finished:
        return _unsettled(ctx, f"No {what} so far")
    action = ctx.program.actions.get(rule.never)
    possible = None
    if action is not None and (rule.by is None or rule.by in action.roles):
        possible = ctx.first_holding(action.when)
    if possible is None:
        return Outcome(NOT_OBSERVED, (), f"No {what}, but it never became possible before "
                       f"{ctx.stop}, so this was not observed.")
    return Outcome(MET, (possible, *_ending(ctx)),
                   f"No {what}, though it was possible from {clock(possible.t)} (line "
                   f"{possible.i}) until {ctx.stop}.")


def _timed(rule: Rule, ctx: Context) -> Outcome:
    assert rule.event is not None
    events = ctx.events(rule.event)
    what = ctx.what(rule.event)
    first = events[0] if events else None
    said = ctx.labels.said
    if rule.before is not None:
        other = ctx.what(rule.before)
        others = ctx.events(rule.before)
        mark = others[0] if others else None
        if mark is not None and (first is None or mark.i < first.i):
            if first is None:
                return Outcome(MISSED, (mark,), f"{cap(said(mark))}, with no {what} "
                               "before it.")
            return Outcome(MISSED, (mark, first), f"{cap(said(mark))}, before {said(first)}.")
        if mark is None:
            done = f"{cap(said(first))}, but" if first else f"No {what} and"
            return Outcome(NOT_OBSERVED, (first,) if first else (),
                           f"{done} no {other} to come after it; {ctx.stop}, so the order was "
                           "not observed.")
        assert first is not None
        return Outcome(MET, (first, mark), f"{cap(said(first))}, before {said(mark)}.")
    if rule.after is not None:
        other = ctx.what(rule.after)
        others = ctx.events(rule.after)
        mark = others[0] if others else None
        if first is None:
            return Outcome(NOT_OBSERVED, (), f"No {what}; {ctx.stop}, so whether it came after "
                           f"{other} was not observed.")
        if mark is None or mark.i > first.i:
            later = f"; {other} came only at {clock(mark.t)} (line {mark.i})" if mark else (
                f", and no {other} before it")
            return Outcome(MISSED, (first, *([mark] if mark else [])),
                           f"{cap(said(first))}{later}.")
        return Outcome(MET, (mark, first), f"{cap(said(first))}, after {said(mark)}.")
    return _within(rule, ctx, events, what)


def _within(rule: Rule, ctx: Context, events: list[Evidence], what: str) -> Outcome:
    assert rule.within is not None
    said = ctx.labels.said
    if rule.of is not None:
        start = ctx.events(rule.of)
        if not start:
            return Outcome(NOT_OBSERVED, (), f"No {ctx.what(rule.of)} to time {what} from; "
                           f"{ctx.stop}, so this was not observed.")
        ref = start[0]
    else:
        ref = ctx.facts.start
    limit = round(rule.within * 1000)
    deadline = ref.t + limit
    after = [e for e in events if e.i >= ref.i]
    since = "the start" if rule.of is None else said(ref)
    if after and after[0].t <= deadline:
        return Outcome(MET, (ref, after[0]), f"{cap(said(after[0]))}, within "
                       f"{clock(limit)} of {since}.")
    if after:
        return Outcome(MISSED, (ref, after[0]), f"{cap(said(after[0]))}, later than "
                       f"{clock(limit)} after {since} (due by {clock(deadline)}).")
    if deadline <= ctx.facts.end_t:
        return Outcome(MISSED, (ref,), f"No {what} by {clock(deadline)} (due within "
                       f"{clock(limit)} of {since}).")
    return Outcome(NOT_OBSERVED, (ref,) if rule.of else (),
                   f"No {what}, which was due by {clock(deadline)}; {ctx.stop}, so this was not "
                   "observed.")


_OPS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def _compare(value: Value, comparison: Comparison) -> bool:
    op, wanted = comparison.op, comparison.value
    if op == "eq":
        return value == wanted
    if op == "ne":
        return value != wanted
    if isinstance(value, str) or isinstance(wanted, str):
        return False
    return {"lt": value < wanted, "le": value <= wanted,
            "gt": value > wanted, "ge": value >= wanted}[op]


def _variable(rule: Rule, ctx: Context) -> Outcome:
    assert rule.variable is not None
    facts, labels = ctx.facts, ctx.labels
    var = rule.variable
    changes = facts.changes.get(var, [])
    key = "at_end" if rule.at_end is not None else "max" if rule.max is not None else "min"
    comparison: Comparison = getattr(rule, key)
    if key == "at_end":
        value: Value = changes[-1][2] if changes else facts.initial[var]
        where = changes[-1] if changes else None
    else:
        pick = max if key == "max" else min
        numbers = [(v, n) for n, v in enumerate(facts.values(var)) if not isinstance(v, str)]
        value, index = pick(numbers, key=lambda pair: (pair[0], -pair[1]))
        where = changes[index - 1] if index > 0 else None
    shown = labels.value(var, value)
    evidence = () if where is None else (Evidence(where[0], where[1], "value", var, None, shown),)
    label = {"at_end": "at the end", "max": "at its highest", "min": "at its lowest"}[key]
    cited = f" ({evidence[0].cite()})" if evidence else " (its starting value)"
    wanted = f"{_OPS[comparison.op]} {labels.value(var, comparison.value)}"
    sentence = f"{labels.variable(var)} was {shown} {label}{cited}; expected {wanted}"
    holds = _compare(value, comparison)
    # A running maximum only rises and a running minimum only falls: a bound it has broken
    # stays broken, and a level it has reached stays reached, whatever comes later.
    settled_missed = key == "max" and comparison.op in ("lt", "le") or (
        key == "min" and comparison.op in ("gt", "ge"))
    settled_met = key == "max" and comparison.op in ("gt", "ge") or (
        key == "min" and comparison.op in ("lt", "le"))
    if not facts.finished and not (holds and settled_met or not holds and settled_missed):
        return _unsettled(ctx, sentence)
    if holds:
        ending = _ending(ctx) if not settled_met else ()
        return Outcome(MET, evidence + ending, sentence + ".")
    return Outcome(MISSED, evidence, sentence + ".")


def _count(rule: Rule, ctx: Context) -> Outcome:
    assert rule.count is not None
    found = ctx.events(rule.count)
    low, high = rule.at_least, rule.at_most
    n = len(found)
    bounds = " and ".join(part for part in (f"at least {low}" if low is not None else "",
                                           f"at most {high}" if high is not None else "") if part)
    cites = ", ".join(f"line {e.i}" for e in found[:5])
    sentence = (f"{ctx.what(rule.count)} {n} time{'s' * (n != 1)}"
                + (f" ({cites})" if cites else "") + f"; expected {bounds}")
    if high is not None and n > high:
        return Outcome(MISSED, tuple(found[:5]), cap(sentence) + ".")
    if low is not None and n < low or high is not None:
        if not ctx.facts.finished:
            return _unsettled(ctx, cap(sentence))
        ok = low is None or n >= low
        return Outcome(MET if ok else MISSED, tuple(found[:5]) + _ending(ctx),
                       cap(sentence) + f"; {ctx.stop}.")
    return Outcome(MET, tuple(found[:5]), cap(sentence) + ".")
