"""Checklist rules as pure predicates over the facts of one session log.

``Facts.build`` indexes a log's events once (by action, decision, inject, hazard, ending and
variable); ``evaluate`` answers a rule with met/missed, the events that show it (index, scenario
time, actor) and, when missed, the reason in one sentence built from ids. Nothing here reads
files or clocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.scenario.schema import Scenario
from grading.checklist import Comparison, EventSpec, Rule

Value = bool | int | float | str


def clock(t_ms: int) -> str:
    """Scenario time as ``mm:ss``."""
    seconds = t_ms // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


@dataclass(frozen=True, order=True)
class Evidence:
    """One log event a rating rests on."""

    i: int
    t: int
    kind: str
    subject: str
    actor: str | None = None
    detail: str | None = None

    def describe(self) -> str:
        who = f" by {self.actor}" if self.actor else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"#{self.i} at {clock(self.t)}: {self.kind} {self.subject}{extra}{who}"

    def to_dict(self) -> dict[str, Any]:
        return {"i": self.i, "t_ms": self.t, "time": clock(self.t), "kind": self.kind,
                "subject": self.subject, "actor": self.actor, "detail": self.detail}


@dataclass(frozen=True)
class Outcome:
    met: bool
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""


@dataclass
class Facts:
    """A log's events indexed for the rules: each list is in log order."""

    performed: dict[str, list[Evidence]] = field(default_factory=dict)
    chosen: dict[str, list[Evidence]] = field(default_factory=dict)
    fired: dict[str, list[Evidence]] = field(default_factory=dict)
    refused: dict[str, list[Evidence]] = field(default_factory=dict)
    threshold: dict[str, list[Evidence]] = field(default_factory=dict)
    ending: dict[str, list[Evidence]] = field(default_factory=dict)
    initial: dict[str, Value] = field(default_factory=dict)
    changes: dict[str, list[tuple[int, int, Value]]] = field(default_factory=dict)
    start: Evidence = Evidence(0, 0, "started", "session")
    end_i: int = 0
    end_t: int = 0
    asked_by: dict[int, str] = field(default_factory=dict)  # performed line -> who asked
    by_engine: set[int] = field(default_factory=set)  # performed lines the engine played

    @classmethod
    def build(cls, scenario: Scenario, records: Iterable[Mapping[str, Any]]) -> Facts:
        facts = cls(initial={v.id: v.initial for v in scenario.variables})
        hazard_vars = {h.id: h.variable for h in scenario.hazards}
        for r in records:
            i, t, k = r["i"], r["t"], r["k"]
            facts.end_i, facts.end_t = i, t
            if k == "performed":
                outcome = r.get("outcome")
                notes = [f"outcome {outcome}" if outcome else "",
                         f"asked by {r['asked_by']}" if r.get("asked_by") else "",
                         "played by the engine" if r.get("engine") else ""]
                ev = Evidence(i, t, k, r["action"], r.get("role"),
                              "; ".join(n for n in notes if n) or None)
                facts.performed.setdefault(r["action"], []).append(ev)
                if r.get("asked_by"):
                    facts.asked_by[i] = str(r["asked_by"])
                if r.get("engine"):
                    facts.by_engine.add(i)
            elif k == "variable_changed":
                facts.changes.setdefault(r["var"], []).append((i, t, r["value"]))
            elif k == "hazard_level" or k == "hazard_threshold":
                var = hazard_vars.get(r["hazard"])
                if var is not None:
                    facts.changes.setdefault(var, []).append((i, t, r["value"]))
                if k == "hazard_threshold":
                    ev = Evidence(i, t, "threshold", r["hazard"], None,
                                  f"{r['value']} passed {r['threshold']}")
                    facts.threshold.setdefault(r["hazard"], []).append(ev)
            elif k == "decided" or k == "decision_timed_out":
                detail = f"option {r.get('option')}" + ("" if k == "decided" else " (timed out)")
                ev = Evidence(i, t, k, r["decision"], r.get("role"), detail)
                if k == "decided":
                    facts.chosen.setdefault(f"{r['decision']}/{r['option']}", []).append(ev)
                facts.chosen.setdefault(r["decision"], []).append(ev)
            elif k == "inject_fired":
                facts.fired.setdefault(r["inject"], []).append(Evidence(i, t, "fired", r["inject"]))
            elif k == "refused":
                name = r.get("do") or r.get("choose") or "?"
                ev = Evidence(i, t, k, name, r.get("role"), str(r.get("reason")))
                facts.refused.setdefault(name, []).append(ev)
            elif k == "ended":
                ev = Evidence(i, t, k, r["ending"], None, r.get("outcome"))
                facts.ending.setdefault(r["ending"], []).append(ev)
            elif k == "started":
                facts.start = Evidence(i, t, k, "session")
        return facts

    def events(self, spec: EventSpec) -> list[Evidence]:
        """Occurrences of ``spec`` in log order."""
        kind = spec.kind
        if kind == "chosen":
            found = [e for e in self.chosen.get(f"{spec.chosen}/{spec.option}", [])]
        else:
            found = getattr(self, kind).get(spec.subject, [])
        if spec.by is not None:
            found = [e for e in found if e.actor == spec.by]
        if spec.asked_by is not None:
            found = [e for e in found if self.asked_by.get(e.i) == spec.asked_by]
        if spec.played_by is not None:
            engine = spec.played_by == "engine"
            found = [e for e in found if (e.i in self.by_engine) == engine]
        return found

    def values(self, var: str) -> list[Value]:
        return [self.initial[var], *(value for _, _, value in self.changes.get(var, []))]


