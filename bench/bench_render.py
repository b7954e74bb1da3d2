"""The 3D runtime against bare Panda3D, in each shipped scenario (or the one named).

Targets: frame time under the engine <= 1.05 x the same scene graph in a bare Panda3D loop
(measured in one run, interleaved); the engine's own work in a frame (input, interaction,
core, view, HUD, log: everything but drawing, as the main thread's CPU time, so that another
process's load does not count) p99 <= 1 ms, beside the draw time; draw calls
<= 100; YAML to first frame <= 1.5 x a bare
Panda3D start that loads the same models; peak resident memory <= 400 MB.

    python bench/bench_render.py [SCENARIO] [--size 1280x720] [--frames 60]

Without SCENARIO every shipped scenario is measured in turn. Each is seen mid-exercise: the
container search from the isolation bay with the container open; the others from where the
trainee starts, with their reference walkthrough played up to its last step, so the props it
brings in stand where it leaves them.

Each start is timed in a fresh process (a process holds one ShowBase), from the first line of
Python to the end of its first frame drawn (Panda3D shows a frame as the next one begins, for
both alike). Bare and engine starts alternate, five of each by default, after one round that
is not timed, and their medians are compared. Each kind keeps a Panda3D model cache of its own
(what the engine keeps in its cache, a bare start would not find), and Python's bytecode cache
is on as on a trainee's machine (``tools/setup.sh`` compiles it; this bench clears
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
SCENARIO = ROOT / "scenarios" / "container-search"
SCENARIOS = sorted(p.parent for p in (ROOT / "scenarios").glob("*/scenario.yaml"))
TARGETS = {"frame_ratio": 1.05, "draw_calls": 100, "start_ratio": 1.5, "rss_mb": 400,
           "own_p99_ms": 1.0}
VIEWPOINT = ((30.0, 8.0, 1.7), (36.0, 24.0, 1.0))  # the isolation bay, container open


def _offscreen(size: tuple[int, int]) -> str:
    return (f"load-display p3headlessgl\nwindow-type offscreen\nwin-size {size[0]} {size[1]}\n"
            "audio-library-name null\nsync-video false\nprint-pipe-types false\n"
            "notify-level-display error\nnotify-level-glgsg error\nnotify-level-device fatal")


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
    return {"first_frame_s": time.perf_counter() - STARTED}


def viewpoint(data: dict[str, Any]) -> tuple[tuple[float, float, float],
                                             tuple[float, float, float]]:
    """Where the bench looks from, read from the scenario's data."""
    if data.get("id") == "container-search":
        return VIEWPOINT
    start = (data.get("place") or {}).get("start")
    if start:
        x, y = start["position"]
        look = tuple(float(v) for v in start["look_at"])
        return (float(x), float(y), 1.7), (look[0], look[1], look[2])
    first = data["props"][0].get("position", (0, 0, 0))
    return (first[0] - 6.0, first[1] - 12.0, 1.7), (first[0], first[1], 1.2)


def _engine(scenario: Path, size: tuple[int, int]) -> tuple[Any, Any, Any]:
    """What ``taskforce run`` does up to its first frame, with the scenario brought to where
    the bench looks at it: (loaded, presenter, state). The role is its reference
    walkthrough's."""
    from engine.app import open_presenter
    from engine.core.plan import planned_requests
    from engine.core.program import program_for
    from engine.core.runtime import start, step
    from engine.core.state import Choose, Perform, Request
    from engine.scenario.loader import load_scenario, load_walkthrough

    reference = load_walkthrough(scenario / "walkthroughs" / "reference.yaml",
                                 load_scenario(scenario))
    me = reference.role
    loaded, _, me, presenter = open_presenter(str(scenario), me, None, "offscreen", size)
    steps: list[tuple[int, Request | None]]
    if loaded.scenario.id == "container-search":
        steps = [(20_000, Perform("review_documents", me)),
                 (30_000, Perform("call_fire_service", me)),
                 (40_000, Choose("search_site", "isolation_bay", me)),
                 (50_000, Perform("request_brand_expert", me)),
                 (60_000, Perform("deploy_robot", me)), (400_000, None),
                 (401_000, Perform("open_container", me))]
    else:
        steps = list(planned_requests(reference))[:-1]  # type: ignore[arg-type]
    state, _ = start(program_for(loaded), 1)
    for t, request in steps:
        state, _ = step(program_for(loaded), state, request, max(t, state.t_ms))
    return loaded, presenter, state


def _viewpoint(loaded: Any) -> Any:
    from engine.interact.body import Body

    (x, y, eye), target = viewpoint(loaded.scenario.model_dump())
    return Body(x, y, eye=eye).facing_point(*target)


