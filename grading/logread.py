"""Reading a session log for grading: the chain, signatures and ledger checked as ``verify``
checks them, and only the lines rules need parsed.

``engine.record.verdict.check_log`` reads a log the quick way (``engine.record.reader``) and
falls back to the exact reader when anything is off; pose lines are parsed only for the path
map, requests never kept. Every record handed on is well formed (``engine.record.format``), so
the rules never see a malformed line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import Diagnostic
from engine.record.format import NOT_EVENTS, POSES
from engine.record.verdict import CheckedLog, Trust, Verdict, check_log, load_trust
from engine.scenario.schema import Scenario


@dataclass(frozen=True, slots=True)
class Pose:
    t: int
    x: float
    y: float
    z: float


@dataclass(frozen=True)
class SessionRecords:
    """What grading reads from a log: the header, the events rules use, the poses, and the
    verdict on the log (what ``verify`` would say of it)."""

    header: dict[str, Any]
    records: list[dict[str, Any]]
    poses: list[Pose]
    problems: list[Diagnostic]  # everything verify refuses the log for; empty when accepted
    lines: int  # chained lines after the header
    last_hash: str
    verdict: Verdict
    line_of: Callable[[int], int] = field(default=lambda index: index + 1, repr=False,
                                          compare=False)  # a chained index's line number

    @property
    def broken(self) -> list[Diagnostic]:
        """Problems that make the record untrustworthy (a crash does not)."""
        return list(self.verdict.problems)


def _graded(record: dict[str, Any]) -> bool:
    return bool(record["k"] not in ("request", "poses"))


def read_session(path: str | Path, *, display_path: str | None = None, poses: bool = False,
                 trust: Trust | None = None) -> SessionRecords:
    """Read and judge a log (with this station's key and ledger unless ``trust`` is given).
    Raises nothing for a bad log: ``verdict`` and ``problems`` say what is wrong."""
    shown = str(path) if display_path is None else display_path
    found: list[Pose] = []

    def keep(record: dict[str, Any]) -> bool:
        if record["k"] == POSES:  # turned into samples as it is read, not kept as it is
            found.extend(_poses([record]))
            return False
        return _graded(record)

    log = check_log(path, trust or load_trust(), display_path=shown,
                    keep=keep if poses else _graded, parse_poses=poses, reset=found.clear)
    return _records(log, found)


def _records(log: CheckedLog, found: list[Pose]) -> SessionRecords:
    records = log.records
    verdict = log.verdict
    head = log.facts.head(verdict.last_index) if log.facts is not None else None
    return SessionRecords(log.header, records, found, list(verdict.problems),
                          max(verdict.last_index, 0), head[0] if head else "", verdict,
                          log.line_of)


def _poses(objects: Iterable[Mapping[str, Any]]) -> list[Pose]:
    """Head positions from ``poses`` lines (ten samples a line: ``dt`` offsets and ``p``)."""
    found = []
    for obj in objects:
        t = obj["t"]
        for dt, p in zip(obj["dt"], obj["p"], strict=True):
            found.append(Pose(t + dt, float(p[0]), float(p[1]), float(p[2])))
    return found


_TIMEOUT_ENDING = "time_limit"  # the core's ending when a scenario names no timeout of its own


@dataclass(frozen=True)
class ScenarioNames:
    """The ids a scenario's events may name, by the field that names them."""

    pools: dict[str, frozenset[str]]
    options: dict[str, frozenset[str]]
    scenario: str

    @classmethod
    def of(cls, scenario: Scenario) -> ScenarioNames:
        options = {d.id: frozenset(o.id for o in d.options) for d in scenario.decisions}
        pools = {
            "role": frozenset(r.id for r in scenario.roles),
            "action": frozenset(a.id for a in scenario.actions),
            "decision": frozenset(options),
            "inject": frozenset(i.id for i in scenario.injects),
            "hazard": frozenset(h.id for h in scenario.hazards),
            "ending": frozenset({e.id for e in scenario.endings} | {_TIMEOUT_ENDING}),
            "var": frozenset(v.id for v in scenario.variables),
        }
        return cls(pools, options, scenario.id)


def unknown_names(session: SessionRecords, names: ScenarioNames, shown: str) -> list[Diagnostic]:
    """Events naming an action, decision, option, role, inject, hazard, ending or variable
    the scenario does not have (GRD006): such a log was not recorded with this scenario."""
    pools, decisions = names.pools, names.options
    if _all_known(session.records, names):
        return []
    found: list[Diagnostic] = []
    for record in session.records:
        if record["k"] in NOT_EVENTS or record["k"] == "refused":
            named = [("role", record.get("role"))]
        else:
            named = [(name, record[name]) for name in pools.keys() & record.keys()]
            named += [("role", role) for role in record.get("roles", ())]
            if ("option" in record and record.get("decision") in decisions
                    and record["option"] not in decisions[record["decision"]]):
                named.append(("option", record["option"]))
        for kind, value in named:
            if value is None or (kind != "option" and value in pools[kind]):
                continue
            line = session.line_of(record["i"])
            what = {"var": "variable"}.get(kind, kind)
            found.append(Diagnostic(shown, line, 1, "GRD006",
                                    f"line {line} names {what} {json.dumps(value)}, which "
                                    f"scenario '{names.scenario}' does not have"))
            if len(found) >= 10:
                return found
    return found


def _all_known(records: list[dict[str, Any]], names: ScenarioNames) -> bool:
    """A quick pass, field by field: whether every name in the events is the scenario's (the
    usual case); when not, ``unknown_names`` looks line by line for what is not."""
    for name, pool in names.pools.items():
        if not pool.issuperset({r[name] for r in records if name in r} - {None}):
            return False
    if not names.pools["role"].issuperset(
            role for r in records for role in r.get("roles", ())):
        return False
    return all(r["option"] in names.options.get(r["decision"], (r["option"],))
               for r in records if "option" in r and "decision" in r)