def describe(spec: EventSpec) -> str:
    """An event spec in a few words, e.g. ``performed 'don_ppe' by customs_officer``."""
    kind = spec.kind
    text = {
        "performed": f"'{spec.subject}' performed",
        "chosen": f"option '{spec.option}' chosen at '{spec.subject}'",
        "fired": f"inject '{spec.subject}'",
        "refused": f"'{spec.subject}' refused",
        "threshold": f"hazard '{spec.subject}' past a threshold",
        "ending": f"ending '{spec.subject}'",
    }[kind]
    text += f" by {spec.by}" if spec.by else ""
    text += f" at the request of {spec.asked_by}" if spec.asked_by else ""
    if spec.played_by is not None:
        text += " (played by a person)" if spec.played_by == "person" else " (by the engine)"
    return text


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


_OPS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


def evaluate(rule: Rule, facts: Facts) -> Outcome:
    """Whether ``rule`` holds over ``facts``, with its evidence or the reason it does not."""
    kind = rule.kind
    if kind in ("performed", "chosen", "fired", "refused", "threshold", "ending"):
        found = facts.events(rule)
        if found:
            return Outcome(True, (found[0],))
        return Outcome(False, (), f"never happened: {describe(rule)}")
    if kind == "never":
        assert rule.never is not None
        given = {"by": rule.by, "asked_by": rule.asked_by, "played_by": rule.played_by}
        spec = EventSpec(performed=rule.never, **{k: v for k, v in given.items() if v})
        found = facts.events(spec)
        if found:
            return Outcome(False, tuple(found[:3]), f"happened, but must not: {describe(spec)}")
        return Outcome(True, (), "")
    if kind == "event":
        return _timed(rule, facts)
    if kind == "variable":
        return _variable(rule, facts)
    if kind == "count":
        assert rule.count is not None
        found = facts.events(rule.count)
        low, high = rule.at_least, rule.at_most
        ok = (low is None or len(found) >= low) and (high is None or len(found) <= high)
        bounds = " and ".join(
            part for part in (f"at least {low}" if low is not None else "",
                              f"at most {high}" if high is not None else "") if part)
        reason = "" if ok else f"{describe(rule.count)} {len(found)} times; expected {bounds}"
        return Outcome(ok, tuple(found[:5]), reason)
    if kind == "not":
        assert rule.not_ is not None
        inner = evaluate(rule.not_, facts)
        reason = "" if not inner.met else "happened, but must not: " + (
            ", ".join(e.describe() for e in inner.evidence) or "the condition held")
        return Outcome(not inner.met, inner.evidence, reason)
    parts = [evaluate(part, facts) for part in (rule.all_ or rule.any_ or [])]
    if kind == "all":
        missed = [p.reason for p in parts if not p.met]
        evidence = tuple(sorted({e for p in parts for e in p.evidence}))
        return Outcome(not missed, evidence, "; ".join(missed))
    met = [p for p in parts if p.met]
    if met:
        return Outcome(True, met[0].evidence, "")
    return Outcome(False, (), "none held: " + "; ".join(p.reason for p in parts))


def _timed(rule: Rule, facts: Facts) -> Outcome:
    assert rule.event is not None
    events = facts.events(rule.event)
    if not events:
        return Outcome(False, (), f"never happened: {describe(rule.event)}")
    first = events[0]
    if rule.before is not None:
        others = facts.events(rule.before)
        if others and others[0].i < first.i:
            reason = (f"{describe(rule.before)} at {clock(others[0].t)} came before "
                      f"{describe(rule.event)} at {clock(first.t)}")
            return Outcome(False, (others[0], first), reason)
        return Outcome(True, (first, *others[:1]), "")
    if rule.after is not None:
        others = facts.events(rule.after)
        if not others or others[0].i > first.i:
            when = f"at {clock(others[0].t)}" if others else "never"
            reason = (f"{describe(rule.event)} at {clock(first.t)}, but {describe(rule.after)} "
                      f"came {when}")
            return Outcome(False, (first, *others[:1]), reason)
        return Outcome(True, (others[0], first), "")
    assert rule.within is not None
    reference = facts.events(rule.of)[:1] if rule.of is not None else [facts.start]
    what = describe(rule.of) if rule.of is not None else "the start"
    if not reference:
        return Outcome(False, (), f"{what} never happened, so nothing to time from")
    ref = reference[0]
    limit_ms = round(rule.within * 1000)
    after_ref = [e for e in events if e.i >= ref.i]
    if after_ref and after_ref[0].t - ref.t <= limit_ms:
        return Outcome(True, (ref, after_ref[0]), "")
    when = f"at {clock(after_ref[0].t)}" if after_ref else "never after it"
    reason = (f"{describe(rule.event)} {when}; expected within {clock(limit_ms)} of {what} "
              f"({clock(ref.t)})")
    return Outcome(False, (ref, *after_ref[:1]), reason)


def _variable(rule: Rule, facts: Facts) -> Outcome:
    assert rule.variable is not None
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
    evidence = () if where is None else (
        Evidence(where[0], where[1], "value", var, None, str(value)),)
    label = {"at_end": "at the end", "max": "at its highest", "min": "at its lowest"}[key]
    if _compare(value, comparison):
        return Outcome(True, evidence, "")
    reason = f"'{var}' was {value} {label}; expected {_OPS[comparison.op]} {comparison.value}"
    return Outcome(False, evidence, reason)
