"""Reading scenario and walkthrough files into validated models, with every problem located.

A scenario lives at ``scenarios/<id>/scenario.yaml``; its walkthroughs at
``scenarios/<id>/walkthroughs/*.yaml``; its checklist at ``scenarios/<id>/checklist.yaml``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from engine.errors import Diagnostic, TaskforceError, did_you_mean
from engine.scenario.checks import check_scenario
from engine.scenario.diagnostics import pydantic_diagnostics
from engine.scenario.files import asset_roots, contained, display, scenario_file
from engine.scenario.salvage import salvage
from engine.scenario.schema import Scenario
from engine.scenario.walkthrough import PlanStep, Walkthrough
from engine.scenario.yamlsource import Source, load_yaml

M = TypeVar("M", bound=BaseModel)


def _without_echoes(found: list[Diagnostic]) -> list[Diagnostic]:
    """Drop "missing key 'x'" where an unknown key nearby is probably 'x' misspelt."""
    suggested = {(d.hint, d.line) for d in found if d.code.endswith("001") and d.hint is not None}
    kept = []
    for d in found:
        key = d.message.rpartition("'")[0].rpartition("'")[2]
        echoed = any(
            hint == f"did you mean '{key}'?" and d.line <= line for hint, line in suggested
        )
        if not (d.code.endswith("002") and echoed):
            kept.append(d)
    return kept


@dataclass
class LoadedScenario:
    path: Path
    source: Source
    scenario: Scenario
    content_hash: str
    compiled: object = field(default=None, repr=False, compare=False)  # kept by engine.core

    @property
    def folder(self) -> Path:
        return self.path.parent

    def walkthrough_files(self) -> list[Path]:
        """The walkthroughs beside the scenario (links out of its folder are left out: see
        ``links_out``)."""
        return [p for p in self._walkthroughs() if contained(p, [self.folder]) is not None]

    def _walkthroughs(self) -> list[Path]:
        return sorted((self.folder / "walkthroughs").glob("*.yaml"))

    def links_out(self, names: Iterable[str] = ()) -> list[Diagnostic]:
        """SCN041 for each walkthrough (and each of ``names`` beside the scenario) that is a
        link to a file outside the scenario's folder: such files are never read."""
        found = []
        for path in [*self._walkthroughs(), *(self.folder / name for name in names)]:
            if path.is_symlink() and contained(path, [self.folder]) is None:
                found.append(Diagnostic(display(path), 1, 1, "SCN041",
                                        "this is a link to a file outside the scenario's "
                                        "folder, so it is not read",
                                        "copy the file into the folder instead of linking it"))
        return found


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def file_diagnostics(
    path: Path,
    model: type[M],
    prefix: str,
    check: Callable[[M, Source], Iterable[Diagnostic]],
    salvage: Callable[[Source, ValidationError], list[Diagnostic]] | None = None,
) -> tuple[tuple[M, Source] | None, list[Diagnostic]]:
    """Read ``path``, validate it against ``model`` (codes ``{prefix}001``-``003``), then run
    the semantic ``check``: the model and its source, or every problem found. ``salvage``
    finds what it can beyond the schema's problems when the file fails its schema."""
    try:
        source = load_yaml(path, display_path=display(path))
    except TaskforceError as error:
        return None, list(error.diagnostics)
    try:
        parsed = model.model_validate(source.data)
    except ValidationError as error:
        found = _without_echoes(pydantic_diagnostics(error, source, model, prefix=prefix))
        if salvage is not None:
            found += salvage(source, error)
        return None, sorted(found)
    found = sorted(check(parsed, source))
    return ((parsed, source) if not found else None), found


def scenario_diagnostics(path: Path) -> tuple[LoadedScenario | None, list[Diagnostic]]:
    roots = asset_roots(path)

    def check(scenario: Scenario, source: Source) -> list[Diagnostic]:
        return check_scenario(scenario, source, roots)

    checked, found = file_diagnostics(
        path, Scenario, "SCN", check, lambda source, error: salvage(source, error, check)
    )
    if checked is None:
        return None, found
    scenario, source = checked
    return LoadedScenario(path, source, scenario, content_hash(path.read_bytes())), []


def load_scenario(path: str | Path) -> LoadedScenario:
    """A checked scenario, or ``TaskforceError`` listing every problem in it."""
    loaded, found = scenario_diagnostics(scenario_file(path))
    if loaded is None:
        raise TaskforceError(found)
    return loaded


