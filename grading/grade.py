"""Grading one session log against a checklist: met/missed items with evidence, and P/S/M/U.

The rating rule, per capability (shares are of the capability's total item weight; the two
thresholds come from the checklist's ``rating`` and default to 25 % and 75 %):

* **P** every task met;
* **U** an *essential* task missed (the objective was not achieved), or at least
  ``unable_share`` of the weight missed;
* **M** otherwise, when a *critical* task was missed (objective met, but with added risk or a
  departure from procedure), or more than ``some_share`` of the weight was missed;
* **S** otherwise: only non-critical tasks missed, at most ``some_share`` of the weight.

The overall rating is the worst capability rating; the session passes on P or S.
Grading reads only the log, plus the scenario and checklist it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic, TaskforceError
from engine.record.origin import logged_scenario
from engine.record.verdict import Trust, load_trust
from engine.record.verify import ends_closed
from engine.scenario.files import contained_file
from engine.scenario.loader import LoadedScenario, load_scenario
from engine.scenario.walkthrough import Walkthrough
from grading.checklist import CHECKLIST_FILE, Capability, Checklist, Item, Target, load_checklist
from grading.guidance import GUIDANCE, guidance_sort_key
from grading.logread import ScenarioNames, SessionRecords, read_session, unknown_names
from grading.rules import Evidence, Facts, evaluate

RATINGS = ("P", "S", "M", "U")
RATING_NAMES = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
RATING_RULE = (
    "P: every task met. U: an essential task missed, or at least {unable:.0%} of the weight "
    "missed. M: a critical task missed, or more than {some:.0%} of the weight missed. "
    "S: only non-critical tasks missed, at most {some:.0%} of the weight."
)


@dataclass(frozen=True)
class ItemResult:
    capability: Capability
    target: Target
    item: Item
    met: bool
    evidence: tuple[Evidence, ...]
    reason: str


@dataclass(frozen=True)
class CapabilityRating:
    capability: Capability
    rating: str
    code: str
    explanation: str
    results: list[ItemResult]

    @property
    def total_weight(self) -> float:
        return sum(r.item.weight for r in self.results)

    @property
    def missed_weight(self) -> float:
        return sum(r.item.weight for r in self.results if not r.met)


@dataclass(frozen=True)
class Report:
    header: dict[str, Any]
    loaded: LoadedScenario
    checklist: Checklist
    checklist_hash: str
    session: SessionRecords
    facts: Facts
    capabilities: list[CapabilityRating]
    forced: bool

    @property
    def results(self) -> list[ItemResult]:
        return [r for c in self.capabilities for r in c.results]

    @property
    def overall(self) -> str:
        return max((c.rating for c in self.capabilities), key=RATINGS.index)

    @property
    def passed(self) -> bool:
        return self.overall in ("P", "S")

    @property
    def critical_failures(self) -> list[ItemResult]:
        return [r for r in self.results if not r.met and (r.item.critical or r.item.essential)]

    @property
    def closed(self) -> bool:
        """Whether the log ends with the session's closing line."""
        return ends_closed(self.session.records)

    @property
    def banner(self) -> str | None:
        """The warning a report opens with, if the log cannot be taken at face value."""
        if self.forced:
            why = (f"verify refuses this log ({self.session.verdict.reasons()})"
                   if self.session.broken else "the log names things its scenario does not have")
            return f"FORCED: {why}; the ratings may rest on edited, unsigned or missing lines"
        if not self.closed:
            return (f"UNFINISHED: {self.session.verdict.summary()}; the ratings cover only what "
                    "it records")
        return None

    def uncovered_guidance(self, *, practised_only: bool) -> list[str]:
        cited = {g for r in self.results for g in r.item.guidance}
        pool = self.loaded.scenario.guidance if practised_only else list(GUIDANCE)
        return sorted((g for g in pool if g not in cited), key=guidance_sort_key)


