"""A short, readable account of a played session for the terminal."""

from __future__ import annotations

from engine.core.state import Event
from engine.play import PlayResult
from engine.scenario.files import display
from engine.scenario.loader import LoadedScenario
from engine.scenario.strings import string_table, text
from engine.scenario.walkthrough import Walkthrough


def clock(t_ms: int) -> str:
    seconds = t_ms // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def describe(event: Event, table: dict[str, str], scenario_id: str) -> str | None:
    d = event.data

    def label(key: str, fallback: str) -> str:
        return text(table, scenario_id, key, fallback)

    if event.kind == "performed":
        action = d["action"]
        return f"{d['role']}: {label(f'action/{action}/label', action)}"
    if event.kind == "refused":
        what = d.get("do") or d.get("choose")
        return f"{d['role']}: refused {what} ({d['reason'].replace('_', ' ')})"
    if event.kind == "decision_opened":
        decision = d["decision"]
        return f"decision: {label(f'decision/{decision}/prompt', decision)}"
    if event.kind in ("decided", "decision_timed_out"):
        option = d.get("option")
        chosen = label(f"decision/{d['decision']}/option/{option}/label", str(option))
        who = d.get("role", "time ran out")
        return f"{who}: chose '{chosen}'"
    if event.kind == "inject_fired":
        kind = "contingency inject" if d["contingency"] else "inject"
        inject = d["inject"]
        body = label(f"inject/{inject}/content", inject)
        first_line = body.strip().splitlines()[0]
        if len(first_line) > 90:
            first_line = first_line[:88].rsplit(" ", 1)[0] + " …"
        return f"{kind} #{d['number']} ({d['delivery']}, {d['from']} to {d['to']}): {first_line}"
    if event.kind == "hazard_threshold":
        return f"hazard {d['hazard']} reached {d['value']}"
    if event.kind == "ended":
        ending = d["ending"]
        return f"ended: {label(f'ending/{ending}/message', ending)} [{d['outcome']}]"
    return None


def print_summary(loaded: LoadedScenario, plan: Walkthrough, result: PlayResult) -> None:
    scenario = loaded.scenario
    table = string_table(scenario)
    print(f"{scenario.title} — walkthrough '{plan.id}' as {plan.role} (seed {plan.seed})")
    for event in result.events:
        line = describe(event, table, scenario.id)
        if line is not None:
            print(f"  {clock(event.t_ms)}  {line}")
    decisions = sum(1 for e in result.events if e.kind in ("performed", "decided"))
    refused = sum(1 for e in result.events if e.kind == "refused")
    ending = f"{result.ending} ({result.outcome})" if result.ending else "no ending reached"
    print(
        f"result: {ending} at {clock(result.t_ms)}; {decisions} actions and decisions, "
        f"{refused} refused"
    )
    if result.unplayed:
        why = "after the ending" if result.ending else "after the walkthrough's 'until'"
        print(f"not played, {why}: {', '.join(result.unplayed)}")
    print(f"log: {display(result.log_path)}")
