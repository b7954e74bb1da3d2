"""Grading one session log against a checklist: met, missed or not observed, and P/S/M/U.

The rating rule, per capability (shares are of the weight of the tasks that count; the
thresholds come from the checklist's ``rating`` and default to 25 % and 75 %):

* tasks **not observed** (see ``grading.rules``) count for nothing by default
  (``not_observed: excluded``), or as missed (``not_observed: missed``); a capability with less
  than ``min_observed`` of its weight observed is **N**, not rated;
* **P** every counted task met;
* **U** an *essential* task missed (the objective was not achieved), or at least
  ``unable_share`` of the weight missed;
* **M** otherwise, when a *critical* task was missed (with added risk or a departure from
  procedure), or more than ``some_share`` of the weight was missed;
* **S** otherwise: only non-critical tasks missed, at most ``some_share`` of the weight.

The overall rating is the worst rated capability; the session passes on P or S, and only when
it reached an ending. Grading reads only the log, plus the scenario and checklist it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.program import program_for
from engine.errors import Diagnostic, TaskforceError
from engine.record.verdict import Trust, load_trust
from engine.record.verify import ends_closed
from engine.scenario.loader import LoadedScenario
from engine.scenario.walkthrough import Walkthrough
from grading.checklist import (
    CHECKLIST_FILE,
    Capability,
    Checklist,
    Item,
    RatingPolicy,
    Target,
    load_checklist,
)
from grading.facts import Evidence, Facts
from grading.guidance import GUIDANCE, guidance_sort_key
from grading.logread import ScenarioNames, SessionRecords, read_session, unknown_names
from grading.rules import MET, MISSED, NOT_OBSERVED, Context, evaluate
from grading.versions import Versions, problem

RATINGS = ("P", "S", "M", "U")
NOT_RATED = "N"
RATING_NAMES = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
    NOT_RATED: "Not rated: too little was observed",
}
RATING_RULE = (
    "P: every observed task met. U: an essential task missed, or at least {unable:.0%} of the "
    "weight missed. M: a critical task missed, or more than {some:.0%} of the weight missed. "
    "S: only non-critical tasks missed, at most {some:.0%} of the weight. "
    "{observed}"
)
_OBSERVED_RULE = {
    "excluded": "Tasks not observed are left out of the shares; a capability with less than "
    "{minimum:.0%} of its weight observed is not rated (N).",
    "missed": "Tasks not observed count as missed.",
}


def rating_rule(policy: RatingPolicy) -> str:
    observed = _OBSERVED_RULE[policy.not_observed].format(minimum=policy.min_observed)
    return RATING_RULE.format(some=policy.some_share, unable=policy.unable_share,
                              observed=observed)


@dataclass(frozen=True)
class ItemResult:
    capability: Capability
    target: Target
    item: Item
    status: str
    evidence: tuple[Evidence, ...]
    reason: str

    @property
    def met(self) -> bool:
        return self.status == MET

    @property
    def missed(self) -> bool:
        return self.status == MISSED

    @property
    def observed(self) -> bool:
        return self.status != NOT_OBSERVED


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
        return sum(r.item.weight for r in self.results if r.missed)

    @property
    def observed_weight(self) -> float:
        return sum(r.item.weight for r in self.results if r.observed)


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
    regraded: str | None = None  # why the checklist is not the one the session was recorded with
    context: Context | None = None

    @property
    def results(self) -> list[ItemResult]:
        return [r for c in self.capabilities for r in c.results]

    @property
    def overall(self) -> str:
        rated = [c.rating for c in self.capabilities if c.rating in RATINGS]
        return max(rated, key=RATINGS.index) if rated else NOT_RATED

    @property
    def finished(self) -> bool:
        """Whether the session reached an ending."""
        return self.facts.finished

    @property
    def passed(self) -> bool:
        """P or S overall, in a session that reached an ending."""
        return self.finished and self.overall in ("P", "S")

    @property
    def critical_failures(self) -> list[ItemResult]:
        return [r for r in self.results if r.missed and (r.item.critical or r.item.essential)]

    @property
    def not_observed(self) -> list[ItemResult]:
        return [r for r in self.results if not r.observed]

    @property
    def closed(self) -> bool:
        """Whether the log ends with the session's closing line."""
        return ends_closed(self.session.records)

    @property
    def banners(self) -> list[str]:
        """The warnings a report opens with, when the log cannot be taken at face value."""
        found = []
        if self.forced:
            why = (f"verify refuses this log ({self.session.verdict.reasons()})"
                   if self.session.broken else "the log names things its scenario does not have")
            found.append(f"FORCED: {why}; the ratings may rest on edited, unsigned or missing "
                         "lines")
        elif not self.closed:
            found.append(f"UNFINISHED: {self.session.verdict.summary()}; the ratings cover only "
                         "what it records")
        if self.regraded:
            found.append(self.regraded)
        return found

    @property
    def banner(self) -> str | None:
        return self.banners[0] if self.banners else None

    def uncovered_guidance(self, *, practised_only: bool) -> list[str]:
        cited = {g for r in self.results for g in r.item.guidance}
        pool = self.loaded.scenario.guidance if practised_only else list(GUIDANCE)
        return sorted((g for g in pool if g not in cited), key=guidance_sort_key)


def _plural(names: list[str], word: str) -> str:
    return f"{word}{'s' * (len(names) > 1)} {', '.join(names)}"


