"""``taskforce run``: picks a presenter and an input by name and runs the frame loop.

Each frame maps frame time to scenario time, lets the session advance, submits the input's
requests, and shows the core's view. With a walkthrough the scenario clock runs at a fixed
step per frame, slowing down around each request so its consequences can be watched.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.present.base import PresenterError

if TYPE_CHECKING:  # the authoring layer loads once the window is opening (see open_presenter)
    from engine.core.state import Event, Request
    from engine.core.view import View
    from engine.present.xr.opened import XrOptions
    from engine.scenario.loader import LoadedScenario
    from engine.scenario.walkthrough import Walkthrough
    from engine.session import Session

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
SETTLE_FRAMES = 6
SETTLE_STEP_MS = 250
POSE_EVERY_MS = 100


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
    from engine.play import players_of
    from engine.session import Session

    loaded, plan, role, presenter = opened
    session = Session.begin(
        loaded, role=role,
        seed=options.seed if options.seed is not None else plan.seed if plan else
        secrets.randbits(31),
        trainee=options.trainee or (plan.trainee if plan else "trainee"),
        log_path=Path(options.log) if options.log else None,
        extra={"display": mode, **({"plan": plan.id} if plan else {})},
        people=players_of(plan, role, options.role),
    )
    loop = FrameLoop(loaded, session, presenter, role, options)
    try:
        reason = loop.run_plan(plan) if plan else loop.run_live()
    except KeyboardInterrupt:
        reason = "interrupted"
    finally:
        presenter.close()
    session.close("ended" if session.ended else reason)
    print(f"session log: {session.log.path}")
    if loop.shots:
        print(f"{len(loop.shots)} screenshots in {options.screenshots}")
    state = session.state
    if state.ended:
        print(f"ended: {state.ended} ({state.outcome}) at {state.t_ms // 60000}:"
              f"{state.t_ms // 1000 % 60:02d}")
    return EXIT_OK


def open_presenter(scenario: str, role: str | None, plan_path: str | None, mode: str,
                   size: tuple[int, int], xr: XrOptions | None = None,
                   ) -> tuple[LoadedScenario, Walkthrough | None, str, Any]:
    """The checked scenario, its walkthrough, the role, and a presenter showing it.

    The window opens first, so that a machine with no usable OpenGL is told before anything
    else is read.
    """
    from engine.present.panda.window import WindowSpec, init_pipeline, open_base

    headset = None
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
        from engine.present.panda.warmup import check_while_warming

        loaded, plan = check_while_warming(base, scenario, lambda: _check(scenario, plan_path))
        from engine.present.panda.presenter import PandaPresenter

        roles = {r.id: r for r in loaded.scenario.roles}
        playable = [r.id for r in loaded.scenario.roles if r.playable]
        chosen = role or (plan.role if plan else playable[0] if playable else "")
        if chosen not in roles or not roles[chosen].playable:
            raise PresenterError("CLI002", f"'{chosen}' is not a playable role here "
                                 f"(playable: {', '.join(playable)})")
        if headset is not None:
            from engine.present.xr.presenter import XrPresenter

            presenter: PandaPresenter = XrPresenter(loaded, chosen, spec, base, headset, xr)
            headset = None  # the presenter owns it now
        else:
            presenter = PandaPresenter(loaded, chosen, spec, base, owns_base=True)
    except BaseException:
        if headset is not None:
            headset.close()
        base.destroy()
        raise
    return loaded, plan, chosen, presenter


def _check(scenario: str, plan_path: str | None) -> tuple[LoadedScenario, Walkthrough | None]:
    """The checked scenario and walkthrough, compiled. It runs beside Panda3D's drawing, so it
    touches nothing of Panda3D's."""
    from engine.core.program import program_for
    from engine.scenario.loader import load_scenario, load_walkthrough

    loaded = load_scenario(scenario)
    plan = load_walkthrough(plan_path, loaded) if plan_path else None
    program_for(loaded)  # compiled here, while the renderer warms up
    return loaded, plan


