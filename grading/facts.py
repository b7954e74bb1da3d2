"""The facts of one session log, indexed once for the rules, and the scenario's human names.

``Facts.build`` indexes a log's events by action, decision, inject, hazard, ending and
variable; ``Labels`` turns the ids in them into the words a trainer wrote in the scenario.
Nothing here reads files or clocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.scenario.schema import Scenario

Value = bool | int | float | str


def clock(t_ms: int) -> str:
    """Scenario time as ``mm:ss``."""
    seconds = t_ms // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def humane(identifier: str) -> str:
    """An id as words, for things the scenario gives no name: ``goods_secured`` → goods secured."""
    return identifier.replace("_", " ").replace("-", " ")


def gist(text: str, width: int = 48) -> str:
    """The opening words of a text, cut at a word before ``width`` characters."""
    first = text.strip().split(". ")[0].rstrip(".")
    if len(first) <= width:
        return first
    return first[:width].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True, order=True)
class Evidence:
    """One log event a rating rests on: its line ``i`` and scenario time ``t`` (ms)."""

    i: int
    t: int
    kind: str
    subject: str
    actor: str | None = None
    detail: str | None = None

    def cite(self) -> str:
        return f"line {self.i}, {clock(self.t)}"

    def describe(self) -> str:
        who = f" by {self.actor}" if self.actor else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"#{self.i} at {clock(self.t)}: {self.kind} {self.subject}{extra}{who}"

    def to_dict(self) -> dict[str, Any]:
        return {"i": self.i, "t_ms": self.t, "time": clock(self.t), "kind": self.kind,
                "subject": self.subject, "actor": self.actor, "detail": self.detail}


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
    records: list[Mapping[str, Any]] = field(default_factory=list)
    asked_by: dict[int, str] = field(default_factory=dict)  # performed line -> who asked
    by_engine: set[int] = field(default_factory=set)  # performed lines the engine played

    @classmethod
    def build(cls, scenario: Scenario, records: Iterable[Mapping[str, Any]]) -> Facts:
        kept = records if isinstance(records, list) else list(records)
        facts = cls(initial={v.id: v.initial for v in scenario.variables}, records=kept)
        hazard_vars = {h.id: h.variable for h in scenario.hazards}
        for r in kept:
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

    @property
    def finished(self) -> bool:
        """Whether the session reached an ending (not only stopped, or was cut short)."""
        return bool(self.ending)

    @property
    def ended(self) -> Evidence | None:
        return min((e for found in self.ending.values() for e in found), default=None)

    def values(self, var: str) -> list[Value]:
        return [self.initial[var], *(value for _, _, value in self.changes.get(var, []))]


class Labels:
    """The scenario's own words for the ids a log holds (action labels, role names, ...)."""

    def __init__(self, scenario: Scenario) -> None:
        self.actions = {a.id: a.label for a in scenario.actions}
        self.roles = {r.id: r.name for r in scenario.roles}
        self.decisions = {d.id: d.prompt for d in scenario.decisions}
        self.options = {(d.id, o.id): o.label for d in scenario.decisions for o in d.options}
        self.injects = {i.id: i for i in scenario.injects}
        self.hazards = {h.id: h.name for h in scenario.hazards}
        self.variables = {v.id: (v.label or humane(v.id)) for v in scenario.variables}
        self.units = {v.id: v.unit for v in scenario.variables if getattr(v, "unit", None)}
        self.props = {p.id: p.name for p in scenario.props}
        self.documents = {d.id: d.title for d in scenario.documents}

    def action(self, action_id: str) -> str:
        return self.actions.get(action_id, humane(action_id))

    def role(self, role_id: str | None) -> str:
        return "" if role_id is None else self.roles.get(role_id, humane(role_id))

    def decision(self, decision_id: str) -> str:
        return self.decisions.get(decision_id, humane(decision_id))

    def option(self, decision_id: str, option_id: str | None) -> str:
        if option_id is None:
            return "no option"
        return self.options.get((decision_id, option_id), humane(option_id))

    def inject(self, inject_id: str) -> str:
        spec = self.injects.get(inject_id)
        if spec is None:
            return f"inject '{humane(inject_id)}'"
        who = self.role(spec.originator)
        return f"inject {spec.number} from the {who} (“{gist(spec.content)}”)"

    def ending(self, ending_id: str) -> str:
        return f"the ending '{humane(ending_id)}'"

    def hazard(self, hazard_id: str) -> str:
        return self.hazards.get(hazard_id, humane(hazard_id))

    def variable(self, var: str) -> str:
        return self.variables.get(var, humane(var))

    def value(self, var: str, value: Value) -> str:
        unit = self.units.get(var)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            return humane(value)
        return f"{value:g} {unit}" if unit else f"{value:g}"

    def event(self, e: Evidence) -> str:
        """One logged event in words: what happened and who did it, without the time."""
        who = f" ({self.role(e.actor)})" if e.actor else ""
        if e.kind == "performed":
            return f"“{self.action(e.subject)}”{who}"
        if e.kind in ("decided", "decision_timed_out"):
            option = (e.detail or "").removeprefix("option ").removesuffix(" (timed out)")
            how = "timed out on" if e.kind == "decision_timed_out" else "answered"
            return (f"{how} “{self.decision(e.subject)}” with “{self.option(e.subject, option)}”"
                    f"{who}")
        if e.kind == "fired":
            return self.inject(e.subject)
        if e.kind == "refused":
            name = self.actions.get(e.subject) or self.decisions.get(e.subject) or e.subject
            return f"“{name}” refused{who}"
        if e.kind == "threshold":
            return f"{self.hazard(e.subject)} past its threshold"
        if e.kind == "ended":
            return f"{self.ending(e.subject)} ({e.detail})"
        if e.kind == "value":
            return f"{self.variable(e.subject)} at {e.detail}"
        if e.kind == "state":
            return e.detail or humane(e.subject)
        if e.kind == "started":
            return "the start"
        return humane(e.subject)

    def said(self, e: Evidence) -> str:
        """``event at mm:ss (line N)``: an event as a report sentence cites it."""
        return f"{self.event(e)} at {clock(e.t)} (line {e.i})"
