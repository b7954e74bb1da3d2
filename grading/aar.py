"""What an after-action report / improvement plan says, worked out once from a graded session:
who took part, each decision with its time and reason, the chronological event table, the
improvement plan. The HTML page (``grading.html``) and its PDF lay these out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from grading.checklist import EventSpec, Rule
from grading.facts import Labels, clock, humane
from grading.grade import ItemResult, Report
from grading.rules import Context


@dataclass(frozen=True)
class Participant:
    role: str
    name: str
    agency: str
    how: str  # who played it


@dataclass(frozen=True)
class DecisionTaken:
    decision: str
    prompt: str
    opened: int | None  # t_ms
    answered_line: int
    answered: int  # t_ms
    option: str
    took_ms: int | None
    rationale: str | None
    by: str
    timed_out: bool


@dataclass(frozen=True)
class Row:
    """One line of the chronological event table."""

    i: int
    t: int
    kind: str  # action, decision, inject, refused, hazard, ending, read, briefing, pause, ...
    who: str
    what: str


@dataclass(frozen=True)
class PlanRow:
    result: ItemResult
    capability: str
    agency: str
    recommendation: str
    corrective_action: str


def labels_of(report: Report) -> Labels:
    return report.context.labels if report.context else Labels(report.loaded.scenario)


def participants(report: Report) -> list[Participant]:
    """Every role of the scenario, with who played it in this session."""
    if report.header.get("shared"):
        return _team(report)
    played = str(report.header.get("role") or "")
    trainee = str(report.header.get("trainee") or "the trainee")
    acting = {r.get("role") for r in report.facts.records if r.get("k") in ("performed", "decided")}
    found = []
    for role in report.loaded.scenario.roles:
        if role.id == played:
            how = f"played by {trainee}"
        elif role.id in acting:
            how = f"acted for by {trainee} in this session"
        elif role.playable:
            how = "playable; not played in this session"
        else:
            how = "simulated by the scenario"
        found.append(Participant(role.id, role.name, humane(role.agency), how))
    return found


def _team(report: Report) -> list[Participant]:
    """A shared session: each role with the people who joined to play it (in order), and
    whether the engine played it for a time."""
    people: dict[str, list[str]] = {}
    engine: set[str] = set()
    for r in report.facts.records:
        if r.get("k") == "note" and r.get("note") == "joined":
            names = people.setdefault(str(r.get("role")), [])
            if str(r.get("trainee")) not in names:
                names.append(str(r.get("trainee")))
        elif r.get("k") == "seated" and r.get("by") == "engine":
            engine.add(str(r.get("role")))
    found = []
    for role in report.loaded.scenario.roles:
        names = people.get(role.id, [])
        if names:
            how = "played by " + ", ".join(names)
            how += "; the engine played it while nobody did" if role.id in engine else ""
        elif role.playable:
            how = "playable; the engine played it in this session"
        else:
            how = "simulated by the scenario"
        found.append(Participant(role.id, role.name, humane(role.agency), how))
    return found


def decisions(report: Report) -> list[DecisionTaken]:
    labels = labels_of(report)
    opened: dict[str, int] = {}
    taken = []
    for r in report.facts.records:
        k = r.get("k")
        if k == "decision_opened":
            opened.setdefault(r["decision"], r["t"])
        elif k in ("decided", "decision_timed_out"):
            decision = r["decision"]
            start = opened.get(decision)
            rationale = r.get("rationale")
            taken.append(DecisionTaken(
                decision, labels.decision(decision), start, r["i"], r["t"],
                labels.option(decision, r.get("option")),
                None if start is None else r["t"] - start,
                rationale if isinstance(rationale, str) and rationale.strip() else None,
                labels.role(r.get("role")) or "the scenario", k == "decision_timed_out"))
    return taken


_NOTES = {"read": "read", "briefing": "briefing", "paused": "pause", "resumed": "resume",
          "set_aside": "set aside", "recalled": "recalled"}


def event_rows(report: Report) -> list[Row]:
    """Actions, decisions, injects, refusals, thresholds, the ending and the notes (documents
    read, briefing, pauses), in log order."""
    labels = labels_of(report)
    rows = []
    for r in report.facts.records:
        row = _row(r, labels)
        if row is not None:
            rows.append(row)
    return rows


def _row(r: Mapping[str, Any], labels: Labels) -> Row | None:
    k, i, t = r.get("k"), r["i"], r["t"]
    who = labels.role(r.get("role"))
    if k == "performed":
        outcome = f" (outcome: {humane(str(r['outcome']))})" if r.get("outcome") else ""
        return Row(i, t, "action", who, labels.action(r["action"]) + outcome)
    if k in ("decided", "decision_timed_out"):
        how = "timed out: " if k == "decision_timed_out" else ""
        what = (f"{labels.decision(r['decision'])} → {how}"
                f"{labels.option(r['decision'], r.get('option'))}")
        return Row(i, t, "decision", who or "the scenario", what)
    if k == "decision_opened":
        return Row(i, t, "decision", "", f"opened: {labels.decision(r['decision'])}")
    if k == "inject_fired":
        spec = labels.injects.get(r["inject"])
        content = spec.content if spec else humane(r["inject"])
        number = f"#{spec.number} " if spec else ""
        sender = labels.role(spec.originator) if spec else ""
        via = humane(spec.delivery) if spec else ""
        return Row(i, t, "inject", sender, f"{number}({via}) {content}")
    if k == "refused":
        name = r.get("do") or r.get("choose") or "?"
        what = labels.actions.get(name) or labels.decision(name)
        return Row(i, t, "refused", who, f"{what}: refused ({humane(str(r.get('reason')))})")
    if k == "hazard_threshold":
        return Row(i, t, "hazard", "", f"{labels.hazard(r['hazard'])} passed "
                   f"{r.get('threshold')} (now {r.get('value')})")
    if k == "ended":
        return Row(i, t, "ending", "", f"{labels.ending(r['ending'])} ({r.get('outcome')})")
    if k == "note":
        return _note(r, labels)
    return None


def _note(r: Mapping[str, Any], labels: Labels) -> Row | None:
    note = r.get("note")
    shared = _shared_note(r, labels)
    if shared is not None or note not in _NOTES:
        return shared
    who = labels.role(r.get("role"))
    i, t = r["i"], r["t"]
    if note == "read":
        listed = r.get("documents")
        documents = listed if isinstance(listed, list) else []
        titles = ", ".join(labels.documents.get(str(d), humane(str(d))) for d in documents)
        prop = labels.props.get(str(r.get("prop")), "")
        return Row(i, t, "read", who, f"read {titles or 'a document'}"
                   + (f" at {prop}" if prop else ""))
    if note in ("set_aside", "recalled"):
        decision = labels.decision(str(r.get("decision")))
        return Row(i, t, _NOTES[note], who, f"{_NOTES[note]}: {decision}")
    text = {"briefing": "opened the briefing", "paused": "paused the scenario clock",
            "resumed": "resumed"}[str(note)]
    return Row(i, t, _NOTES[str(note)], who, text)


def _shared_note(r: Mapping[str, Any], labels: Labels) -> Row | None:
    """What a shared session adds: the instructor's notes, messages between trainees, who
    joined and who lost their connection."""
    note, i, t = r.get("note"), r["i"], r["t"]
    who = "Instructor" if r.get("by") == "instructor" else labels.role(r.get("role"))
    if note == "instructor":
        return Row(i, t, "instructor note", "Instructor", str(r.get("text", "")))
    if note == "message":
        via = humane(str(r.get("via", "radio")))
        return Row(i, t, "message", who, f"to {labels.role(str(r.get('to')))} ({via}): "
                   f"{r.get('text', '')}")
    if note == "joined":
        return Row(i, t, "joined", who, f"{r.get('trainee')} joined"
                   + (" again" if r.get("again") else ""))
    if note == "dropped":
        return Row(i, t, "connection", who, "connection lost")
    if note in ("paused", "resumed") and r.get("by") == "instructor":
        return Row(i, t, _NOTES[str(note)], who, f"{note} the exercise for everyone")
    return None


def plan_rows(report: Report) -> list[PlanRow]:
    """One improvement-plan row per missed task, critical and essential first."""
    roles = {r.id: r for r in report.loaded.scenario.roles}
    missed = sorted((r for r in report.results if r.missed),
                    key=lambda r: (not r.item.essential, not r.item.critical))
    rows = []
    for r in missed:
        item = r.item
        agency = humane(item.agency) if item.agency else (
            humane(roles[item.role].agency) if item.role in roles else "")
        guidance = ", ".join(item.guidance)
        rule = rule_words(item.rule, report.context) if report.context else item.text
        recommendation = f"Re-run the scenario until this holds: {rule} (brief on {guidance})."
        action = f"{item.text} Brief on {guidance}; re-run to check."
        rows.append(PlanRow(r, r.capability.name, agency, recommendation, action))
    return rows


def rule_words(rule: Rule, ctx: Context) -> str:
    """A checklist rule in the scenario's words, e.g. ``“Put on …” before “Break the seal …”``."""
    kind = rule.kind
    if kind in ("performed", "chosen", "fired", "refused", "threshold", "ending"):
        return ctx.what(rule)
    if kind == "never":
        assert rule.never is not None
        return f"never {ctx.what(EventSpec(performed=rule.never, by=rule.by))}"
    if kind == "event":
        assert rule.event is not None
        event = ctx.what(rule.event)
        if rule.before is not None:
            return f"{event} before {ctx.what(rule.before)}"
        if rule.after is not None:
            return f"{event} after {ctx.what(rule.after)}"
        since = ctx.what(rule.of) if rule.of is not None else "the start"
        return f"{event} within {clock(round((rule.within or 0) * 1000))} of {since}"
    if kind == "variable":
        assert rule.variable is not None
        key = next(k for k in ("at_end", "max", "min") if getattr(rule, k) is not None)
        comparison = getattr(rule, key)
        how = {"at_end": "at the end", "max": "at its highest", "min": "at its lowest"}[key]
        ops = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
        value = ctx.labels.value(rule.variable, comparison.value)
        return f"{ctx.labels.variable(rule.variable)} {how} {ops[comparison.op]} {value}"
    if kind == "count":
        assert rule.count is not None
        bounds = [f"at least {rule.at_least}" if rule.at_least is not None else "",
                  f"at most {rule.at_most}" if rule.at_most is not None else ""]
        return f"{ctx.what(rule.count)} {' and '.join(b for b in bounds if b)} times"
    if kind == "not":
        assert rule.not_ is not None
        return f"no {rule_words(rule.not_, ctx).removeprefix('the ')}"
    parts = [rule_words(part, ctx) for part in [*(rule.all_ or []), *(rule.any_ or [])]]
    return (" and " if kind == "all" else " or ").join(f"({p})" for p in parts)
