"""Grade reports as JSON (a stable, documented schema) and as a plain-text table.

The JSON schema is ``taskforce-grade/1`` (see ``docs/grade-report.md``). It holds only what
the log, scenario and checklist determine (no grading time, no file paths), and is written with
sorted keys, so the same log and checklist always give byte-identical output.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from grading.aar import participants
from grading.facts import clock
from grading.grade import RATING_NAMES, ItemResult, Report, rating_rule
from grading.guidance import GUIDANCE
from grading.team import by_role

SCHEMA = "taskforce-grade/2"
_SESSION_FIELDS = ("session", "trainee", "role", "scenario", "scenario_version", "scenario_hash",
                   "checklist_hash", "plan", "seed", "started", "engine")


def _item(result: ItemResult) -> dict[str, Any]:
    item = result.item
    return {
        "id": item.id,
        "target": result.target.id,
        "text": item.text,
        "level": item.level,
        "role": item.role,
        "agency": item.agency,
        "guidance": [{"id": g, "text": GUIDANCE.get(g, "")} for g in item.guidance],
        "weight": item.weight,
        "critical": item.critical,
        "essential": item.essential,
        "status": result.status,
        "met": result.met,
        "evidence": [e.to_dict() for e in result.evidence],
        "observation": result.reason or None,
        "feedback": (item.feedback.met if result.met else
                     item.feedback.missed if result.missed else None),
    }


def ending_of(report: Report) -> dict[str, Any] | None:
    for evidence in sorted(e for found in report.facts.ending.values() for e in found):
        return {"ending": evidence.subject, "outcome": evidence.detail, "t_ms": evidence.t,
                "time": clock(evidence.t)}
    return None


def to_dict(report: Report) -> dict[str, Any]:
    policy = report.checklist.rating
    header = report.header
    return {
        "schema": SCHEMA,
        "banner": report.banner,
        "banners": report.banners,
        "forced": report.forced,
        "regraded": report.regraded,
        "session": {
            **{key: header.get(key) for key in _SESSION_FIELDS},
            "lines": report.session.lines,
            "closed": report.closed,
            "last_hash": report.session.last_hash,
            "ended": ending_of(report),
            "finished": report.finished,
            "duration_ms": report.facts.end_t,
        },
        "log_problems": [p.format() for p in report.session.problems],
        "checklist": {"id": report.checklist.id, "version": report.checklist.version,
                      "title": report.checklist.title, "hash": report.checklist_hash},
        "rating_rule": {
            "some_share": policy.some_share,
            "unable_share": policy.unable_share,
            "not_observed": policy.not_observed,
            "min_observed": policy.min_observed,
            "text": rating_rule(policy),
        },
        "overall": {"rating": report.overall, "name": RATING_NAMES[report.overall],
                    "passed": report.passed},
        "critical_failures": [
            {"capability": r.capability.id, "item": r.item.id, "essential": r.item.essential}
            for r in report.critical_failures
        ],
        "not_observed": [{"capability": r.capability.id, "item": r.item.id}
                         for r in report.not_observed],
        "capabilities": [
            {
                "id": c.capability.id,
                "name": c.capability.name,
                "objective": c.capability.objective,
                "rating": c.rating,
                "rating_name": RATING_NAMES[c.rating],
                "rule": c.code,
                "explanation": c.explanation,
                "weight": {"total": c.total_weight, "missed": c.missed_weight,
                           "observed": c.observed_weight},
                "items": [_item(r) for r in c.results],
            }
            for c in report.capabilities
        ],
        **({"roles": [asdict(g) for g in by_role(report)]} if header.get("shared") else {}),
        "guidance": {
            "cited": sorted({g for r in report.results for g in r.item.guidance}),
            "uncovered_practised": report.uncovered_guidance(practised_only=True),
            "uncovered": report.uncovered_guidance(practised_only=False),
        },
    }


def render_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _who(report: Report) -> str:
    """Who played: the trainee and role, or in a shared session everyone who joined."""
    h = report.header
    if not h.get("shared"):
        return f"trainee {h.get('trainee')} as {h.get('role')}"
    played = [f"{p.how.removeprefix('played by ').split(';')[0]} as {p.role}"
              for p in participants(report) if p.how.startswith("played by ")]
    return "shared session: " + ("; ".join(played) if played else "no one joined")


def render_text(report: Report) -> str:
    lines: list[str] = list(report.banners)
    h = report.header
    ending = ending_of(report)
    end = f"{ending['ending']} ({ending['outcome']}) at {ending['time']}" if ending else "no ending"
    lines += [
        f"{report.checklist.title}",
        f"{_who(report)}, session {h.get('session')}: {end}",
        f"overall: {report.overall} ({RATING_NAMES[report.overall]}), "
        + ("passed" if report.passed else
           "not passed" if report.finished else "not passed: the session has no ending"),
        "",
    ]
    if report.critical_failures:
        lines.append("critical failures:")
        for r in report.critical_failures:
            tag = "essential" if r.item.essential else "critical"
            lines.append(f"  ! {r.item.id} ({tag}, {r.capability.id}): {r.reason}")
        lines.append("")
    if report.not_observed:
        lines.append("not observed (neither met nor missed: the log cannot show them):")
        for r in report.not_observed:
            lines.append(f"  ? {r.item.id} ({r.capability.id}): {r.reason}")
        lines.append("")
    lines.append(f"{'capability':<22} {'rating':<6} why")
    for c in report.capabilities:
        lines.append(f"{c.capability.id:<22} {c.rating:<6} {c.explanation}")
    if report.header.get("shared"):
        lines += ["", f"{'role':<22} {'rating':<6} {'played by':<24} why"]
        for g in by_role(report):
            played = _cut(g.played.removeprefix("played by "), 24)
            lines.append(f"{_cut(g.role, 22):<22} {g.rating:<6} {played:<24} {g.explanation}")
    lines += ["", f"{'task':<30} {'result':<7} {'level':<11} {'who':<16} {'guidance':<10} "
              "what the log shows"]
    for c in report.capabilities:
        lines.append(f"[{c.capability.id}] {c.capability.name}")
        for r in c.results:
            who = r.item.role or r.item.agency or ""
            evidence = r.reason
            flag = {"met": "met", "missed": "MISSED"}.get(r.status, "not obs")
            lines.append(
                f"  {_cut(r.item.id, 28):<28} {flag:<7} {r.item.level:<11} {_cut(who, 16):<16} "
                f"{','.join(r.item.guidance):<10} {evidence}"
            )
    uncovered = report.uncovered_guidance(practised_only=True)
    if uncovered:
        lines += ["", "guidance the scenario practises that no task covers: "
                  + ", ".join(uncovered)]
    return "\n".join(lines) + "\n"
