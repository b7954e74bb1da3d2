"""What the instructor station is shown: the MSEL, the map, who plays what, the checklist.

The page gets every log line (it is the exercise controller's), the clock and everyone's
poses like any client; on top of that, the scenario's master list of injects with their
triggers, the zones and where every prop stands, each seat's player, and each checklist
task's status (met, missed or not observed) graded afresh from the log as it grows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.core.program import Program
from engine.core.view import view
from engine.present.agencies import agency_colour
from engine.scenario.schema import Scenario, clock
from engine.scenario.strings import fill

if TYPE_CHECKING:
    from engine.net.room import Room

CHECKLIST = "checklist.yaml"


def station(room: Room) -> dict[str, Any]:
    """The parts of the page that never change during a session."""
    scenario: Scenario = room.program.scenario
    roles = {r.id: r for r in scenario.roles}
    return {
        "k": "station",
        "scenario": {"id": scenario.id, "title": scenario.title,
                     "time_limit": room.program.time_limit_ms},
        "roles": [{"id": r.id, "name": r.name, "agency": r.agency, "playable": r.playable,
                   "colour": _css(agency_colour(r.agency))} for r in scenario.roles],
        "msel": [{
            "id": i.id, "number": i.number, "trigger": _trigger(i), "delivery": i.delivery,
            "from": roles[i.originator].name if i.originator in roles else i.originator,
            "to": [roles[r].name if r in roles else r for r in [i.recipient, *i.also_to]],
            "content": fill(i.content, _placeholder), "expected": i.expected_response or "",
        } for i in sorted(scenario.injects, key=lambda i: i.number)],
        "zones": [{"id": z.id, "name": z.name, "kind": z.kind, "center": list(z.area.center),
                   "size": list(z.area.size)} for z in scenario.place.zones],
        "tasks": _tasks(room),
    }


def _placeholder(variable: str) -> str:
    """A live value in the plan, before it is known: ``{pallet_temp}`` reads [pallet temp]."""
    return f"[{variable.replace('_', ' ')}]"


def _css(linear: tuple[float, float, float]) -> str:
    """A linear RGB colour (as the 3D kit is tinted) as the page's sRGB hex."""
    return "#" + "".join(f"{round(255 * min(1.0, c) ** (1 / 2.2)):02x}" for c in linear)


def _trigger(inject: Any) -> str:
    if inject.contingency is not None:
        return f"by {clock(round(inject.contingency.by * 1000))} unless it is done"
    trigger = inject.trigger
    if trigger is None:
        return "fired by an action or a threshold"
    parts = []
    if trigger.at is not None:
        parts.append(f"at {clock(round(trigger.at * 1000))}")
    if trigger.when is not None:
        parts.append(f"when {trigger.when}")
    if trigger.after is not None:
        parts.append(f"{clock(round(trigger.after * 1000))} after")
    return " ".join(parts)


def map_message(room: Room) -> dict[str, Any]:
    """Where every prop stands now (the union of what every role sees), and each seat."""
    program: Program = room.program
    state = room.session.state
    props: dict[str, dict[str, Any]] = {}
    for role in sorted(program.playable):
        for prop in view(program, state, role).props:
            props.setdefault(prop.id, {"id": prop.id, "x": prop.position[0],
                                       "y": prop.position[1], "role": prop.role,
                                       "name": _prop_name(program, prop.id)})
    seats = [{"role": s.role, "trainee": s.trainee, "connected": s.peer is not None,
              "dropped": s.dropped_at is not None, "person": s.role in state.people,
              "pose": s.pose} for s in room.seats.values()]
    return {"k": "map", "t": state.t_ms, "props": list(props.values()), "seats": seats,
            "fired": sorted(state.fired), "running": room.running, "started": room.started,
            "holds": sorted(room.holds), "ended": state.ended}


def _prop_name(program: Program, prop_id: str) -> str:
    return next((p.name for p in program.scenario.props if p.id == prop_id), prop_id)


def _checklist(room: Room) -> Any:
    cached = room.checklist
    if cached is None:
        path = Path(room.session.loaded.path).parent / CHECKLIST
        try:
            from grading.checklist import load_checklist

            cached = load_checklist(path, room.session.loaded) if path.exists() else False
        except Exception:  # noqa: BLE001 - a checklist that does not load shows no status
            cached = False
        room.checklist = cached
    return cached or None


def _tasks(room: Room) -> list[dict[str, Any]]:
    checklist = _checklist(room)
    if checklist is None:
        return []
    return [{"id": item.id, "text": item.text, "role": item.role, "agency": item.agency,
             "capability": capability.name}
            for capability in checklist.capabilities for target in capability.targets
            for item in target.tasks]


def status_message(room: Room, records: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Each task's status on the log so far, graded the way the debrief grades it."""
    checklist = _checklist(room)
    if checklist is None:
        return None
    from engine.record.verdict import CRASHED, Verdict
    from grading.grade import grade_records
    from grading.logread import SessionRecords

    header = room.header
    plain = [{k: v for k, v in r.items() if k != "h"} for r in records
             if r.get("k") != "poses"]
    last = plain[-1]["i"] if plain else 0
    going = Verdict(CRASHED, (), False, last, -1, 0, len(records), (), "still being written")
    session = SessionRecords(header, plain, [], [], len(records), "", going)
    report = grade_records(session, room.session.loaded, checklist, "")
    return {"k": "status", "t": room.session.t_ms,
            "tasks": {r.item.id: {"status": r.status, "reason": r.reason}
                      for c in report.capabilities for r in c.results},
            "ratings": {c.capability.name: c.rating for c in report.capabilities}}
