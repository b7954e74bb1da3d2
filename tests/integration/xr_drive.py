"""Plays a scenario in headset mode against a real OpenXR runtime whose "remote" driver
``xr_remote`` can move (Monado), for ``test_xr_runtime``; prints what happened as JSON.

Run as: python tests/integration/xr_drive.py SCENARIO PORT LOG FRAMES

After the controller tour, the scenario is brought to its required-rationale decision by
the "beside-the-gate" walkthrough's own steps (submitted as that trainee would), and the
decision is answered in the headset: an option picked with the laser, then a rationale
typed on the keyboard panel, key by key, and Done.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.integration.xr_remote import Remote, look, yaw  # noqa: E402


def to_xr(v: Any) -> tuple[float, float, float]:
    return (v[0], v[2], -v[1])


def aim_at(remote: Remote, presenter: Any, world: Any) -> None:
    """Point the right controller (in the play space) at a world point."""
    local = presenter.rig_node.getRelativePoint(presenter.base.render, world)
    hand = remote.right.position
    target = to_xr(local)
    remote.right.orientation = look(tuple(t - h for t, h in zip(target, hand, strict=True)))


TYPED = "Evidence"
LOOK_AT = "zone-inspection_lane"  # a zone's name, looked at to read it
DECISION = "disposition"


def scripted(loaded: Any, plan_file: Path, until: str) -> list[tuple[int, Any]]:
    """The walkthrough's requests (time in ms, request) before it chooses ``until``."""
    from engine.core.state import Choose, Perform
    from engine.scenario.loader import load_walkthrough

    plan = load_walkthrough(plan_file, loaded)
    found: list[tuple[int, Any]] = []
    for step in plan.steps:
        if step.choose == until:
            break
        role = step.role or plan.role
        request = Perform(step.do, role) if step.do else \
            Choose(step.choose or "", step.option or "", role, step.rationale)
        found.append((round(step.at * 1000), request))
    return found


def row_point(presenter: Any, which: str, row: int | str) -> Any:
    """The world point at the middle of a standing panel's row or key."""
    return presenter.panels.row_point(which, row)


def shown_tags(presenter: Any) -> dict[str, Any]:
    """The name tags and zone names standing in the world: text, the visual angle of their
    capitals from the eyes, and whether they turn to face the eye drawing them."""
    import math

    from engine.present.xr.plates import CAP

    head, found = presenter.head.getPos(presenter.base.render), {}
    for key, node in presenter.tags.nodes.items():
        if node.isHidden():
            continue
        distance = (node.getPos(presenter.base.render) - head).length()
        cap = node.getScale(presenter.base.render).z * CAP
        found[key] = {"text": node.node().getText(), "distance": round(distance, 2),
                      "cap_degrees": math.degrees(2 * math.atan(cap / 2 / distance)),
                      "billboard": node.hasBillboard()}
    return found


