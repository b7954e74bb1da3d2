"""Checklists: exercise evaluation guides (capability → target → critical task) as YAML.

A checklist lives at ``scenarios/<id>/checklist.yaml`` beside its scenario. Each item carries a
rule (a pure predicate over the session log, see ``grading.rules``), a weight, whether it is
critical (missing it adds risk or departs from procedure) or essential (missing it defeats the
capability's objective), the guidance line(s) it encodes and the feedback a trainee reads.
Problems are reported as located diagnostics: CHK001..CHK003 for the structure (from pydantic),
CHK004.. for references the scenario does not have.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, model_validator

from engine.errors import Diagnostic, TaskforceError, did_you_mean
from engine.scenario.guidance import GUIDANCE, GUIDANCE_DOC
from engine.scenario.loader import LoadedScenario, file_diagnostics
from engine.scenario.schema import Agency, Id, Level, Model, Scalar, Seconds, Text
from engine.scenario.yamlsource import Source

CHECKLIST_FILE = "checklist.yaml"
GuidanceId = Annotated[str, Field(pattern=r"^G[0-9]+\.[0-9]+$")]
Share = Annotated[float, Field(ge=0, le=1)]


def _exactly_one(present: set[str], mains: tuple[str, ...], what: str) -> str:
    found = [key for key in mains if key in present]
    if len(found) != 1:
        keys = ", ".join(f"'{k}'" for k in mains)
        got = " and ".join(f"'{k}'" for k in found) if found else "none of them"
        raise ValueError(f"{what} needs exactly one of {keys}; it has {got}")
    return found[0]


def _given(model: BaseModel, mains: tuple[str, ...]) -> set[str]:
    """The keys written; the one that says what kind it is must have a value
    (``{performed: ~}`` says nothing)."""
    for name in model.model_fields_set:
        field = type(model).model_fields[name]
        if (field.alias or name) in mains and getattr(model, name) is None:
            raise ValueError(f"'{field.alias or name}' needs a value")
    return set(model.model_fields_set)


def _only(present: set[str], allowed: set[str], kind: str, what: str) -> None:
    extra = sorted(present - allowed)
    if extra:
        raise ValueError(f"'{extra[0]}' does not belong in a '{kind}' {what}")


class Comparison(Model):
    """Exactly one comparison, e.g. ``{lt: 60}`` or ``{eq: isolation_bay}``."""

    eq: Scalar | None = None
    ne: Scalar | None = None
    lt: float | None = None
    le: float | None = None
    gt: float | None = None
    ge: float | None = None

    @model_validator(mode="after")
    def _one(self) -> Comparison:
        ops = ("eq", "ne", "lt", "le", "gt", "ge")
        _exactly_one(_given(self, ops), ops, "a comparison")
        return self

    @property
    def op(self) -> str:
        return next(iter(self.model_fields_set))

    @property
    def value(self) -> Scalar:
        value: Scalar = getattr(self, self.op)
        return value


EVENT_KEYS = ("performed", "chosen", "fired", "refused", "threshold", "ending")
_EVENT_COMPANIONS = {
    "performed": {"by", "asked_by", "played_by"},
    "chosen": {"option", "by"},
    "fired": set(),
    "refused": {"by"},
    "threshold": set(),
    "ending": set(),
}


class EventSpec(Model):
    """Which log events a rule looks at: one kind, optionally narrowed by role or option."""

    performed: Id | None = Field(None, description="An action performed.")
    chosen: Id | None = Field(None, description="A decision point answered (by a trainee).")
    option: Id | None = Field(None, description="With 'chosen': the option taken.")
    fired: Id | None = Field(None, description="An inject that fired.")
    refused: Id | None = Field(None, description="An action or decision the scenario refused.")
    threshold: Id | None = Field(None, description="A hazard that crossed one of its thresholds.")
    ending: Id | None = Field(None, description="An ending reached.")
    by: Id | None = Field(None, description="Only when this role did it.")
    asked_by: Id | None = Field(
        None, description="With 'performed': only when done at this role's request."
    )
    played_by: Literal["person", "engine"] | None = Field(
        None, description="With 'performed': only when a person (or the engine) played the role "
        "that did it."
    )

    @model_validator(mode="after")
    def _shape(self) -> EventSpec:
        present = _given(self, EVENT_KEYS)
        kind = _exactly_one(present, EVENT_KEYS, "an event")
        _only(present, {kind, *_EVENT_COMPANIONS[kind]}, kind, "event")
        if kind == "chosen" and self.option is None:
            raise ValueError("a 'chosen' event needs the 'option' taken")
        return self

    @cached_property
    def kind(self) -> str:
        return next(key for key in EVENT_KEYS if key in self.model_fields_set)

    @property
    def subject(self) -> str:
        subject: str = getattr(self, self.kind)
        return subject


RULE_KEYS = (*EVENT_KEYS, "never", "event", "variable", "count", "all", "any", "not")
_RULE_COMPANIONS: dict[str, set[str]] = {
    **_EVENT_COMPANIONS,
    "never": {"by", "asked_by", "played_by"},
    "event": {"before", "after", "within", "of"},
    "variable": {"at_end", "max", "min"},
    "count": {"at_least", "at_most"},
    "all": set(),
    "any": set(),
    "not": set(),
}


class Rule(EventSpec):
    """A pure predicate over a session log. One kind per rule:

    ``performed``/``chosen``/``fired``/``refused``/``threshold``/``ending`` (it happened),
    ``never`` (an action never performed), ``event`` with ``before``/``after``/``within`` (+``of``),
    ``variable`` with ``at_end``/``max``/``min``, ``count`` with ``at_least``/``at_most``,
    and ``all``/``any``/``not`` to combine rules.
    """

    never: Id | None = Field(None, description="An action that must never be performed.")
    event: EventSpec | None = Field(None, description="The event being timed.")
    before: EventSpec | None = Field(None, description="'event' happened, and not after this one.")
    after: EventSpec | None = Field(None, description="'event' happened after this one.")
    within: Seconds | None = Field(None, description="'event' happened this soon after 'of'.")
    of: EventSpec | None = Field(None, description="With 'within': from this event (or the start).")
    variable: Id | None = Field(None, description="A scenario variable (or hazard variable).")
    at_end: Comparison | None = Field(None, description="Its value when the session ended.")
    max: Comparison | None = Field(None, description="Its highest value over the session.")
    min: Comparison | None = Field(None, description="Its lowest value over the session.")
    count: EventSpec | None = Field(None, description="How many times an event happened.")
    at_least: Annotated[int, Field(ge=0)] | None = None
    at_most: Annotated[int, Field(ge=0)] | None = None
    all_: list[Rule] | None = Field(None, alias="all", min_length=1)
    any_: list[Rule] | None = Field(None, alias="any", min_length=1)
    not_: Rule | None = Field(None, alias="not")

    @model_validator(mode="after")
    def _shape(self) -> Rule:
        present = {"all" if k == "all_" else "any" if k == "any_" else "not" if k == "not_" else k
                   for k in _given(self, RULE_KEYS)}
        kind = _exactly_one(present, RULE_KEYS, "a rule")
        _only(present, {kind, *_RULE_COMPANIONS[kind]}, kind, "rule")
        if kind == "chosen" and self.option is None:
            raise ValueError("a 'chosen' rule needs the 'option' taken")
        if kind == "event":
            timing = _exactly_one(present, ("before", "after", "within"), "an 'event' rule")
            if "of" in present and timing != "within":
                raise ValueError("'of' belongs with 'within'")
        if kind == "variable":
            _exactly_one(present, ("at_end", "max", "min"), "a 'variable' rule")
        if kind == "count" and self.at_least is None and self.at_most is None:
            raise ValueError("a 'count' rule needs 'at_least' or 'at_most'")
        return self

    @cached_property
    def kind(self) -> str:
        for key in RULE_KEYS:
            name = {"all": "all_", "any": "any_", "not": "not_"}.get(key, key)
            if name in self.model_fields_set:
                return key
        raise AssertionError("validated rules have a kind")


class Feedback(Model):
    met: Text = Field(description="What the trainee did well (shown when the item is met).")
    missed: Text = Field(description="What was missed and why it matters.")


class Item(Model):
    """A critical task: one observable behaviour and the rule that recognises it in a log."""

    id: Id
    text: Text
    level: Level
    role: Id | None = Field(None, description="The role responsible (or give 'agency').")
    agency: Agency | None = Field(None, description="The agency responsible (or give 'role').")
    guidance: list[GuidanceId] = Field(
        min_length=1, description="Guidance ids (docs/guidance.md)."
    )
    rule: Rule
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    critical: bool = Field(False, description="Missing it adds risk or departs from procedure.")
    essential: bool = Field(False, description="Missing it means the objective was not met.")
    feedback: Feedback

    @model_validator(mode="after")
    def _responsible(self) -> Item:
        if (self.role is None) == (self.agency is None):
            raise ValueError("an item names who is responsible: either 'role' or 'agency'")
        return self


class Target(Model):
    id: Id
    text: Text
    tasks: list[Item] = Field(min_length=1)


class Capability(Model):
    id: Id
    name: Text
    objective: Id | None = Field(None, description="The scenario objective it evaluates.")
    targets: list[Target] = Field(min_length=1)

    @property
    def items(self) -> list[Item]:
        return [item for target in self.targets for item in target.tasks]


class RatingPolicy(Model):
    """Thresholds of the P/S/M/U rule (shares of a capability's total weight)."""

    some_share: Share = Field(
        0.25, description="S: only non-critical items missed, at most this share of the weight."
    )
    unable_share: Share = Field(
        0.75, description="U: at least this share of the weight missed (or an essential item)."
    )
    not_observed: Literal["excluded", "missed"] = Field(
        "excluded",
        description="Tasks the log could not show: left out of the shares ('excluded'), or "
        "counted as missed ('missed').",
    )
    min_observed: Share = Field(
        0.5,
        description="A capability is rated only when at least this share of its weight was "
        "observed; otherwise it is 'not rated'.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> RatingPolicy:
        if self.some_share >= self.unable_share:
            raise ValueError("'some_share' must be smaller than 'unable_share'")
        return self


class Checklist(Model):
    format: Literal[1] = 1
    id: Id
    scenario: Id = Field(description="The id of the scenario this checklist grades.")
    version: str
    title: Text
    rating: RatingPolicy = RatingPolicy()
    capabilities: list[Capability] = Field(min_length=1)

    def items(self) -> Iterator[tuple[Capability, Target, Item]]:
        for capability in self.capabilities:
            for target in capability.targets:
                for item in target.tasks:
                    yield capability, target, item


# --- semantic checks -------------------------------------------------------------------------

def checklist_diagnostics(
    path: Path, loaded: LoadedScenario
) -> tuple[Checklist | None, list[Diagnostic]]:
    """The checklist at ``path`` checked against ``loaded``'s scenario, or every problem."""
    checked, found = file_diagnostics(
        path, Checklist, "CHK",
        lambda checklist, source: _References(source, loaded).check(checklist),
    )
    return (None if checked is None else checked[0]), found


def load_checklist(path: str | Path, loaded: LoadedScenario) -> Checklist:
    checklist, found = checklist_diagnostics(Path(path), loaded)
    if checklist is None:
        raise TaskforceError(found)
    return checklist


def checklist_file_diagnostics(path: Path, loaded: LoadedScenario) -> list[Diagnostic]:
    return checklist_diagnostics(path, loaded)[1]


class _References:
    """Checks that a parsed checklist names only what its scenario has."""

    def __init__(self, source: Source, loaded: LoadedScenario) -> None:
        s = loaded.scenario
        self.source = source
        self.scenario = s
        self.roles = {r.id for r in s.roles}
        self.actions = {a.id: set(a.roles) for a in s.actions}
        self.decisions = {d.id: d for d in s.decisions}
        self.injects = {i.id for i in s.injects}
        self.hazards = {h.id for h in s.hazards}
        self.endings = {e.id for e in s.endings}
        self.variables = {v.id: v for v in s.variables}
        self.objectives = {o.id for o in s.objectives}
        self.asked_for: dict[str, set[str]] = {}  # action -> roles asked for it
        self.engine_does: dict[str, set[str]] = {}  # action -> roles the engine takes it as
        for r in s.roles:
            for asked in r.on_request:
                self.asked_for.setdefault(asked.action, set()).add(r.id)
                self.engine_does.setdefault(asked.action, set()).add(r.id)
            for b in r.behaviours:
                if b.do is not None:
                    self.engine_does.setdefault(b.do, set()).add(r.id)

    def unknown(self, loc: tuple[Any, ...], kind: str, value: str, pool: Any) -> Diagnostic:
        hint = did_you_mean(value, pool)
        return self.source.diagnostic(loc, "CHK005", f"the scenario has no {kind} '{value}'", hint)

    def check(self, checklist: Checklist) -> Iterator[Diagnostic]:
        if checklist.scenario != self.scenario.id:
            yield self.source.diagnostic(
                ("scenario",), "CHK007",
                f"this checklist is for scenario '{checklist.scenario}', but it sits beside "
                f"scenario '{self.scenario.id}'",
            )
        seen: dict[str, str] = {}
        for c, cap in enumerate(checklist.capabilities):
            at: tuple[Any, ...] = ("capabilities", c)
            yield from self.unique(seen, cap.id, (*at, "id"))
            if cap.objective is not None and cap.objective not in self.objectives:
                yield self.unknown((*at, "objective"), "objective", cap.objective, self.objectives)
            for t, target in enumerate(cap.targets):
                at_t = (*at, "targets", t)
                yield from self.unique(seen, target.id, (*at_t, "id"))
                for n, item in enumerate(target.tasks):
                    at_i = (*at_t, "tasks", n)
                    yield from self.unique(seen, item.id, (*at_i, "id"))
                    if item.role is not None and item.role not in self.roles:
                        yield self.unknown((*at_i, "role"), "role", item.role, self.roles)
                    for g, guidance in enumerate(item.guidance):
                        if guidance not in GUIDANCE:
                            yield self.source.diagnostic(
                                (*at_i, "guidance", g), "CHK006",
                                f"'{guidance}' is not a guidance line (see {GUIDANCE_DOC})",
                                did_you_mean(guidance, GUIDANCE),
                            )
                    yield from self.rule(item.rule, (*at_i, "rule"))

    def unique(self, seen: dict[str, str], value: str, loc: tuple[Any, ...]) -> (
        Iterator[Diagnostic]
    ):
        if value in seen:
            yield self.source.diagnostic(
                loc, "CHK004", f"the id '{value}' is already used by a {seen[value]}",
                "capabilities, targets and items share one set of ids",
            )
        else:
            seen[value] = {3: "capability", 5: "target"}.get(len(loc), "task")

    def rule(self, rule: Rule, loc: tuple[Any, ...]) -> Iterator[Diagnostic]:
        kind = rule.kind
        if kind in EVENT_KEYS:
            yield from self.event(rule, loc)
        elif kind == "never":
            assert rule.never is not None
            yield from self.action(rule.never, rule.by, loc, "never")
            yield from self.credit(rule.never, rule, loc)
        elif kind == "event":
            for key in ("event", "before", "after", "of"):
                spec = getattr(rule, key)
                if spec is not None:
                    yield from self.event(spec, (*loc, key))
        elif kind == "count":
            assert rule.count is not None
            yield from self.event(rule.count, (*loc, "count"))
        elif kind == "variable":
            yield from self.variable(rule, loc)
        elif kind in ("all", "any"):
            for n, part in enumerate(rule.all_ or rule.any_ or []):
                yield from self.rule(part, (*loc, kind, n))
        else:
            assert rule.not_ is not None
            yield from self.rule(rule.not_, (*loc, "not"))

    def action(self, action: str, by: str | None, loc: tuple[Any, ...], key: str) -> (
        Iterator[Diagnostic]
    ):
        if action not in self.actions:
            yield self.unknown((*loc, key), "action", action, self.actions)
        elif by is not None and by in self.roles and by not in self.actions[action]:
            yield self.source.diagnostic(
                (*loc, "by"), "CHK009",
                f"role '{by}' cannot perform '{action}', so this rule can never be met",
                f"roles that can: {', '.join(sorted(self.actions[action]))}",
            )
        if by is not None and by not in self.roles:
            yield self.unknown((*loc, "by"), "role", by, self.roles)

    def event(self, spec: EventSpec, loc: tuple[Any, ...]) -> Iterator[Diagnostic]:
        kind, subject = spec.kind, spec.subject
        if kind == "performed":
            yield from self.action(subject, spec.by, loc, kind)
            yield from self.credit(subject, spec, loc)
            return
        if spec.by is not None and spec.by not in self.roles:
            yield self.unknown((*loc, "by"), "role", spec.by, self.roles)
        if kind == "chosen":
            decision = self.decisions.get(subject)
            if decision is None:
                yield self.unknown((*loc, kind), "decision", subject, self.decisions)
                return
            options = {o.id for o in decision.options}
            if spec.option not in options:
                yield self.source.diagnostic(
                    (*loc, "option"), "CHK005",
                    f"decision '{subject}' has no option '{spec.option}'",
                    did_you_mean(str(spec.option), options),
                )
            if spec.by is not None and spec.by in self.roles and spec.by not in decision.roles:
                yield self.source.diagnostic(
                    (*loc, "by"), "CHK009",
                    f"role '{spec.by}' cannot answer '{subject}', so this rule can never be met",
                )
            return
        pools = {
            "fired": ("inject", self.injects),
            "refused": ("action or decision", set(self.actions) | set(self.decisions)),
            "threshold": ("hazard", self.hazards),
            "ending": ("ending", self.endings),
        }
        what, pool = pools[kind]
        if subject not in pool:
            yield self.unknown((*loc, kind), what, subject, pool)

    def credit(self, action: str, spec: EventSpec, loc: tuple[Any, ...]) -> Iterator[Diagnostic]:
        """``asked_by`` needs a role asked for the action; ``played_by: engine`` needs a role
        the engine takes it as (asked, or on its own)."""
        if action not in self.actions:
            return
        partners = self.asked_for.get(action, set()) - {spec.asked_by}
        if spec.by is not None:
            partners &= {spec.by}
        if spec.asked_by is not None and not partners:
            yield self.source.diagnostic(
                (*loc, "asked_by"), "CHK020",
                f"no role{' ' + spec.by if spec.by else ''} is asked for '{action}' in the "
                f"scenario, so this rule can never be met",
                "give the role an 'on_request' entry for the action")
        engine = self.engine_does.get(action, set())
        if spec.by is not None:
            engine &= {spec.by}
        if spec.played_by == "engine" and not engine:
            yield self.source.diagnostic(
                (*loc, "played_by"), "CHK021",
                f"the engine never takes '{action}'{' as ' + spec.by if spec.by else ''}, so "
                "this rule can never be met", "give the role a request or a behaviour for it")

    def variable(self, rule: Rule, loc: tuple[Any, ...]) -> Iterator[Diagnostic]:
        assert rule.variable is not None
        spec = self.variables.get(rule.variable)
        if spec is None:
            yield self.unknown((*loc, "variable"), "variable", rule.variable, self.variables)
            return
        key = next(k for k in ("at_end", "max", "min") if getattr(rule, k) is not None)
        comparison: Comparison = getattr(rule, key)
        at = (*loc, key, comparison.op)
        numeric = spec.type in ("int", "float")
        value = comparison.value
        if key != "at_end" and not numeric:
            yield self.source.diagnostic(
                (*loc, key), "CHK008",
                f"'{key}' needs a number variable; '{spec.id}' is {spec.type}", "use 'at_end'",
            )
        elif comparison.op in ("lt", "le", "gt", "ge") and not numeric:
            yield self.source.diagnostic(
                at, "CHK008", f"'{comparison.op}' compares numbers; '{spec.id}' is {spec.type}"
            )
        elif spec.type == "bool" and not isinstance(value, bool):
            yield self.source.diagnostic(
                at, "CHK008", f"'{spec.id}' is true or false, not {value!r}"
            )
        elif spec.type == "enum" and value not in (spec.values or []):
            yield self.source.diagnostic(
                at, "CHK008", f"'{spec.id}' has no value '{value}'",
                did_you_mean(str(value), spec.values or []),
            )
        elif numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
            yield self.source.diagnostic(
                at, "CHK008", f"'{spec.id}' is a number; compare it with a number"
            )


def register() -> None:
    """Let ``taskforce validate`` check checklists and ``taskforce test`` check ratings."""
    from engine.scenario.loader import EXTRA_CHECKERS, WALKTHROUGH_CHECKERS
    from engine.walkthrough_tests import EXTRA_CHECKS
    from grading.expect import expectation_diagnostics
    from grading.grade import walkthrough_rating_problems

    EXTRA_CHECKERS[CHECKLIST_FILE] = checklist_file_diagnostics
    if expectation_diagnostics not in WALKTHROUGH_CHECKERS:
        WALKTHROUGH_CHECKERS.append(expectation_diagnostics)
    if walkthrough_rating_problems not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(walkthrough_rating_problems)
