"""Semantic checks on a scenario that passed the schema: the problems pydantic cannot see.

Every finding is a located ``Diagnostic``; all of them are reported, not just the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from engine.errors import Diagnostic, did_you_mean
from engine.scenario.expressions import (
    ExpressionError,
    Node,
    Value,
    compile_condition,
    fold,
)
from engine.scenario.files import asset_leaves_root, asset_name_problem, display, find_asset
from engine.scenario.guidance import GUIDANCE, GUIDANCE_DOC
from engine.scenario.modelfiles import model_findings
from engine.scenario.partnercheck import check_partners, engine_actions
from engine.scenario.reachability import check_reachability
from engine.scenario.schema import Effects, Label, Scenario, names_of
from engine.scenario.textcheck import text_problems
from engine.scenario.yamlsource import Source

Loc = tuple[str | int, ...]


def _caret(text: str, offset: int) -> str:
    line = text.replace("\n", " ")
    return f"{line}\n          {' ' * offset}^"


@dataclass
class _Checker:
    scenario: Scenario
    source: Source
    asset_roots: Sequence[Path]
    found: list[Diagnostic] = field(default_factory=list)
    trees: dict[Loc, Node] = field(default_factory=dict)
    compiled: dict[str, Node | ExpressionError] = field(default_factory=dict)
    models: dict[Path, Any] = field(default_factory=dict)

    def report(self, loc: Loc, code: str, message: str, hint: str | None = None) -> None:
        self.found.append(self.source.diagnostic(loc, code, message, hint))

    # -- ids -------------------------------------------------------------------------------

    def unique(self, kind: str, section: str, ids: Iterable[str], prefix: Loc = ()) -> set[str]:
        seen: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in seen:
                first_line = self.source.locate((*prefix, section, seen[item_id], "id"))[0]
                self.report(
                    (*prefix, section, index, "id"),
                    "SCN004",
                    f"{kind} id '{item_id}' is already used on line {first_line}",
                )
            else:
                seen[item_id] = index
        return set(seen)

    def ref(self, loc: Loc, kind: str, value: str | None, pool: Iterable[str]) -> None:
        pool = set(pool)
        if value is not None and value not in pool:
            self.report(loc, "SCN005", f"unknown {kind} '{value}'", did_you_mean(value, pool))

    # -- the passes ------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        s = self.scenario
        self.names = names_of(s)
        self.variable_specs = {v.id: v for v in s.variables}
        self.roles = self.unique("role", "roles", (r.id for r in s.roles))
        self.zones = self.unique("zone", "zones", (z.id for z in s.place.zones), ("place",))
        self.props = self.unique("prop", "props", (p.id for p in s.props))
        self.documents = self.unique("document", "documents", (d.id for d in s.documents))
        self.variables = self.unique("variable", "variables", (v.id for v in s.variables))
        self.actions = self.unique("action", "actions", (a.id for a in s.actions))
        self.decisions = self.unique("decision", "decisions", (d.id for d in s.decisions))
        self.injects = self.unique("inject", "injects", (i.id for i in s.injects))
        self.unique("hazard", "hazards", (h.id for h in s.hazards))
        self.endings = self.unique("ending", "endings", (e.id for e in s.endings))
        self.objectives = self.unique("objective", "objectives", (o.id for o in s.objectives))
        self.unique_numbers()
        self.check_guidance()
        for index, decision in enumerate(s.decisions):
            self.unique("option", "options", (o.id for o in decision.options), ("decisions", index))
        self.check_targets_are_unambiguous()
        self.check_variables()
        self.check_places_and_props()
        self.check_actions()
        check_partners(self)
        self.check_decisions()
        self.check_injects()
        self.check_documents()
        self.check_hazards_and_endings()
        self.check_texts()
        self.check_reachability()
        return self.found

    def unique_numbers(self) -> None:
        seen: dict[int, int] = {}
        for index, inject in enumerate(self.scenario.injects):
            if inject.number in seen:
                first = self.source.locate(("injects", seen[inject.number], "number"))[0]
                self.report(
                    ("injects", index, "number"),
                    "SCN004",
                    f"MSEL number {inject.number} is already used on line {first}",
                )
            seen.setdefault(inject.number, index)

    def check_guidance(self) -> None:
        for n, guidance in enumerate(self.scenario.guidance):
            if guidance not in GUIDANCE:
                self.report(("guidance", n), "SCN050",
                            f"'{guidance}' is not a guidance line (see {GUIDANCE_DOC})",
                            did_you_mean(guidance, GUIDANCE))

    def check_targets_are_unambiguous(self) -> None:
        for index, prop in enumerate(self.scenario.props):
            if prop.id in self.zones or prop.id in self.roles:
                self.report(
                    ("props", index, "id"),
                    "SCN004",
                    f"prop id '{prop.id}' is also a zone or role id; an action target would be "
                    "ambiguous",
                )

    def check_variables(self) -> None:
        for index, var in enumerate(self.scenario.variables):
            loc: Loc = ("variables", index)
            if var.type == "enum" and not var.values:
                self.report((*loc, "type"), "SCN013", f"enum variable '{var.id}' needs 'values'")
            if var.type != "enum" and var.values is not None:
                self.report((*loc, "values"), "SCN013", "only an enum variable has 'values'")
            if var.type in ("bool", "enum") and (var.min is not None or var.max is not None):
                self.report(loc, "SCN013", f"a {var.type} variable has no 'min' or 'max'")
            for value in var.value_labels:
                if var.type != "enum":
                    self.report((*loc, "value_labels"), "SCN013",
                                "only an enum variable has 'value_labels'")
                    break
                if value not in (var.values or []):
                    self.report((*loc, "value_labels", value), "SCN005",
                                f"'{value}' is not a value of '{var.id}' "
                                f"({', '.join(var.values or [])})",
                                did_you_mean(value, var.values or []))
            problem = self.value_problem(var.id, var.initial)
            if problem:
                self.report((*loc, "initial"), "SCN013", problem)
            self.roles_ref((*loc, "shown_to"), var.shown_to)
            self.condition((*loc, "shown_when"), var.shown_when)
            if not var.shown and (var.shown_to or var.shown_when is not None):
                key = "shown_to" if var.shown_to else "shown_when"
                self.report((*loc, key), "SCN021", f"'{key}' says when '{var.id}' is shown, but "
                            "it is never shown", "add 'shown: true'")

    def value_problem(self, var_id: str, value: Any) -> str | None:
        var = self.variable_specs[var_id]
        if var.type == "bool" and not isinstance(value, bool):
            return f"'{var_id}' is true/false, got {value!r}"
        if var.type in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return f"'{var_id}' is a number, got {value!r}"
            if var.type == "int" and isinstance(value, float) and not value.is_integer():
                return f"'{var_id}' is a whole number, got {value!r}"
            if (var.min is not None and value < var.min) or (
                var.max is not None and value > var.max
            ):
                return f"{value!r} is outside {var_id}'s range {var.min}..{var.max}"
        if var.type == "enum" and value not in (var.values or []):
            allowed = ", ".join(var.values or [])
            return f"'{var_id}' is one of {allowed}; got {value!r}"
        return None

    def check_places_and_props(self) -> None:
        s = self.scenario
        if s.place.environment is not None:
            self.check_asset(("place", "environment"), s.place.environment, environment=True)
        for index, prop in enumerate(s.props):
            loc: Loc = ("props", index)
            self.check_asset((*loc, "asset"), prop.asset, prop.label)
            if prop.label is not None:
                self.ref((*loc, "label", "document"), "document", prop.label.document,
                         self.documents)
            self.condition((*loc, "shown_when"), prop.shown_when)
            for n, placement in enumerate(prop.placements):
                self.condition((*loc, "placements", n, "when"), placement.when)
            if prop.enter_from is not None and prop.shown_when is None:
                self.report((*loc, "enter_from"), "SCN022",
                            f"prop '{prop.id}' is there from the start, so it never enters",
                            "give it a 'shown_when', or leave 'enter_from' out")
            self.ref((*loc, "zone"), "zone", prop.zone, self.zones)
            self.ref((*loc, "role"), "role", prop.role, self.roles)
            for n, doc in enumerate(prop.documents):
                self.ref((*loc, "documents", n), "document", doc, self.documents)
        for index, document in enumerate(s.documents):
            self.roles_ref(("documents", index, "shown_to"), document.shown_to)
        self.unique("crowd", "crowds", (c.id for c in s.crowds))
        for index, crowd in enumerate(s.crowds):
            loc = ("crowds", index)
            self.check_asset((*loc, "asset"), crowd.asset)
            self.ref((*loc, "zone"), "zone", crowd.zone, self.zones)
            if (crowd.zone is None) == (crowd.area is None):
                self.report(loc, "SCN003", "a crowd stands in a 'zone' or an 'area' (one of them)")
            for n, size in enumerate(crowd.sizes):
                self.condition((*loc, "sizes", n, "when"), size.when)

    def check_asset(self, loc: Loc, asset: str, label: Label | None = None,
                    environment: bool = False) -> None:
        relative = PurePosixPath(asset.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts or ":" in asset:
            self.report(
                loc,
                "SCN012",
                f"asset path '{asset}' leaves the asset folders",
                "write it relative to assets/, e.g. models/container_40ft.glb",
            )
            return
        unusable = asset_name_problem(relative)
        if unusable is not None:
            self.report(loc, "SCN040", f"asset path '{asset}' {unusable}",
                        "use short file names of letters, digits, '-', '_' and '.'")
            return
        path = find_asset(str(relative), self.asset_roots)
        if path is None and asset_leaves_root(str(relative), self.asset_roots):
            self.report(loc, "SCN012", f"asset '{asset}' is a link to a file outside the asset "
                        "folders", "copy the file into assets/ instead of linking to it")
            return
        if path is None:
            where = " or ".join(f"{display(root)}/" for root in self.asset_roots)
            self.report(loc, "SCN011", f"asset '{asset}' not found in {where}",
                        "put it in one of those folders (see docs/models.md)")
            return
        for under, code, message, hint in model_findings(path, asset, label, environment,
                                                         self.models):
            self.report(loc if under == ("asset",) else (*loc[:-1], *under), code, message, hint)

    def check_effects(self, loc: Loc, effects: Effects) -> None:
        for var, value in effects.set.items():
            if var not in self.variables:
                self.ref((*loc, "set", var), "variable", var, self.variables)
            elif problem := self.value_problem(var, value):
                self.report((*loc, "set", var), "SCN007", problem)
        for var in effects.add:
            if var not in self.variables:
                self.ref((*loc, "add", var), "variable", var, self.variables)
            elif self.var_type(var) not in ("int", "float"):
                self.report((*loc, "add", var), "SCN007", f"'add' needs a number; '{var}' is not")
        self.ref((*loc, "open"), "decision", effects.open, self.decisions)
        for n, inject in enumerate(effects.fire):
            self.ref((*loc, "fire", n), "inject", inject, self.injects)
        self.ref((*loc, "end"), "ending", effects.end, self.endings)

    def var_type(self, var_id: str) -> str:
        return self.variable_specs[var_id].type

    def condition(self, loc: Loc, text: str | None) -> None:
        if text is None:
            return
        outcome = self.compiled.get(text)
        if outcome is None:
            try:
                outcome = compile_condition(text, self.names)[0]
            except ExpressionError as problem:
                outcome = problem
            self.compiled[text] = outcome
        if isinstance(outcome, ExpressionError):
            self.report(loc, outcome.code, outcome.message, _caret(text, outcome.offset))
        else:
            self.trees[loc] = outcome

    def roles_ref(self, loc: Loc, roles: Iterable[str]) -> None:
        for n, role in enumerate(roles):
            self.ref((*loc, n), "role", role, self.roles)

    def check_actions(self) -> None:
        playable = {r.id for r in self.scenario.roles if r.playable}
        by_engine = engine_actions(self.scenario)
        targets = self.props | self.zones | self.roles
        for index, action in enumerate(self.scenario.actions):
            loc: Loc = ("actions", index)
            self.roles_ref((*loc, "roles"), action.roles)
            self.ref((*loc, "target"), "target (prop, zone or role)", action.target, targets)
            self.condition((*loc, "when"), action.when)
            self.check_effects((*loc, "effects"), action.effects)
            self.unique("outcome", "outcomes", (o.id for o in action.outcomes), loc)
            for n, outcome in enumerate(action.outcomes):
                self.check_effects((*loc, "outcomes", n, "effects"), outcome.effects)
            for n, document in enumerate(action.read):
                self.ref((*loc, "read", n), "document", document, self.documents)
            lone = not set(action.roles) & playable and action.id not in by_engine
            if set(action.roles) <= self.roles and lone:
                self.report(
                    (*loc, "roles"),
                    "SCN015",
                    f"action '{action.id}' can only be taken by simulated roles",
                    "add a playable role, or have the role take it when asked ('on_request') "
                    "or on its own ('behaviours')",
                )

    def check_decisions(self) -> None:
        for index, decision in enumerate(self.scenario.decisions):
            loc: Loc = ("decisions", index)
            self.roles_ref((*loc, "roles"), decision.roles)
            self.condition((*loc, "when"), decision.when)
            options = {o.id for o in decision.options}
            self.ref((*loc, "on_timeout"), "option", decision.on_timeout, options)
            if decision.on_timeout is not None and decision.time_limit is None:
                self.report((*loc, "on_timeout"), "SCN003", "'on_timeout' needs a 'time_limit'")
            for n, option in enumerate(decision.options):
                self.check_effects((*loc, "options", n, "effects"), option.effects)
                self.ref((*loc, "options", n, "next"), "decision", option.next, self.decisions)

    def check_injects(self) -> None:
        for index, inject in enumerate(self.scenario.injects):
            loc: Loc = ("injects", index)
            self.ref((*loc, "originator"), "role", inject.originator, self.roles)
            self.ref((*loc, "recipient"), "role", inject.recipient, self.roles)
            self.roles_ref((*loc, "also_to"), inject.also_to)
            self.ref((*loc, "objective"), "objective", inject.objective, self.objectives)
            if inject.trigger is not None and inject.contingency is not None:
                self.report(loc, "SCN003", "an inject has a 'trigger' or a 'contingency', not both")
            if inject.trigger is not None:
                self.condition((*loc, "trigger", "when"), inject.trigger.when)
            if inject.contingency is not None:
                self.condition((*loc, "contingency", "unless"), inject.contingency.unless)
            self.check_effects((*loc, "effects"), inject.effects)

    def check_documents(self) -> None:
        """Documents that come with an action or an inject, and records compared side by side."""
        s = self.scenario
        readable = {d for p in s.props for d in p.documents}
        readable |= {p.label.document for p in s.props if p.label and p.label.document}
        delivered = [("actions", n, a.documents) for n, a in enumerate(s.actions)]
        delivered += [("injects", n, i.documents) for n, i in enumerate(s.injects)]
        for section, index, documents in delivered:
            for n, doc in enumerate(documents):
                self.ref((section, index, "documents", n), "document", doc, self.documents)
            readable |= set(documents)
        for index, document in enumerate(s.documents):
            loc: Loc = ("documents", index)
            self.ref((*loc, "compare_with"), "document", document.compare_with, self.documents)
            if document.compare_with == document.id:
                self.report((*loc, "compare_with"), "SCN051",
                            f"document '{document.id}' is compared with itself",
                            "name the other record it is read beside")
            if document.id not in readable:
                self.report((*loc, "id"), "SCN052",
                            f"no one can ever read document '{document.id}'",
                            "put it on a prop (or print it on one with 'label'), or deliver "
                            "it with an inject or an action ('documents: [...]')")

    def check_hazards_and_endings(self) -> None:
        for index, hazard in enumerate(self.scenario.hazards):
            loc: Loc = ("hazards", index)
            self.ref((*loc, "prop"), "prop", hazard.prop, self.props)
            if hazard.variable not in self.variables:
                self.ref((*loc, "variable"), "variable", hazard.variable, self.variables)
            elif self.var_type(hazard.variable) not in ("int", "float"):
                self.report((*loc, "variable"), "SCN007", "a hazard's variable must be a number")
            for n, rule in enumerate(hazard.rates):
                self.condition((*loc, "rates", n, "when"), rule.when)
            for n, threshold in enumerate(hazard.thresholds):
                tloc: Loc = (*loc, "thresholds", n)
                if (threshold.above is None) == (threshold.below is None):
                    self.report(tloc, "SCN003", "a threshold has exactly one of 'above' or 'below'")
                for m, inject in enumerate(threshold.fire):
                    self.ref((*tloc, "fire", m), "inject", inject, self.injects)
                self.ref((*tloc, "end"), "ending", threshold.end, self.endings)
        for index, ending in enumerate(self.scenario.endings):
            self.condition(("endings", index, "trigger", "when"), ending.trigger.when)

    def check_texts(self) -> None:
        for loc, code, message, hint in text_problems(self.scenario):
            self.report(loc, code, message, hint)

    def check_reachability(self) -> None:
        check_reachability(self)

    def never(self, loc: Loc, constants: dict[str, Value], impossible: frozenset[str]) -> bool:
        tree = self.trees.get(loc)
        return tree is not None and fold(tree, constants, impossible) is False


def check_scenario(
    scenario: Scenario, source: Source, asset_roots: Sequence[Path]
) -> list[Diagnostic]:
    """Every semantic problem in a schema-valid scenario."""
    return _Checker(scenario, source, asset_roots).run()