def main(scenario: str, port: int, log: str, frames: int) -> None:
    from engine.app import start_body
    from engine.core.program import program_for
    from engine.core.view import view
    from engine.frameloop import FrameLoop
    from engine.input.xr import XrInput
    from engine.interact.controller import Controller
    from engine.present.panda.window import WindowSpec, init_pipeline, open_base
    from engine.present.xr.opened import XrOptions, start
    from engine.present.xr.presenter import XrPresenter
    from engine.scenario.loader import load_scenario
    from engine.session import Session

    opened = start()
    remote = Remote(port)
    remote.connect()
    spec = WindowSpec("offscreen", 96, 72)
    base = open_base(spec)
    init_pipeline(base)
    loaded = load_scenario(scenario)
    role = "customs_officer"
    presenter = XrPresenter(loaded, role, spec, base, opened, XrOptions(render_scale=0.5))
    session = Session.begin(loaded, role=role, seed=1, trainee="xr-test", log_path=Path(log),
                            extra={"display": "xr"})
    program = program_for(loaded)
    first = view(program, session.state, role)
    walls = presenter.walls(first)
    controller = Controller(program, role, device="xr", body=start_body(first, walls),
                            walls=walls)
    xr_input = XrInput(presenter.input_device())
    loop = FrameLoop(session, presenter, controller, xr_input)
    loop.frame(0.0, None)
    eyes: dict[int, Any] = {}
    presenter.capture = lambda eye, data, w, h: eyes.__setitem__(
        eye, np.frombuffer(data, np.uint8).reshape(h, w, 4)[::-1, :, :3].copy())
    report: dict[str, Any] = {"t_unfocused": [], "requests": [], "headings": {}}
    container = presenter.scene.props["container"].node
    phase, count, dt = "settle", 0, 0.1
    started = time.monotonic()
    for n in range(frames):
        count = n
        if not presenter.focused:
            report["t_unfocused"].append(session.t_ms)
        advance = None if not presenter.focused or controller.paused else \
            session.t_ms + round(dt * 1000)
        _, requested = loop.frame(dt, advance)
        report["requests"] += [r.to_record() for r in requested]
        hud = presenter.panels
        if phase == "settle" and presenter.focused and n > 5:
            report["headings"]["before"] = presenter.eyes[0][1].getH(base.render)
            remote.head_orientation = yaw(25.0)
            remote.send()
            phase, mark = "turned", n
        elif phase == "turned" and n > mark + 3:
            report["headings"]["after"] = presenter.eyes[0][1].getH(base.render)
            report["eyes"] = {str(k): v.tolist() for k, v in eyes.items()}
            aim_at(remote, presenter, container.getPos(base.render) + (0, 0, 1.3))
            remote.send()
            phase, mark = "aimed", n
        elif phase == "aimed" and n > mark + 2:
            report["focus"] = loop.pointed.prop
            remote.right.trigger = True
            remote.send()
            phase, mark = "pressed", n
        elif phase == "pressed" and n > mark + 2:
            remote.right.trigger = False
            remote.send()
            phase, mark = "menu", n
        elif phase == "menu" and n > mark + 2 and "panel" in hud.stood:
            shown = hud.stood["panel"].shown
            report["panel"] = [shown.kind, len(shown.rows)]
            aim_at(remote, presenter, row_point(presenter, "panel", 1))
            remote.send()
            phase, mark = "row", n
        elif phase == "row" and n > mark + 2:
            report["hovered"] = hud.hovered[1] if hud.hovered else None
            remote.right.trigger = True
            remote.send()
            phase, mark = "chose", n
        elif phase == "chose" and n > mark + 2:
            remote.right.trigger = False
            remote.right.stick = (1.0, 0.0)  # snap turn right
            remote.send()
            report["rig_before"] = [*presenter.rig.origin, presenter.rig.heading]
            phase, mark = "turning", n
        elif phase == "turning" and n > mark + 2:
            remote.right.stick = (0.0, 0.0)
            remote.right.orientation = look((0.0, -0.6, -1.0))  # down at the ground ahead
            remote.send()
            report["rig_turned"] = [*presenter.rig.origin, presenter.rig.heading]
            phase, mark = "pointing", n
        elif phase == "pointing" and n > mark + 2:
            remote.right.stick = (0.0, 1.0)  # aim a teleport
            remote.send()
            phase, mark = "arc", n
        elif phase == "arc" and n > mark + 3:
            report["target"] = presenter.teleport_target
            report["vignette"] = not presenter.pointer.vignette.isHidden()
            remote.right.stick = (0.0, 0.0)  # release: go
            remote.send()
            phase, mark = "moved", n
        elif phase == "moved" and n > mark + 2 and "rig_moved" not in report:
            report["rig_moved"] = [*presenter.rig.origin, presenter.rig.heading]
        elif phase == "moved" and "rig_moved" in report:
            lane = next(x.anchor for x in presenter.scene.labels if x.key == LOOK_AT)
            toward = presenter.rig_node.getRelativePoint(base.render, lane.getPos(base.render))
            remote.head_orientation = look(tuple(t - h for t, h in zip(
                to_xr(toward), remote.head_position, strict=True)))
            remote.send()
            phase, mark = "looking", n
        elif phase == "looking" and n > mark + 3 and not presenter.scene.thermal:
            report["tags"] = shown_tags(presenter)
            for at, request in scripted(loaded, Path(scenario) / "walkthroughs" /
                                        "beside-the-gate.yaml", DECISION):
                loop.frame(0.0, None, others=[(max(at, session.t_ms), request)])
            loop.frame(0.0, session.t_ms + 10_000)
            presses: list[str] = ["option", *TYPED.lower(), "done"]
            report["pressed"], report["hover_rows"] = [], []
            phase, mark, stage = "typing", n, "aim"
        elif phase == "typing" and n > mark + 1:
            decision = hud.stood.get("decision")
            if not presses:
                entry = decision.shown.entry if decision is not None else None
                report["typed_panel"] = entry.text if entry is not None else None
                phase = "typed"
            elif stage == "aim" and "panel" in hud.stood:  # the cartons' label, read: put down
                remote.right.squeeze = 1.0
                remote.send()
                stage, mark = "put_down", n
            elif stage == "put_down":
                remote.right.squeeze = 0.0
                remote.send()
                stage, mark = "aim", n
            elif stage == "aim" and decision is not None and \
                    decision.shown.key == f"decision:{DECISION}":
                target: int | str = 1 if presses[0] == "option" else presses[0]
                if any(r[0] == target for r in decision.rows):
                    aim_at(remote, presenter, row_point(presenter, "decision", target))
                    remote.send()
                    stage, mark, aimed = "press", n, target
            elif stage == "press":
                report["hover_rows"].append([aimed, hud.hovered[1] if hud.hovered else None])
                remote.right.trigger = True
                remote.send()
                stage, mark = "release", n
            elif stage == "release":
                remote.right.trigger = False
                remote.send()
                report["pressed"].append(presses.pop(0))
                stage, mark = "aim", n
        elif phase in ("moved", "typing", "typed") and n >= frames - 40:
            report["decided"] = [e.data for e in session.events if e.kind == "decided"]
            presenter.xr.session.request_exit()
            phase = "exiting"
        if presenter.exit:
            break
    report["frames"] = count + 1
    report["seconds"] = round(time.monotonic() - started, 1)
    report["submitted"] = presenter.frames_submitted
    report["history"] = [s.name for s in presenter.lifecycle.history]
    report["phase"] = phase
    report["events"] = [e.kind for e in session.events]
    session.close("xr_test")
    presenter.close()
    remote.close()
    print("REPORT " + json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