class FrameLoop:
    def __init__(self, loaded: LoadedScenario, session: Session, presenter: object, role: str,
                 options: RunOptions) -> None:
        from engine.core.program import program_for
        from engine.core.view import view
        from engine.present.panda.presenter import PandaPresenter

        assert isinstance(presenter, PandaPresenter)
        self.loaded, self.session, self.presenter, self.role = loaded, session, presenter, role
        self.options = options
        self.folder = Path(options.screenshots) if options.screenshots else None
        self.shots: list[Path] = []
        self.pending: list[tuple[int, str]] = []  # (frames to wait, label)
        self.last_pose_ms = -POSE_EVERY_MS
        self.next_periodic_ms = 0
        self.view: View = view(program_for(loaded), session.state, role)

    # -- one frame ---------------------------------------------------------------------------

    def frame(self, dt: float, events: list[Event]) -> None:
        self.presenter.notify(events)
        for event in events:
            if event.kind in ("inject_fired", "decision_opened", "ended"):
                name = event.data.get("inject") or event.data.get("decision") or "end"
                self.shoot_soon(f"{event.kind.split('_')[0]}-{name}", 2)
        from engine.core.program import program_for
        from engine.core.view import view

        self.view = view(program_for(self.loaded), self.session.state, self.role)
        self.presenter.show(self.view, dt)
        self.presenter.render()
        t = self.session.t_ms
        if t - self.last_pose_ms >= POSE_EVERY_MS:
            self.session.pose(t, *self.presenter.camera_pose())
            self.last_pose_ms = t
        if self.folder is not None:
            if t >= self.next_periodic_ms:
                self.shoot_soon("periodic", 0)
                self.next_periodic_ms = t + round(self.options.every * 1000)
            self._take_due()

    def shoot_soon(self, label: str, frames: int) -> None:
        if self.folder is not None:
            self.pending.append((frames, label))

    def _take_due(self) -> None:
        assert self.folder is not None
        keep: list[tuple[int, str]] = []
        taken = False
        for frames, label in self.pending:
            if frames > 0:
                keep.append((frames - 1, label))
            elif not taken:
                t = self.session.t_ms // 1000
                name = f"{len(self.shots):03d}-{t // 60:02d}m{t % 60:02d}s-{label}.png"
                path = self.folder / name
                self.presenter.screenshot(path)
                self.shots.append(path)
                taken = True
        self.pending = keep

    # -- driven by a walkthrough -------------------------------------------------------------

    def run_plan(self, plan: Walkthrough) -> str:
        from engine.core.program import program_for
        from engine.input.scripted import ms, planned_requests
        from engine.present.panda.director import Director

        director = Director(self.presenter)
        steps = list(planned_requests(plan))
        step_ms = round((self.options.speed or (5.0 if self.presenter.spec.mode == "offscreen"
                                                 else 1.0)) * 1000)
        stop = ms(plan.until) if plan.until is not None else program_for(self.loaded).time_limit_ms
        settle, index = SETTLE_FRAMES, 0
        director.start(self.view)
        self.frame(0.0, [])
        while not self.session.ended and self.session.t_ms < stop:
            t = self.session.t_ms
            due = steps[index][0] if index < len(steps) else stop
            target = min(t + (SETTLE_STEP_MS if settle else step_ms), due, stop)
            events = self.session.advance(target)
            while index < len(steps) and steps[index][0] <= target and not self.session.ended:
                request = steps[index][1]
                events += self.session.submit(request, steps[index][0])
                self.shoot_soon(f"{_label(request)}", SETTLE_FRAMES - 1)
                index += 1
                settle = SETTLE_FRAMES
            if settle:
                settle -= 1
            elif index < len(steps):  # once the last request has been watched, turn to the next
                director.aim(self.view, steps[index][1])
            director.update(min(0.5, (target - t) / 1000))
            self.frame(min(0.5, (target - t) / 1000), events)
            if self.session.ended:
                for _ in range(3):  # let the ending's card and overlay show, then a last picture
                    self.frame(0.25, [])
        while self.pending:
            self.frame(0.0, [])
        return "plan_finished"

    # -- live at a desktop -------------------------------------------------------------------

    def run_live(self) -> str:
        from engine.input.desktop import DesktopInput

        desktop: Any
        if getattr(self.presenter, "xr", None) is not None:  # a headset: tracked controllers
            from engine.input.xr import XrInput

            desktop = XrInput(self.presenter, self.role)
        else:
            desktop = DesktopInput(self.presenter, self.role)
        stopped = []

        def stop(_signal: int, _frame: object) -> None:
            stopped.append("terminated")
            desktop.quit = True

        previous = signal.signal(signal.SIGTERM, stop)  # close the log cleanly when killed
        last = time.perf_counter()
        self.frame(0.0, [])
        while not desktop.quit:
            now = time.perf_counter()
            dt = min(1.0, now - last)  # scenario time keeps up with a slow renderer, not a stall
            last = now
            desktop.update(min(dt, 0.1))
            events: list[Event] = []
            if not desktop.paused and not self.session.ended:
                events += self.session.advance(self.session.t_ms + round(dt * 1000))
            for request in desktop.poll():
                events += self.session.submit(request, self.session.t_ms)
            self.presenter.paused = desktop.paused
            self.frame(dt, events)
        signal.signal(signal.SIGTERM, previous)
        return stopped[0] if stopped else "window_closed"


def _label(request: Request) -> str:
    from engine.core.state import Ask, Choose, Perform

    if isinstance(request, Perform | Ask):
        return request.action
    assert isinstance(request, Choose)
    return f"{request.decision}-{request.option}"