def rate(results: list[ItemResult], policy: RatingPolicy, *, finished: bool = True) -> (
    tuple[str, str, str]
):
    """(rating, rule code, one-line explanation) for one capability's task results.

    With ``not_observed: excluded`` a task the log could not show counts for nothing; with
    ``missed`` it counts as missed. "Objective met" is said only of a session that reached an
    ending with every essential task observed and met."""
    counted = results if policy.not_observed == "missed" else [r for r in results if r.observed]
    unseen = [r.item.id for r in results if not r.observed]
    total = sum(r.item.weight for r in results)
    observed_share = sum(r.item.weight for r in counted) / total if total else 0.0
    aside = f" ({_plural(unseen, 'task')} not observed)" if unseen else ""
    if not counted or observed_share < policy.min_observed:
        return (NOT_RATED, "too-little-observed",
                f"N: only {observed_share:.0%} of the weight was observed"
                f"{aside}; rated from {policy.min_observed:.0%}")
    weight = sum(r.item.weight for r in counted)
    missed = [r for r in counted if not r.met]
    if not missed:
        return "P", "all-met", f"P: all {len(counted)} observed tasks met{aside}"
    share = sum(r.item.weight for r in missed) / weight
    names = ", ".join(r.item.id for r in missed)
    essential = [r.item.id for r in missed if r.item.essential]
    if essential:
        return ("U", "essential-missed",
                f"U: objective not met: essential {_plural(essential, 'task')} missed")
    if share >= policy.unable_share:
        return ("U", "most-weight-missed",
                f"U: {share:.0%} of the weight missed ({names}); U from "
                f"{policy.unable_share:.0%}{aside}")
    objective = _objective(results, finished)
    critical = [r.item.id for r in missed if r.item.critical]
    if critical:
        return ("M", "critical-missed", f"M: {objective}critical {_plural(critical, 'task')} "
                f"missed{aside}")
    if share > policy.some_share:
        return ("M", "much-weight-missed",
                f"M: {objective}{share:.0%} of the weight missed ({names}); S only up to "
                f"{policy.some_share:.0%}{aside}")
    return ("S", "minor-missed",
            f"S: only non-critical tasks missed ({names}, {share:.0%} of the weight){aside}")


def _objective(results: list[ItemResult], finished: bool) -> str:
    essential = [r for r in results if r.item.essential]
    if not finished:
        return "the session has no ending, so the objective is not known; "
    if any(not r.observed for r in essential):
        return "whether the objective was met was not observed; "
    return "objective met, but "


def grade_records(
    session: SessionRecords, loaded: LoadedScenario, checklist: Checklist, checklist_hash: str,
    *, forced: bool = False, regraded: str | None = None,
) -> Report:
    facts = Facts.build(loaded.scenario, session.records)
    context = Context.of(loaded.scenario, facts, program_for(loaded))
    ratings = []
    for capability in checklist.capabilities:
        results = []
        for target in capability.targets:
            for item in target.tasks:
                outcome = evaluate(item.rule, context)
                results.append(ItemResult(capability, target, item, outcome.status,
                                          outcome.evidence, outcome.reason))
        rating, code, explanation = rate(results, checklist.rating, finished=facts.finished)
        ratings.append(CapabilityRating(capability, rating, code, explanation, results))
    return Report(session.header, loaded, checklist, checklist_hash, session, facts, ratings,
                  forced, regraded, context)


class Grader:
    """Grades logs, loading each scenario and checklist once (by content hash or path)."""

    def __init__(self, *, checklist: str | Path | None = None, scenario: str | Path | None = None,
                 force: bool = False, poses: bool = False, keys: list[str] | None = None,
                 ledger: str | None = None) -> None:
        self.versions = Versions(scenario=None if scenario is None else Path(scenario),
                                 checklist=None if checklist is None else Path(checklist),
                                 force=force)
        self.force = force
        self.poses = poses
        self.trust_files = (keys, ledger)
        self._trust: Trust | None = None
        self._names: dict[str, ScenarioNames] = {}

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
        loaded = self.versions.scenario(session.header, shown)
        names = self._names.get(loaded.content_hash)
        if names is None:
            names = self._names[loaded.content_hash] = ScenarioNames.of(loaded.scenario)
        unknown = unknown_names(session, names, shown)
        if unknown and not self.force:
            raise TaskforceError([*unknown, Diagnostic(
                shown, 1, 1, "GRD006", "the log names things its scenario does not have, so it "
                "is not graded", "grade it anyway with --force")])
        if session.header.get("scenario") != loaded.scenario.id:
            raise problem(shown, "GRD003",
                          f"the log is a session of '{session.header.get('scenario')}', "
                          f"not of '{loaded.scenario.id}'")
        choice = self.versions.checklist(session.header, loaded, shown)
        return grade_records(session, loaded, choice.checklist, choice.digest,
                             forced=bool(session.broken or unknown), regraded=choice.regraded)


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
    missed = {r.item.id for r in report.results if r.missed}
    met = {r.item.id for r in report.results if r.met}
    known = {r.item.id for r in report.results}
    for item in expect.missed:
        if item not in known:
            problems.append(f"expected '{item}' missed, but the checklist has no such item")
        elif item not in missed:
            problems.append(f"expected '{item}' to be reported missed; it was "
                            f"{'met' if item in met else 'not observed'}")
    return problems