def child_engine_start(scenario: Path, size: tuple[int, int]) -> dict[str, float]:
    """What ``taskforce run SCENARIO --display offscreen --plan walkthroughs/reference.yaml``
    does up to its first frame, through the same functions: the window, the checked scenario
    and walkthrough, the session and its log, the frame loop, and its first frame drawn
    (``tests/render/test_first_frame.py`` checks that it is the whole scene)."""
    from engine.app import RunOptions, begin_session, frame_loop, open_presenter

    plan = str(scenario / "walkthroughs" / "reference.yaml")
    with tempfile.TemporaryDirectory() as folder:
        options = RunOptions(str(scenario), display="offscreen", plan=plan,
                             log=str(Path(folder) / "session.jsonl"), size=size)
        loaded, walkthrough, role, presenter = open_presenter(
            options.scenario, None, plan, "offscreen", size)
        session = begin_session(loaded, walkthrough, role, "offscreen", options)
        loop, _ = frame_loop(loaded, session, presenter, role, walkthrough, "offscreen", options)
        loop.frame(0.0, None)
        return {"first_frame_s": time.perf_counter() - STARTED}


def child_frames(scenario: Path, size: tuple[int, int], frames: int) -> dict[str, Any]:
    """Frames of the whole engine (desktop input, interaction controller, core, view, HUD,
    log) interleaved with bare frames of the same scene graph; and, of each engine frame,
    the share that is the engine's own work, everything but Panda3D drawing it."""
    import resource

    from engine.core.program import program_for
    from engine.frameloop import FrameLoop
    from engine.input.desktop import DesktopInput
    from engine.interact.controller import Controller
    from engine.session import Session

    loaded, presenter, _ = _engine(scenario, size)
    with tempfile.TemporaryDirectory() as tmp:
        session = Session.begin(loaded, role=presenter.role, seed=1, trainee="bench",
                                log_path=Path(tmp) / "bench.jsonl")
        controller = Controller(program_for(loaded), presenter.role, body=_viewpoint(loaded))
        loop = FrameLoop(session, presenter, controller, DesktopInput(presenter.base))
        base = presenter.base
        drawing: list[float] = []
        render = presenter.render

        drawing_cpu: list[float] = []

        def timed_render() -> None:
            began, began_cpu = time.perf_counter(), time.thread_time()
            render()
            drawing.append((time.perf_counter() - began) * 1000)
            drawing_cpu.append((time.thread_time() - began_cpu) * 1000)

        presenter.render = timed_render  # type: ignore[method-assign]

        def engine_frame() -> None:
            loop.frame(0.033, session.t_ms + 33)

        def bare_frame() -> None:
            base.taskMgr.step()

        for _ in range(5):
            engine_frame()
        drawing.clear()
        wall: dict[str, list[float]] = {"engine": [], "bare": []}
        cpu: dict[str, list[float]] = {"engine": [], "bare": []}
        own: list[float] = []
        for n in range(2 * frames):  # alternate frame by frame, so drift hits both alike
            kind, fn = ("engine", engine_frame) if n % 2 == 0 else ("bare", bare_frame)
            began, began_cpu = time.perf_counter(), time.process_time()
            began_thread = time.thread_time()
            fn()
            wall[kind].append((time.perf_counter() - began) * 1000)
            cpu[kind].append((time.process_time() - began_cpu) * 1000)
            if kind == "engine":  # the main thread's CPU time, less Panda3D's drawing on it
                own.append((time.thread_time() - began_thread) * 1000 - drawing_cpu[-1])
        # The same frames with the drawing left out: software rasterising a 1280x720 frame
        # on these cores leaves the caches cold for the engine's work after it, which a
        # GPU's drawing would not.
        presenter.render = lambda: None  # type: ignore[method-assign]
        undrawn: list[float] = []
        for _ in range(frames):
            began_thread = time.thread_time()
            engine_frame()
            undrawn.append((time.thread_time() - began_thread) * 1000)
        session.close("bench")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    own.sort()
    undrawn.sort()
    return {"engine_ms": statistics.median(wall["engine"]),
            "bare_ms": statistics.median(wall["bare"]),
            "engine_cpu_ms": statistics.median(cpu["engine"]),
            "bare_cpu_ms": statistics.median(cpu["bare"]),
            "own_p50_ms": own[len(own) // 2], "own_p99_ms": own[min(len(own) - 1,
                                                                   int(len(own) * 0.99))],
            "undrawn_p50_ms": undrawn[len(undrawn) // 2],
            "undrawn_p99_ms": undrawn[min(len(undrawn) - 1, int(len(undrawn) * 0.99))],
            "draw_ms": statistics.median(drawing),
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


def _child(kind: str, scenario: Path, size: str, frames: int,
           cache: Path | None = None) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, str(scenario), "--child", kind, "--size", size,
         "--frames", str(frames), *(["--model-cache", str(cache)] if cache else [])],
        capture_output=True, text=True, check=True, cwd=ROOT, env=_CHILD_ENV,
    )
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", help="one scenario folder (default: all)")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--child", choices=["bare-start", "engine-start", "frames"])
    parser.add_argument("--frames-only", action="store_true", help="skip the start times")
    parser.add_argument("--model-cache", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model_cache:
        from panda3d.core import Filename, loadPrcFileData

        folder = Filename.fromOsSpecific(args.model_cache).getFullpath()
        loadPrcFileData("bench-cache", f"model-cache-dir {folder}")
    size = tuple(int(v) for v in args.size.split("x"))
    assert len(size) == 2
    if args.child is None:
        chosen = [Path(args.scenario)] if args.scenario else SCENARIOS
        results = [measure(scenario, args) for scenario in chosen]
        if len(results) > 1:
            print("every scenario meets its targets" if all(results) else "TARGETS MISSED")
        return
    scenario = Path(args.scenario)
    if args.child == "bare-start":
        print(json.dumps(child_bare_start(scenario, (size[0], size[1]))))
        return
    if args.child == "engine-start":
        print(json.dumps(child_engine_start(scenario, (size[0], size[1]))))
        return
    print(json.dumps(child_frames(scenario, (size[0], size[1]), args.frames)))


def measure(scenario: Path, args: argparse.Namespace) -> bool:
    """Print one scenario's figures beside their targets; True when every target is met."""
    starts: dict[str, list[float]] = {"bare-start": [], "engine-start": []}
    rounds = 0 if args.frames_only else args.starts + 1  # the first round only warms caches
    with tempfile.TemporaryDirectory() as folder:
        caches = {kind: Path(folder) / kind for kind in starts}  # as each would find its own
        for n in range(rounds):  # bare and engine starts alternate
            for kind, times in starts.items():
                began = _child(kind, scenario, args.size, 0, caches[kind])["first_frame_s"]
                if n:
                    times.append(began)
    bare = statistics.median(starts["bare-start"]) if not args.frames_only else 1.0
    engine = statistics.median(starts["engine-start"]) if not args.frames_only else 1.0
    frames = _child("frames", scenario, args.size, args.frames)
    frame_ratio = frames["engine_ms"] / frames["bare_ms"]
    cpu_ratio = frames["engine_cpu_ms"] / frames["bare_cpu_ms"]
    draw_calls = frames["geoms_3d"] + 1 + frames["geoms_2d"]
    rows = [
        ("frame time, engine loop", f"{frames['engine_ms']:.1f} ms", ""),
        ("frame time, bare Panda3D loop, same graph", f"{frames['bare_ms']:.1f} ms", ""),
        ("frame time ratio (wall clock)", f"{frame_ratio:.3f}", f"<= {TARGETS['frame_ratio']}"),
        ("frame CPU time, engine / bare (all threads)",
         f"{frames['engine_cpu_ms']:.0f} / {frames['bare_cpu_ms']:.0f} ms = {cpu_ratio:.3f}", ""),
        ("engine's own work a frame, p50 / p99",
         f"{frames['own_p50_ms']:.2f} / {frames['own_p99_ms']:.2f} ms",
         f"<= {TARGETS['own_p99_ms']} ms p99"),
        ("  the same, frames not drawn (warm caches)",
         f"{frames['undrawn_p50_ms']:.2f} / {frames['undrawn_p99_ms']:.2f} ms", ""),
        ("Panda3D drawing the frame (median)", f"{frames['draw_ms']:.1f} ms", ""),
        ("draw calls (3D + post-process quad + HUD)",
         f"{draw_calls} ({frames['geoms_3d']} + 1 + {frames['geoms_2d']})",
         f"<= {TARGETS['draw_calls']}"),
        ("YAML to first frame, engine", f"{engine:.2f} s", ""),
        ("first frame, bare Panda3D with the same models", f"{bare:.2f} s", ""),
        ("start ratio", f"{engine / bare:.2f}", f"<= {TARGETS['start_ratio']}"),
        ("peak resident memory", f"{frames['rss_mb']:.0f} MB", f"<= {TARGETS['rss_mb']} MB"),
    ]
    print(f"{scenario.name} at {args.size}, {args.frames} frames per loop, "
          f"median of {args.starts} alternating starts each")
    for name, value, target in rows:
        print(f"  {name:48s} {value:>22s}  {target}")
    met = (frame_ratio <= TARGETS["frame_ratio"] and draw_calls <= TARGETS["draw_calls"]
           and frames["own_p99_ms"] <= TARGETS["own_p99_ms"]
           and engine / bare <= TARGETS["start_ratio"] and frames["rss_mb"] <= TARGETS["rss_mb"])
    print("  all targets met" if met else "  TARGETS MISSED", flush=True)
    return met


if __name__ == "__main__":
    main()