def walkthrough_diagnostics(
    path: Path, loaded: LoadedScenario, *, expectations: bool = False
) -> tuple[Walkthrough | None, list[Diagnostic]]:
    """A checked walkthrough or its problems; with ``expectations`` (``validate``) also what
    ``WALKTHROUGH_CHECKERS`` find in what it expects, such as ratings."""

    def check(plan: Walkthrough, source: Source) -> list[Diagnostic]:
        found = list(_check_walkthrough(plan, source, loaded.scenario))
        for checker in WALKTHROUGH_CHECKERS if expectations else ():
            found += checker(plan, source, loaded)
        return found

    checked, found = file_diagnostics(path, Walkthrough, "WLK", check)
    return (None if checked is None else checked[0]), found


def load_walkthrough(path: str | Path, loaded: LoadedScenario) -> Walkthrough:
    plan, found = walkthrough_diagnostics(Path(path), loaded)
    if plan is None:
        raise TaskforceError(found)
    return plan


def _check_walkthrough(
    plan: Walkthrough, source: Source, scenario: Scenario
) -> Iterator[Diagnostic]:
    roles = {r.id: r for r in scenario.roles}
    actions = {a.id for a in scenario.actions}
    decisions = {d.id: {o.id for o in d.options} for d in scenario.decisions}
    asks_why = {d.id: d.rationale for d in scenario.decisions}
    refusal_expected = bool(plan.expect.refusals) or bool(plan.expect.refused)

    def unknown(
        loc: tuple[Any, ...], kind: str, value: str, pool: Iterable[str], code: str
    ) -> Diagnostic:
        return source.diagnostic(loc, code, f"unknown {kind} '{value}'", did_you_mean(value, pool))

    if plan.role not in roles:
        yield unknown(("role",), "role", plan.role, roles, "WLK004")
    elif not roles[plan.role].playable:
        yield source.diagnostic(("role",), "WLK007", f"role '{plan.role}' is not playable")
    previous = 0.0
    for n, step in enumerate(plan.steps):
        loc: tuple[Any, ...] = ("steps", n)
        if step.at < previous:
            yield source.diagnostic(
                (*loc, "at"), "WLK005", f"step at {step.at:g} s comes after one at {previous:g} s"
            )
        previous = max(previous, step.at)
        if plan.until is not None and step.at >= plan.until:
            yield source.diagnostic(
                (*loc, "at"), "WLK020", f"step at {step.at:g} s comes at or after the "
                f"walkthrough's 'until' ({plan.until:g} s), so it is never played",
                "move 'until' later, or leave the step out")
        if step.choose is not None and step.rationale and asks_why.get(step.choose) == "none":
            yield source.diagnostic(
                (*loc, "rationale"), "WLK021", f"decision '{step.choose}' asks for no reason, so "
                "a trainee has nowhere to type this one", "leave 'rationale' out, or give the "
                "decision 'rationale: optional'")
        if step.role is not None:
            if step.role not in roles:
                yield unknown((*loc, "role"), "role", step.role, roles, "WLK004")
            elif not roles[step.role].playable:
                yield source.diagnostic(
                    (*loc, "role"), "WLK007", f"role '{step.role}' is not playable"
                )
        if step.do is not None and step.do not in actions:
            yield unknown((*loc, "do"), "action", step.do, actions, "WLK004")
        if step.ask is not None:
            yield from _check_ask(source, scenario, step, plan.role, loc)
        if plan.players and (step.role or plan.role) not in plan.players:
            yield source.diagnostic(
                (*loc, "role") if step.role else loc, "WLK010",
                f"'{step.role or plan.role}' acts here, but is not one of the walkthrough's "
                "players (the engine plays it)", "add it to 'players', or leave the step out")
        if step.choose is not None:
            if step.choose not in decisions:
                yield unknown((*loc, "choose"), "decision", step.choose, decisions, "WLK004")
            elif step.option not in decisions[step.choose]:
                yield unknown(
                    (*loc, "option"), "option", str(step.option), decisions[step.choose], "WLK004"
                )
            elif (asks_why.get(step.choose) == "required" and not (step.rationale or "").strip()
                  and not refusal_expected):
                yield source.diagnostic(
                    loc, "WLK002", f"missing required key 'rationale': decision "
                    f"'{step.choose}' asks for a reason, and is refused without one",
                    "add 'rationale: <why>' to the step, or expect the refusal")
    for n, player in enumerate(plan.players):
        if player not in roles:
            yield unknown(("players", n), "role", player, roles, "WLK004")
        elif not roles[player].playable:
            yield source.diagnostic(("players", n), "WLK007", f"role '{player}' is not playable")
    if plan.players and plan.role not in plan.players:
        yield source.diagnostic(("players",), "WLK010",
                                f"the walkthrough's role '{plan.role}' is not among its players")
    injects = {i.id for i in scenario.injects}
    for key in ("fired", "not_fired"):
        for n, inject in enumerate(getattr(plan.expect, key)):
            if inject not in injects:
                yield unknown(("expect", key, n), "inject", inject, injects, "WLK006")
    for n, name in enumerate(plan.expect.refused):
        if name not in actions and name not in decisions:
            pool = actions | set(decisions)
            yield unknown(("expect", "refused", n), "action or decision", name, pool, "WLK006")
    endings = {e.id for e in scenario.endings}
    if plan.expect.ending is not None and plan.expect.ending not in endings:
        yield unknown(("expect", "ending"), "ending", plan.expect.ending, endings, "WLK006")


