"""``taskforce run``: picks a presenter and an input by name and runs the frame loop.

Each frame maps frame time to scenario time, lets the session advance, submits the input's
requests, and shows the core's view. With a walkthrough the scenario clock runs at a fixed
step per frame, slowing down around each request so its consequences can be watched.
"""

from __future__ import annotations

import gc
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.present.base import PresenterError

if TYPE_CHECKING:  # the authoring layer loads once the window is opening (see open_presenter)
    from engine.core.view import View
    from engine.frameloop import FrameLoop
    from engine.interact.body import Body, Walls
    from engine.present.xr.opened import XrOptions
    from engine.scenario.loader import LoadedScenario
    from engine.scenario.schema import Viewpoint
    from engine.scenario.walkthrough import Walkthrough
    from engine.session import Session

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass
class RunOptions:
    scenario: str
    role: str | None = None
    display: str = "auto"
    plan: str | None = None
    log: str | None = None
    screenshots: str | None = None
    speed: float | None = None  # scenario seconds per frame with a plan
    every: float = 60.0  # scenario seconds between periodic screenshots
    size: tuple[int, int] = (1280, 720)
    trainee: str | None = None
    seed: int | None = None
    xr: XrOptions | None = None  # headset comfort settings; the defaults when None


def choose_display(requested: str, env: Mapping[str, str] | None = None,
                   headset: Callable[[], tuple[bool, str] | None] | None = None,
                   ) -> tuple[str, str | None]:
    """The display to use and a notice to print, if any. ``xr`` is kept (it fails with one
    clear error if no headset can be had). ``auto``: a headset when ``headset()`` finds one
    (it returns None where headset support is not installed), else a window when a display
    is present, else offscreen, with a one-line notice saying why not the headset."""
    env = os.environ if env is None else env
    notice = None
    if requested == "auto" and headset is not None:
        found = headset()
        if found is not None and found[0]:
            return "xr", f"note: headset found ({found[1]})"
        if found is not None:
            notice = f"note: no headset ({found[1].split(' (')[0]}); using the desktop"
    if requested == "auto":
        has_display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
        mode = "desktop" if has_display else "offscreen"
        if notice and mode == "offscreen":
            notice = notice.replace("using the desktop", "using offscreen")
        return mode, notice
    return requested, notice


def headset_probe() -> tuple[bool, str] | None:
    """Whether an OpenXR runtime and headset are there (None: pyopenxr is not installed)."""
    import importlib.util

    if importlib.util.find_spec("xr") is None:
        return None
    from engine.present.xr.probe import probe

    found = probe()
    return found.ok, found.reason


def _print_error(code: str, message: str, hint: str | None = None) -> None:
    print(f"error {code}: {message}" + (f"\n    hint: {hint}" if hint else ""))


def run(options: RunOptions) -> int:
    mode, notice = choose_display(options.display, headset=headset_probe)
    if notice:
        print(notice)
    if mode == "offscreen" and options.plan is None:
        _print_error("RUN001", "offscreen there is nobody to click: give a walkthrough to drive it",
                     f"taskforce run {options.scenario} --display offscreen --plan "
                     "WALKTHROUGH --screenshots DIR (or run on a machine with a display)")
        return EXIT_USAGE
    if options.log and Path(options.log).exists():
        _print_error("CLI004", f"{options.log} already exists; choose another --log path")
        return EXIT_USAGE
    try:
        opened = open_presenter(options.scenario, options.role, options.plan, mode, options.size,
                                options.xr)
    except PresenterError as error:
        print(error.format())
        return EXIT_PROBLEMS if error.code != "CLI002" else EXIT_USAGE
    except ImportError as error:
        _print_error("RUN002", f"the 3D runtime is not installed ({error.name} is missing)",
                     "pip install -e '.[desktop]'")
        return EXIT_PROBLEMS
    loaded, plan, role, presenter = opened
    session = begin_session(loaded, plan, role, mode, options)
    skipped: list[str] = []
    try:
        reason, shots, skipped = _play(loaded, session, presenter, role, plan, mode, options)
    except KeyboardInterrupt:
        reason, shots = "interrupted", []
    finally:
        presenter.close()
    session.close("ended" if session.ended else reason)
    print(f"session log: {session.log.path}")
    if shots:
        print(f"{len(shots)} screenshots in {options.screenshots}")
    state = session.state
    if state.ended:
        print(f"ended: {state.ended} ({state.outcome}) at {state.t_ms // 60000}:"
              f"{state.t_ms // 1000 % 60:02d}")
    for step in skipped:
        print(f"error RUN005: the walkthrough's step {step} could not be played through the "
              "interface (nothing on screen offered it)")
    return EXIT_PROBLEMS if skipped else EXIT_OK


def begin_session(loaded: LoadedScenario, plan: Walkthrough | None, role: str, mode: str,
                  options: RunOptions) -> Session:
    from engine.play import players_of
    from engine.session import Session

    return Session.begin(
        loaded, role=role,
        seed=options.seed if options.seed is not None else plan.seed if plan else
        secrets.randbits(31),
        trainee=options.trainee or (plan.trainee if plan else "trainee"),
        log_path=Path(options.log) if options.log else None,
        extra={"display": mode, **({"plan": plan.id} if plan else {})},
        people=players_of(plan, role, options.role),
    )


