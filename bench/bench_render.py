"""The 3D runtime against bare Panda3D, for each shipped scenario (or the one named).

Targets: frame time under the engine <= 1.05 x the same scene graph in a bare Panda3D loop
(measured in one run, interleaved); draw calls <= 100; YAML to first frame <= 1.5 x a bare
Panda3D start that loads the same models; peak resident memory <= 400 MB.

    python bench/bench_render.py [SCENARIO] [--size 1280x720] [--frames 60] [--starts 5]

A start is what ``taskforce run SCENARIO`` does up to its first frame, seen from where the
trainee starts (the container search: from the isolation bay). Frames are timed mid-exercise:
the reference walkthrough played up to its last step, so the props it brings in are shown
(the container search's open container among them). Each start is timed in a fresh process
(a process holds one ShowBase); bare and engine starts alternate, five of each by default,
after one round that is not timed, and their medians are compared, with Python's bytecode
cache on as on a trainee's machine (``tools/setup.sh`` compiles it; this bench clears
PYTHONDONTWRITEBYTECODE for its children so a checkout that skipped setup measures the same).
Absolute times on a software renderer mean little, the ratios are the point.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(p.parent for p in (ROOT / "scenarios").glob("*/scenario.yaml"))
TARGETS = {"frame_ratio": 1.05, "draw_calls": 100, "start_ratio": 1.5, "rss_mb": 400}
CONTAINER_VIEW = ((30.0, 8.0, 1.7), (36.0, 24.0, 1.0))  # the isolation bay, container open
EYE = 1.7


def _offscreen(size: tuple[int, int]) -> str:
    return (f"load-display p3headlessgl\nwindow-type offscreen\nwin-size {size[0]} {size[1]}\n"
            "audio-library-name null\nsync-video false\nprint-pipe-types false\n"
            "notify-level-display error\nnotify-level-glgsg error\nnotify-level-device fatal")


def viewpoint(data: dict[str, Any]) -> tuple[tuple[float, float, float],
                                             tuple[float, float, float]]:
    """Where the bench looks from, read from the scenario's own YAML."""
    if data.get("id") == "container-search":
        return CONTAINER_VIEW
    start = (data.get("place") or {}).get("start")
    if start:
        x, y = start["position"]
        return (float(x), float(y), EYE), tuple(float(v) for v in start["look_at"])  # type: ignore[return-value]
    first = data["props"][0].get("position", (0, 0, 0))
    return (first[0] - 6.0, first[1] - 12.0, EYE), (first[0], first[1], 1.2)


def child_bare_start(scenario: Path, size: tuple[int, int]) -> dict[str, float]:
    """ShowBase, simplepbr, the scenario's models at their places, one frame: nothing else."""
    import yaml
    from panda3d.core import Filename, loadPrcFileData

    loadPrcFileData("", _offscreen(size))
    import simplepbr
    from direct.showbase.ShowBase import ShowBase

    data = yaml.safe_load((scenario / "scenario.yaml").read_text(encoding="utf-8"))
    base = ShowBase(windowType="offscreen")
    simplepbr.Pipeline(render_node=base.render, window=base.win, camera_node=base.cam,
                       taskmgr=base.taskMgr, msaa_samples=0, enable_shadows=False)
    roots = [scenario, ROOT / "assets"]

    def load(relative: str) -> Any:
        path = next(r / relative for r in roots if (r / relative).is_file())
        return base.loader.loadModel(Filename.fromOsSpecific(str(path)))

    environment = data.get("place", {}).get("environment")
    if environment:
        load(environment).reparentTo(base.render)
    for prop in data["props"]:
        model = load(prop["asset"])
        model.reparentTo(base.render)
        model.setPosHpr(*prop.get("position", (0, 0, 0)), *prop.get("rotation", (0, 0, 0)))
    eye, target = viewpoint(data)
    base.cam.setPos(*eye)
    base.cam.lookAt(*target)
    base.taskMgr.step()
    base.taskMgr.step()  # simplepbr draws its first real frame on the second step
    return {"first_frame_s": time.perf_counter() - STARTED}