def _check_ask(source: Source, scenario: Scenario, step: PlanStep, role: str,
               loc: tuple[Any, ...]) -> Iterator[Diagnostic]:
    """A step that asks a partner: one the scenario lets be asked, by a channel it offers."""
    partner = next((r for r in scenario.roles if r.id == step.ask), None)
    if partner is None:
        pool = {r.id for r in scenario.roles}
        yield source.diagnostic((*loc, "ask"), "WLK004", f"unknown role '{step.ask}'",
                                did_you_mean(str(step.ask), pool))
        return
    if partner.id == (step.role or role):
        yield source.diagnostic((*loc, "ask"), "WLK011",
                                f"'{partner.id}' cannot ask itself; use 'do' alone")
        return
    asked = next((a for a in partner.on_request if a.action == step.do), None)
    if asked is None:
        offered = ", ".join(a.action for a in partner.on_request) or "nothing"
        yield source.diagnostic((*loc, "do"), "WLK008",
                                f"'{partner.id}' is not asked for '{step.do}' in this scenario",
                                f"it can be asked for: {offered}")
    elif step.via is not None and step.via not in asked.via:
        yield source.diagnostic((*loc, "via"), "WLK009",
                                f"'{partner.id}' is asked for '{step.do}' by "
                                f"{' or '.join(asked.via)}, not {step.via}")


@dataclass
class Validation:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0


WalkthroughChecker = Callable[[Walkthrough, Source, LoadedScenario], list[Diagnostic]]
WALKTHROUGH_CHECKERS: list[WalkthroughChecker] = []
"""Further checks of a walkthrough that other packages own (its expected ratings)."""

Checker = Callable[[Path, LoadedScenario], list[Diagnostic]]
EXTRA_CHECKERS: dict[str, Checker] = {}
"""Other file kinds that live beside a scenario (e.g. ``checklist.yaml``), by file name."""


def validate_paths(paths: Iterable[str | Path]) -> Validation:
    """Check every scenario (and the walkthroughs and checklists beside it) under ``paths``."""
    result = Validation()
    scenario_files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("scenario.yaml")):
                if contained(candidate, [path]) is None:
                    result.files += 1
                    result.diagnostics.append(Diagnostic(
                        display(candidate), 1, 1, "SCN041", f"this is a link to a file outside "
                        f"'{display(path)}', so it is not read",
                        "copy the scenario into the folder instead of linking it"))
                else:
                    scenario_files.append(candidate)
        elif path.name == "scenario.yaml" or not path.exists():
            scenario_files.append(path)
        else:
            scenario_files.append(_owning_scenario(path))
    seen: set[Path] = set()
    for target in scenario_files:
        if target in seen:
            continue
        seen.add(target)
        result.files += 1
        loaded, found = scenario_diagnostics(target)
        result.diagnostics += found
        if loaded is None:
            continue
        result.diagnostics += loaded.links_out(EXTRA_CHECKERS)
        for plan_file in loaded.walkthrough_files():
            result.files += 1
            result.diagnostics += walkthrough_diagnostics(plan_file, loaded, expectations=True)[1]
        for name, checker in EXTRA_CHECKERS.items():
            path = loaded.folder / name
            if path.exists() and contained(path, [loaded.folder]) is not None:
                result.files += 1
                result.diagnostics += checker(path, loaded)
    return result


def _owning_scenario(path: Path) -> Path:
    """The ``scenario.yaml`` a walkthrough or checklist belongs to."""
    for parent in path.resolve().parents:
        if (parent / "scenario.yaml").is_file():
            return parent / "scenario.yaml"
    return path
