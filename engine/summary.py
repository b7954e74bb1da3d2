"""A short, readable account of a played session for the terminal."""

from __future__ import annotations

from engine.core.state import Event
from engine.play import PlayResult
from engine.present.texts import Texts
from engine.scenario.files import display
from engine.scenario.loader import LoadedScenario
from engine.scenario.walkthrough import Walkthrough


def clock(t_ms: int) -> str:
    seconds = t_ms // 1000
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def describe(event: Event, texts: Texts) -> str | None:
    d = event.data
    sid = texts.scenario.id

    def label(key: str, fallback: str) -> str:
        found = texts.filled(f"{sid}/{key}", d.get("values"))
        return fallback if found == f"{sid}/{key}" else found

    if event.kind == "performed":
        action = d["action"]
        who = d["role"] + (" (engine)" if d.get("engine") else "")
        asked = f", asked by {d['asked_by']}" if d.get("asked_by") else ""
        return f"{who}{asked}: {label(f'action/{action}/label', action)}"
    if event.kind == "refused":
        what = d.get("do") or d.get("choose")
        asked = f", asked by {d['asked_by']}" if d.get("asked_by") else ""
        return f"{d['role']}{asked}: refused {what} ({d['reason'].replace('_', ' ')})"
    if event.kind == "asked":
        return f"{d['role']} asks {d['partner']} ({d['via']}): {d['action']}"
    if event.kind == "answered":
        key = f"role/{d['partner']}/on_request/{d['action']}"
        if d["answer"] == "agreed":
            words = label(f"{key}/answer", texts("ui/answer/agreed"))
        elif "refusal" in d:
            words = label(f"{key}/refusal/{d['refusal']}/reason", d["refusal"])
        else:
            words = texts(f"ui/answer/{d['reason']}")
        return f"{d['partner']} to {d['to']} ({d['via']}, {d['action']}): {words}"
    if event.kind == "decision_opened":
        decision = d["decision"]
        return f"decision: {label(f'decision/{decision}/prompt', decision)}"
    if event.kind in ("decided", "decision_timed_out"):
        option = d.get("option")
        chosen = label(f"decision/{d['decision']}/option/{option}/label", str(option))
        who = d.get("role", "time ran out") + (" (engine)" if d.get("engine") else "")
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
    texts = Texts(scenario)
    people = ", ".join(result.people) or plan.role
    others = sorted({r.id for r in scenario.roles} - set(result.people))
    print(f"{scenario.title} — walkthrough '{plan.id}' as {people} (seed {plan.seed}); "
          f"the engine plays {', '.join(others) or 'no role'}")
    for event in result.events:
        line = describe(event, texts)
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