def rate(results: list[ItemResult], some_share: float, unable_share: float) -> (
    tuple[str, str, str]
):
    """(rating, rule code, one-line explanation) for one capability's item results."""
    total = sum(r.item.weight for r in results)
    missed = [r for r in results if not r.met]
    if not missed:
        return "P", "all-met", f"P: all {len(results)} tasks met"
    share = sum(r.item.weight for r in missed) / total
    names = ", ".join(r.item.id for r in missed)
    essential = [r.item.id for r in missed if r.item.essential]
    if essential:
        return ("U", "essential-missed",
                f"U: objective not met: essential task{'s' * (len(essential) > 1)} "
                f"{', '.join(essential)} missed")
    if share >= unable_share:
        return ("U", "most-weight-missed",
                f"U: {share:.0%} of the weight missed ({names}); U from {unable_share:.0%}")
    critical = [r.item.id for r in missed if r.item.critical]
    if critical:
        return ("M", "critical-missed",
                f"M: objective met, but critical task{'s' * (len(critical) > 1)} "
                f"{', '.join(critical)} missed")
    if share > some_share:
        return ("M", "much-weight-missed",
                f"M: {share:.0%} of the weight missed ({names}); S only up to {some_share:.0%}")
    return ("S", "minor-missed",
            f"S: only non-critical tasks missed ({names}, {share:.0%} of the weight)")


def grade_records(
    session: SessionRecords, loaded: LoadedScenario, checklist: Checklist, checklist_hash: str,
    *, forced: bool = False,
) -> Report:
    facts = Facts.build(loaded.scenario, session.records)
    ratings = []
    policy = checklist.rating
    for capability in checklist.capabilities:
        results = []
        for target in capability.targets:
            for item in target.tasks:
                outcome = evaluate(item.rule, facts)
                results.append(ItemResult(capability, target, item, outcome.met,
                                          outcome.evidence, outcome.reason))
        rating, code, explanation = rate(results, policy.some_share, policy.unable_share)
        ratings.append(CapabilityRating(capability, rating, code, explanation, results))
    return Report(session.header, loaded, checklist, checklist_hash, session, facts, ratings,
                  forced)


def beside(loaded: LoadedScenario, shown: str) -> Path:
    """The checklist beside a scenario; a link out of the scenario's folder is not followed."""
    path = loaded.folder / CHECKLIST_FILE
    if path.is_symlink() and contained_file(path, [loaded.folder]) is None:
        raise _problem(shown, "GRD002", f"'{path}' is a link to a file outside the scenario's "
                       "folder, so it is not read", "copy the checklist into the folder")
    return path


def _problem(path: str, code: str, message: str, hint: str | None = None) -> TaskforceError:
    return TaskforceError([Diagnostic(path, 1, 1, code, message, hint)])