def _engine(scenario: Path, size: tuple[int, int]) -> tuple[Any, Any, Any, Any]:
    """The frame loop's starting point: the scenario in a logged session brought to just before
    the reference walkthrough's last step, seen from the bench's viewpoint: (loaded,
    presenter, controller, session)."""
    from engine.app import open_presenter
    from engine.core.plan import planned_requests
    from engine.core.program import program_for
    from engine.core.view import view
    from engine.interact.body import Body
    from engine.interact.controller import Controller
    from engine.scenario.loader import load_walkthrough
    from engine.session import Session

    loaded, _, _, presenter = open_presenter(str(scenario), None, None, "offscreen", size)
    program = program_for(loaded)
    plan = load_walkthrough(scenario / "walkthroughs" / "reference.yaml", loaded)
    session = Session.begin(loaded, role=plan.role, seed=1, trainee="bench",
                            log_path=Path(tempfile.mkdtemp()) / "bench.jsonl")
    for at, request in list(planned_requests(plan))[:-1]:
        session.submit(request, max(at, session.t_ms))
    eye, target = viewpoint(loaded.scenario.model_dump())
    body = Body(eye[0], eye[1]).facing_point(*target, EYE)
    shown = view(program, session.state, plan.role)
    controller = Controller(program, plan.role, body=body, walls=presenter.walls(shown))
    controller.observe(shown, [], 0.0)
    return loaded, presenter, controller, session


def _draw(loaded: Any, presenter: Any, controller: Any, state: Any, dt: float) -> None:
    from engine.core.program import program_for
    from engine.core.view import view

    shown = view(program_for(loaded), state, controller.role)
    controller.observe(shown, [], dt)
    presenter.draw(shown, controller.screen(), dt)
    presenter.render()


def child_engine_start(scenario: Path, size: tuple[int, int]) -> dict[str, float]:
    """What ``taskforce run SCENARIO`` does up to its first frame: the scenario at its start,
    seen from where the trainee starts (the container search: from the isolation bay)."""
    from engine.app import open_presenter, start_body
    from engine.core.program import program_for
    from engine.core.runtime import start
    from engine.core.view import view
    from engine.interact.body import Body
    from engine.interact.controller import Controller

    loaded, _, role, presenter = open_presenter(str(scenario), None, None, "offscreen", size)
    program = program_for(loaded)
    state = start(program, 1)[0]
    shown = view(program, state, role)
    walls = presenter.walls(shown)
    if loaded.scenario.id == "container-search":
        eye, target = CONTAINER_VIEW
        body = Body(eye[0], eye[1]).facing_point(*target, EYE)
    else:
        body = start_body(shown, walls, loaded.scenario.place.start)
    controller = Controller(program, role, body=body, walls=walls)
    controller.observe(shown, [], 0.0)
    _draw(loaded, presenter, controller, state, 0.0)
    presenter.render()
    return {"first_frame_s": time.perf_counter() - STARTED}


def child_frames(scenario: Path, size: tuple[int, int], frames: int) -> dict[str, Any]:
    import resource

    loaded, presenter, controller, session = _engine(scenario, size)
    base = presenter.base

    def engine_frame() -> None:
        session.advance(session.t_ms + 33)
        _draw(loaded, presenter, controller, session.state, 0.033)
        if session.t_ms % 99 == 0:
            session.pose(session.t_ms, *presenter.camera_pose())

    def bare_frame() -> None:
        base.taskMgr.step()

    for _ in range(5):
        engine_frame()
    wall: dict[str, list[float]] = {"engine": [], "bare": []}
    cpu: dict[str, list[float]] = {"engine": [], "bare": []}
    for n in range(2 * frames):  # alternate frame by frame, so drift hits both alike
        kind, fn = ("engine", engine_frame) if n % 2 == 0 else ("bare", bare_frame)
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        wall[kind].append((time.perf_counter() - began) * 1000)
        cpu[kind].append((time.process_time() - began_cpu) * 1000)
    session.close("bench")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"engine_ms": statistics.median(wall["engine"]),
            "bare_ms": statistics.median(wall["bare"]),
            "engine_cpu_ms": statistics.median(cpu["engine"]),
            "bare_cpu_ms": statistics.median(cpu["bare"]),
            "geoms_3d": draw_calls(base.render), "geoms_2d": draw_calls(base.render2d),
            "rss_mb": rss_mb}