def _play(loaded: LoadedScenario, session: Session, presenter: Any, role: str,
          plan: Walkthrough | None, mode: str, options: RunOptions
          ) -> tuple[str, list[Path], list[str]]:
    from engine.core.plan import ms

    loop, source = frame_loop(loaded, session, presenter, role, plan, mode, options)
    try:
        if plan is None:
            return loop.run_live(), loop.shots, []
        stop = ms(plan.until) if plan.until is not None else loop.program.time_limit_ms
        speed = options.speed or (5.0 if mode == "offscreen" else 1.0)
        reason = loop.run_plan(source, stop, round(speed * 1000))
        return reason, loop.shots, list(source.skipped)
    finally:
        source.close()


def frame_loop(loaded: LoadedScenario, session: Session, presenter: Any, role: str,
               plan: Walkthrough | None, mode: str, options: RunOptions
               ) -> tuple[FrameLoop, Any]:
    """The frame loop of a session and the input that drives it, nothing drawn yet."""
    from engine import backends
    from engine.core.program import program_for
    from engine.core.view import view
    from engine.frameloop import FrameLoop
    from engine.interact.controller import Controller

    program = program_for(loaded)
    first = view(program, session.state, role)
    walls = presenter.walls(first)
    controller = Controller(program, role, device=presenter.device,
                            body=start_body(first, walls, loaded.scenario.place.start),
                            walls=walls)
    source_class = backends.input_class(mode, scripted=plan is not None)
    if plan is not None:
        source = source_class(plan, role, session.state.people)
    elif mode == "xr":
        from engine.present.xr.opened import XrOptions

        snap = (options.xr or XrOptions()).snap_degrees
        source = source_class(presenter.input_device(), snap_degrees=snap)
    else:
        source = source_class(presenter.input_device())
    folder = Path(options.screenshots) if options.screenshots else None
    loop = FrameLoop(session, presenter, controller, source, screenshots=folder,
                     every_s=options.every)
    return loop, source


def start_body(shown: View, walls: Walls, start: Viewpoint | None = None) -> Body:
    """Where a trainee starts: where the scenario says, else back from the first prop, looking
    at it; on free ground either way."""
    from engine.interact.body import Body

    if start is not None:
        x, y = walls.nearest_free(*start.position)
        return Body(x, y).facing_point(*start.look_at, 1.7)
    first = shown.props[0].position if shown.props else (0.0, 0.0, 0.0)
    x, y = walls.nearest_free(first[0] - 6, first[1] - 12)
    return Body(x, y).facing_point(first[0], first[1], 1.2, 1.7)


def open_presenter(scenario: str, role: str | None, plan_path: str | None, mode: str,
                   size: tuple[int, int], xr: XrOptions | None = None,
                   ) -> tuple[LoadedScenario, Walkthrough | None, str, Any]:
    """The checked scenario, its walkthrough, the role, and a presenter showing it.

    The window opens first, so that a machine with no usable OpenGL is told before anything
    else is read.
    """
    collecting = gc.isenabled()
    gc.disable()  # starting makes many objects and little garbage: no collections meanwhile
    try:
        opened = _open_presenter(scenario, role, plan_path, mode, size, xr)
        gc.freeze()  # what starting made lives all session: later collections skip it
        return opened
    finally:
        if collecting:
            gc.enable()


def _open_presenter(scenario: str, role: str | None, plan_path: str | None, mode: str,
                    size: tuple[int, int], xr: XrOptions | None,
                    ) -> tuple[LoadedScenario, Walkthrough | None, str, Any]:
    from engine import backends
    from engine.present.panda.window import WindowSpec, init_pipeline, open_base

    display, headset = mode, None
    if mode == "xr":  # the runtime and headset first: what a trainer can fix, said alone
        from engine.present.xr.instance import headless
        from engine.present.xr.opened import start

        headset = start()
        mode = "offscreen" if headless() else "desktop"  # the instructor's mirror of one eye
    spec = WindowSpec(mode, *size)
    try:
        base = open_base(spec)
    except BaseException:
        if headset is not None:
            headset.close()
        raise
    try:
        init_pipeline(base, spec.msaa)
        from engine.present.panda.preload import check_while_loading

        def check() -> tuple[Callable[..., Any], LoadedScenario, Walkthrough | None]:
            """Beside the loading of the models: the Python work before the first frame (the
            presenter's and the session's modules imported, the scenario checked). It only
            reads files and touches nothing of Panda3D's."""
            make = backends.presenter_class(display)
            import engine.session  # noqa: F401
            return make, *_check(scenario, plan_path)

        make, loaded, plan = check_while_loading(base, scenario, check)
        roles = {r.id: r for r in loaded.scenario.roles}
        playable = [r.id for r in loaded.scenario.roles if r.playable]
        chosen = role or (plan.role if plan else playable[0] if playable else "")
        if chosen not in roles or not roles[chosen].playable:
            raise PresenterError("CLI002", f"'{chosen}' is not a playable role here "
                                 f"(playable: {', '.join(playable)})")
        if headset is not None:
            presenter = make(loaded, chosen, spec, base, headset, xr)
            headset = None  # the presenter owns it now
        else:
            presenter = make(loaded, chosen, spec, base, owns_base=True)
    except BaseException:
        if headset is not None:
            headset.close()
        base.destroy()
        raise
    return loaded, plan, chosen, presenter


def _check(scenario: str, plan_path: str | None) -> tuple[LoadedScenario, Walkthrough | None]:
    """The checked scenario and walkthrough, compiled."""
    from engine.core.program import program_for
    from engine.scenario.loader import load_scenario, load_walkthrough

    loaded = load_scenario(scenario)
    plan = load_walkthrough(plan_path, loaded) if plan_path else None
    program_for(loaded)  # compiled here, while the renderer warms up
    return loaded, plan