class Grader:
    """Grades logs, loading each scenario and checklist once (by path and content hash)."""

    def __init__(self, *, checklist: str | Path | None = None, scenario: str | Path | None = None,
                 force: bool = False, poses: bool = False, keys: list[str] | None = None,
                 ledger: str | None = None) -> None:
        self.checklist_path = None if checklist is None else Path(checklist)
        self.scenario_path = None if scenario is None else Path(scenario)
        self.force = force
        self.poses = poses
        self.trust_files = (keys, ledger)
        self._trust: Trust | None = None
        self._scenarios: dict[str, LoadedScenario] = {}
        self._found: dict[tuple[str, str], Path] = {}  # (path, hash) in a header -> the file
        self._names: dict[str, ScenarioNames] = {}
        self._checklists: dict[Path, tuple[Checklist, str]] = {}

    def scenario_for(self, header: dict[str, Any], shown: str) -> LoadedScenario:
        logged = (str(header.get("scenario_path")), str(header.get("scenario_hash")))
        if logged not in self._found:
            self._found[logged] = logged_scenario(header, shown, named=self.scenario_path)
        target = self._found[logged]
        key = str(target)
        if key not in self._scenarios:
            self._scenarios[key] = load_scenario(target)
        loaded = self._scenarios[key]
        if loaded.content_hash != header.get("scenario_hash") and not self.force:
            raise _problem(shown, "LOG007",
                           f"the log was recorded with a different version of {loaded.path}",
                           "grade with the scenario file the session used (--scenario PATH)")
        return loaded

    def checklist_for(self, loaded: LoadedScenario, shown: str) -> tuple[Checklist, str]:
        path = self.checklist_path or beside(loaded, shown)
        if path not in self._checklists:
            if not path.is_file():
                raise _problem(shown, "GRD002", f"no checklist found at '{path}'",
                               "write scenarios/<id>/checklist.yaml or pass --checklist FILE")
            from engine.scenario.loader import content_hash

            checklist = load_checklist(path, loaded)
            self._checklists[path] = (checklist, content_hash(path.read_bytes()))
        return self._checklists[path]

    def grade(self, log: str | Path, *, display_path: str | None = None) -> Report:
        shown = str(log) if display_path is None else display_path
        if self._trust is None:
            self._trust = load_trust(*self.trust_files)
        session = read_session(log, display_path=shown, poses=self.poses, trust=self._trust)
        if session.broken and not self.force:
            raise TaskforceError([*session.broken, Diagnostic(
                shown, 1, 1, "GRD001",
                f"verify refuses the log ({session.verdict.reasons()}), so it is not graded",
                "grade it anyway with --force; the report then says so on its first line",
            )])
        loaded = self.scenario_for(session.header, shown)
        names = self._names.get(str(loaded.path))
        if names is None:
            names = self._names[str(loaded.path)] = ScenarioNames.of(loaded.scenario)
        unknown = unknown_names(session, names, shown)
        if unknown and not self.force:
            raise TaskforceError([*unknown, Diagnostic(
                shown, 1, 1, "GRD006", "the log names things its scenario does not have, so it "
                "is not graded", "grade it anyway with --force")])
        if session.header.get("scenario") != loaded.scenario.id:
            raise _problem(shown, "GRD003",
                           f"the log is a session of '{session.header.get('scenario')}', "
                           f"not of '{loaded.scenario.id}'")
        checklist, checklist_hash = self.checklist_for(loaded, shown)
        return grade_records(session, loaded, checklist, checklist_hash,
                             forced=bool(session.broken or unknown))


def grade_log(log: str | Path, **options: Any) -> Report:
    return Grader(**options).grade(log)


def walkthrough_rating_problems(
    loaded: LoadedScenario, plan: Walkthrough, result: Any
) -> list[str]:
    """``taskforce test``: the walkthrough's expected ratings and missed items, checked."""
    expect = plan.expect
    path = loaded.folder / CHECKLIST_FILE
    if not path.is_file():
        if expect.ratings or expect.missed:
            return [f"expects ratings, but there is no {CHECKLIST_FILE} beside the scenario"]
        return []
    checklist = load_checklist(path, loaded)
    session = read_session(result.log_path)
    if session.broken:
        return [f"the walkthrough's log is not intact: {session.broken[0].message}"]
    report = grade_records(session, loaded, checklist, "")
    problems: list[str] = []
    got = {c.capability.id: c for c in report.capabilities}
    for capability, wanted in expect.ratings.items():
        if capability not in got:
            problems.append(f"expected a rating for '{capability}', which the checklist lacks")
        elif got[capability].rating != wanted:
            problems.append(f"expected {capability} rated {wanted}, got "
                            f"{got[capability].explanation}")
    missed = {r.item.id for r in report.results if not r.met}
    known = {r.item.id for r in report.results}
    for item in expect.missed:
        if item not in known:
            problems.append(f"expected '{item}' missed, but the checklist has no such item")
        elif item not in missed:
            problems.append(f"expected '{item}' to be reported missed; it was met")
    return problems