def draw_calls(root: Any) -> int:
    """Geoms drawn under ``root``: GeomNodes, text as it is generated, DirectGUI frames.

    Panda3D issues at least one draw call per Geom; PStats would count them exactly, but it
    needs a PStats server, so this counts what the cull pass would hand to the GPU.
    """
    from panda3d.core import GeomNode, NodePath, PGItem, SceneGraphAnalyzer, TextNode

    def geoms(node: Any) -> int:
        analyzer = SceneGraphAnalyzer()
        analyzer.addNode(node)
        return int(analyzer.getNumGeoms())

    total = 0
    stack = [root]
    while stack:
        here = stack.pop()
        if here.isHidden():
            continue
        node = here.node()
        if isinstance(node, GeomNode):
            total += node.getNumGeoms()
        elif isinstance(node, TextNode):
            total += geoms(node.generate())
        elif isinstance(node, PGItem):
            total += geoms(NodePath(node.getStateDef(node.getState())).node())
        stack.extend(here.getChildren())
    return total


_CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _child(kind: str, scenario: Path, size: str, frames: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, str(scenario), "--child", kind, "--size", size,
         "--frames", str(frames)],
        capture_output=True, text=True, check=True, cwd=ROOT, env=_CHILD_ENV,
    )
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def measure(scenario: Path, size: str, frames_per_loop: int, starts_wanted: int) -> bool:
    """Print one scenario's figures beside their targets; True when every target is met."""
    starts: dict[str, list[float]] = {"bare-start": [], "engine-start": []}
    for n in range(starts_wanted + 1):  # alternate; the first round only warms the caches
        for kind, times in starts.items():
            began = _child(kind, scenario, size, 0)["first_frame_s"]
            if n:
                times.append(began)
    bare = statistics.median(starts["bare-start"])
    engine = statistics.median(starts["engine-start"])
    frames = _child("frames", scenario, size, frames_per_loop)
    frame_ratio = frames["engine_ms"] / frames["bare_ms"]
    cpu_ratio = frames["engine_cpu_ms"] / frames["bare_cpu_ms"]
    draw_calls = frames["geoms_3d"] + 1 + frames["geoms_2d"]
    rows = [
        ("frame time, engine loop", f"{frames['engine_ms']:.1f} ms", ""),
        ("frame time, bare Panda3D loop, same graph", f"{frames['bare_ms']:.1f} ms", ""),
        ("frame time ratio (wall clock)", f"{frame_ratio:.3f}", f"<= {TARGETS['frame_ratio']}"),
        ("frame CPU time, engine / bare (all threads)",
         f"{frames['engine_cpu_ms']:.0f} / {frames['bare_cpu_ms']:.0f} ms = {cpu_ratio:.3f}", ""),
        ("draw calls (3D + post-process quad + HUD)",
         f"{draw_calls} ({frames['geoms_3d']} + 1 + {frames['geoms_2d']})",
         f"<= {TARGETS['draw_calls']}"),
        ("YAML to first frame, engine", f"{engine:.2f} s", ""),
        ("first frame, bare Panda3D with the same models", f"{bare:.2f} s", ""),
        ("start ratio", f"{engine / bare:.2f}", f"<= {TARGETS['start_ratio']}"),
        ("peak resident memory", f"{frames['rss_mb']:.0f} MB", f"<= {TARGETS['rss_mb']} MB"),
    ]
    print(f"{scenario.name} at {size}, {frames_per_loop} frames per loop, "
          f"median of {starts_wanted} alternating starts each")
    for name, value, target in rows:
        print(f"  {name:48s} {value:>22s}  {target}")
    met = (frame_ratio <= TARGETS["frame_ratio"] and draw_calls <= TARGETS["draw_calls"]
           and engine / bare <= TARGETS["start_ratio"] and frames["rss_mb"] <= TARGETS["rss_mb"])
    print("  all targets met" if met else "  TARGETS MISSED", flush=True)
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", help="one scenario folder (default: all shipped)")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--child", choices=["bare-start", "engine-start", "frames"])
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    assert len(size) == 2
    if args.child is not None:
        scenario = Path(args.scenario)
        child = {"bare-start": lambda: child_bare_start(scenario, (size[0], size[1])),
                 "engine-start": lambda: child_engine_start(scenario, (size[0], size[1])),
                 "frames": lambda: child_frames(scenario, (size[0], size[1]), args.frames)}
        print(json.dumps(child[args.child]()))
        return
    chosen = [Path(args.scenario)] if args.scenario else SCENARIOS
    results = [measure(s, args.size, args.frames, args.starts) for s in chosen]
    if len(results) > 1:
        print("every scenario meets its targets" if all(results) else "TARGETS MISSED")


if __name__ == "__main__":
    main()
