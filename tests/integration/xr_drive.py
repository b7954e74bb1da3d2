"""Plays a scenario in headset mode against a real OpenXR runtime whose "remote" driver
``xr_remote`` can move (Monado), for ``test_xr_runtime``; prints what happened as JSON.

Run as: python tests/integration/xr_drive.py SCENARIO PORT LOG FRAMES
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


def main(scenario: str, port: int, log: str, frames: int) -> None:
    from engine.app import FrameLoop, RunOptions
    from engine.input.xr import XrInput
    from engine.present.panda.window import WindowSpec, init_pipeline, open_base
    from engine.present.xr.presenter import XrOptions, XrPresenter, start
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
    loop = FrameLoop(loaded, session, presenter, role, RunOptions(scenario, display="xr"))
    loop.frame(0.0, [])
    xr_input = XrInput(presenter, role)
    eyes: dict[int, Any] = {}
    presenter.capture = lambda eye, data, w, h: eyes.__setitem__(
        eye, np.frombuffer(data, np.uint8).reshape(h, w, 4)[::-1, :, :3].copy())
    report: dict[str, Any] = {"t_unfocused": [], "requests": [], "headings": {}}
    container = presenter.scene.props["container"].node
    phase, count, dt = "settle", 0, 0.1
    started = time.monotonic()
    for n in range(frames):
        count = n
        xr_input.update(dt)
        events = []
        if not xr_input.paused and not session.ended:
            events += session.advance(session.t_ms + round(dt * 1000))
        elif not presenter.focused:
            report["t_unfocused"].append(session.t_ms)
        for request in xr_input.poll():
            report["requests"].append(request.to_record())
            events += session.submit(request, session.t_ms)
        loop.frame(dt, events)
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
            report["focus"] = presenter.focus
            remote.right.trigger = True
            remote.send()
            phase, mark = "pressed", n
        elif phase == "pressed" and n > mark + 2:
            remote.right.trigger = False
            remote.send()
            phase, mark = "menu", n
        elif phase == "menu" and n > mark + 2 and presenter.hud.panel is not None:
            hud = presenter.hud
            report["panel"] = [hud.panel.kind, len(hud.panel.options)]
            _, left, right, bottom, top = hud.rows[0]
            row = base.render.getRelativePoint(hud.panel_node, ((left + right) / 2, 0,
                                                                (bottom + top) / 2))
            aim_at(remote, presenter, row)
            remote.send()
            phase, mark = "row", n
        elif phase == "row" and n > mark + 2:
            report["hovered"] = presenter.hud.hovered
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
        elif phase == "moved" and n >= frames - 40:
            presenter.xr.session.request_exit()
            phase = "exiting"
        if xr_input.quit:
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
