"""Real frames from Panda3D offscreen: one small buffer shared by the whole session."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.core.program import program_for
from engine.core.runtime import start, step
from engine.core.state import Request
from engine.core.view import View, view

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = Path(
    os.environ.get("TASKFORCE_RENDER_SCENARIO", ROOT / "scenarios" / "container-search")
)
ME = "customs_officer"
SIZE = (640, 360)


@pytest.fixture(scope="session")
def loaded() -> Any:
    from engine.scenario.loader import load_scenario

    return load_scenario(SCENARIO)


@pytest.fixture(scope="session")
def showbase() -> Iterator[Any]:
    """The one ShowBase a process may have: an offscreen buffer lit by simplepbr. If another
    test module already opened one, it is shared rather than fought over."""
    import builtins

    pytest.importorskip("panda3d", reason="panda3d is not installed (pip install -e '.[desktop]')")
    from engine.present.base import PresenterError
    from engine.present.panda.window import WindowSpec, init_pipeline, open_base

    existing = getattr(builtins, "base", None)
    if existing is not None:
        if existing.render.getShader() is None:
            init_pipeline(existing)
        yield existing
        return
    try:
        opened = open_base(WindowSpec("offscreen", *SIZE))
    except PresenterError as error:
        pytest.skip(f"no offscreen OpenGL buffer here: {error.message}")
    init_pipeline(opened)
    yield opened
    opened.destroy()


@pytest.fixture(scope="session")
def presenter(loaded: Any, showbase: Any) -> Iterator[Any]:
    from engine.present.panda.presenter import PandaPresenter
    from engine.present.panda.window import WindowSpec

    size = (showbase.win.getXSize(), showbase.win.getYSize())
    shown = PandaPresenter(loaded, ME, WindowSpec("offscreen", *size), base=showbase)
    yield shown
    shown.close()


def state_after(loaded: Any, plan: Sequence[tuple[int, Request | None]]) -> Any:
    state, _ = start(program_for(loaded), 1)
    for t_ms, request in plan:
        state, _ = step(program_for(loaded), state, request, t_ms)
    return state


def looking(eye: Sequence[float], target: Sequence[float]) -> Any:
    """Eyes at ``eye`` (x, y, height) looking at ``target``."""
    from engine.interact.body import Body

    return Body(eye[0], eye[1], eye=eye[2]).facing_point(target[0], target[1], target[2])


def frame(presenter: Any, shown: View, *, body: Any = None, frames: int = 2, dt: float = 0.5,
          thermal: bool = False, status: bool = False) -> np.ndarray:
    """Show ``shown`` seen from ``body`` for a few frames (``dt`` seconds each), with no HUD
    but the status plate when asked for, and return the last frame as RGB."""
    from engine.interact.body import Body
    from engine.interact.screen import Screen
    from engine.interact.status import status as status_lines

    zones = frozenset(z.id for z in presenter.loaded.scenario.place.zones)
    screen = Screen(body=body or Body(), thermal=thermal, crosshair="none",
                    status=status_lines(shown, False, zones) if status else ())
    for _ in range(frames):
        presenter.draw(shown, screen, dt)
        presenter.render()
    texture = presenter.base.win.getScreenshot()
    data = np.frombuffer(bytes(texture.getRamImageAs("RGB")), dtype=np.uint8)
    image = data.reshape(texture.getYSize(), texture.getXSize(), 3)
    return image[::-1].copy()  # Panda3D's rows run bottom-up


def hud_words(presenter: Any, part: str) -> str:
    """Every text a HUD part shows now."""
    built = presenter.hud.parts.get(part)
    if built is None:
        return ""
    return "\n".join(n.node().getText() for n in built.node.findAllMatches("**/+TextNode"))


def view_after(loaded: Any, plan: Sequence[tuple[int, Request | None]]) -> View:
    return view(program_for(loaded), state_after(loaded, plan), ME)


def screen_box(presenter: Any, lo: Sequence[float], hi: Sequence[float]) -> tuple[slice, slice]:
    """The pixel rows and columns a world-space box covers in the current camera."""
    from panda3d.core import Point2, Point3

    base = presenter.base
    xs, ys = [], []
    for x in (lo[0], hi[0]):
        for y in (lo[1], hi[1]):
            for z in (lo[2], hi[2]):
                p = base.cam.getRelativePoint(base.render, Point3(x, y, z))
                projected = Point2()
                if base.camLens.project(p, projected):
                    xs.append(projected.x)
                    ys.append(projected.y)
    assert xs, "the box is not in front of the camera"
    w, h = base.win.getXSize(), base.win.getYSize()
    cols = slice(max(0, int((min(xs) + 1) / 2 * w)), min(w, int((max(xs) + 1) / 2 * w) + 1))
    rows = slice(max(0, int((1 - max(ys)) / 2 * h)), min(h, int((1 - min(ys)) / 2 * h) + 1))
    return rows, cols


@dataclass
class Desk:
    loop: Any
    keys: Any
    session: Any

    def press(self, key: str, *args: Any) -> None:
        self.loop.presenter.base.messenger.send(key, list(args))

    def type(self, words: str) -> None:
        for character in words:
            self.press("taskforce-keystroke", character)

    def frames(self, n: int = 1, seconds: float = 0.2) -> None:
        for _ in range(n):
            self.loop.frame(seconds, self.session.t_ms + round(seconds * 1000))

    def logged(self) -> list[dict[str, Any]]:
        self.session.log.sync()
        return [json.loads(x) for x in Path(self.session.log.path).read_text().splitlines()]


def open_desk(presenter: Any, loaded: Any, log: Path,
              people: set[str] | None = None) -> Desk:
    """A session at the desktop, played through Panda3D's own events: keys and clicks
    become intents, the controller requests, the session logs, the presenter draws."""
    from engine.core.program import program_for
    from engine.frameloop import FrameLoop
    from engine.input.desktop import DesktopInput
    from engine.interact.controller import Controller
    from engine.session import Session

    session = Session.begin(loaded, role=ME, seed=1, trainee="desk", log_path=log, people=people)
    controller = Controller(program_for(loaded), ME)
    keys = DesktopInput(presenter.base)
    return Desk(FrameLoop(session, presenter, controller, keys), keys, session)


@pytest.fixture
def desk(presenter: Any, loaded: Any, tmp_path: Path) -> Iterator[Desk]:
    opened = open_desk(presenter, loaded, tmp_path / "l.jsonl")
    yield opened
    opened.keys.close()
    opened.session.close("test")


