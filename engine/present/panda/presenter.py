"""The Panda3D presenter: a scenario's world and HUD in a desktop window or offscreen buffer.

It draws what it is given (the core's ``View`` and the interaction controller's ``Screen``)
and reports what the crosshair and the mouse rest on; it decides nothing and sends nothing
to the core. The camera stands where the screen's body is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from panda3d.core import Filename

from engine.core.view import View
from engine.interact.body import Box, Walls
from engine.interact.controller import Pointed
from engine.interact.screen import Screen
from engine.present.panda import collide
from engine.present.panda.hud import Hud
from engine.present.panda.scene import Scene
from engine.present.panda.window import WindowSpec, init_pipeline, open_base
from engine.present.texts import Texts
from engine.scenario.files import asset_roots
from engine.scenario.loader import LoadedScenario

FONT, BOLD = "fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf"
EYE = 1.7


class PandaPresenter:
    device = "desktop"

    def __init__(self, loaded: LoadedScenario, role: str, spec: WindowSpec, base: Any = None,
                 *, owns_base: bool | None = None) -> None:
        """Opens its own window, or draws into ``base`` (a ShowBase with simplepbr set up),
        which it destroys on ``close`` only if ``owns_base``."""
        self.loaded, self.role, self.spec = loaded, role, spec
        self.owns_base = base is None if owns_base is None else owns_base
        if base is None:
            base = open_base(spec)
            init_pipeline(base, spec.msaa)
        self.base = base
        self.texts = Texts(loaded.scenario)
        self.font, self.bold = self._font(FONT), self._font(BOLD)
        self.base.cam.setPosHpr(0, 0, 0, 0, 0, 0)  # the camera node moves; the lens rides on it
        self.base.camLens.setFov(70)
        self.base.camLens.setNearFar(0.1, 600)
        try:
            self.scene = Scene(self.base, loaded, self.texts, self.font)
        except BaseException:
            if self.owns_base:
                self.base.destroy()
            raise
        self.hud = self._hud()
        self.view: View | None = None
        self.screen: Screen | None = None
        self.picking = True  # find what the crosshair rests on
        self.chime: Any = None
        self._static: frozenset[tuple[int, int]] | None = None
        self._boxes: dict[str, tuple[object, Box]] = {}

    def _hud(self) -> Any:
        return Hud(self.base, self.font, self.bold, self.texts.line)

    def input_device(self) -> Any:
        """What a live input listens to here: the window's events."""
        return self.base

    def _font(self, relative: str) -> Any:
        for root in asset_roots(self.loaded.path):
            if (root / relative).is_file():
                font = self.base.loader.loadFont(Filename.fromOsSpecific(str(root / relative))
                                                 .getFullpath())
                if font.getNumPages() == 0:  # the loader shares fonts: set it up only once
                    font.setPixelsPerUnit(64)
                return font
        return None  # Panda3D's built-in font: still legible

    # -- the Presenter interface -------------------------------------------------------------

    def draw(self, view: View, screen: Screen, dt: float) -> None:
        """Make the next frame show ``view`` as ``screen`` says; ``dt``: seconds since the
        last frame, for what animates (doors, smoke)."""
        self.view, self.screen = view, screen
        self.place_camera(screen)
        self.scene.focus = screen.focus
        self.scene.thermal = screen.thermal
        self.scene.apply(view, dt)
        found = sorted(self.scene.labels_on_screen(), key=lambda each: each[3])
        self.show_hud(screen, [(label.key, label.text, label.colour, x, y)
                               for label, x, y, _ in found])
        if screen.chimes:
            self.cue()

    def show_hud(self, screen: Screen, labels: Sequence[Any]) -> None:
        self.hud.draw(screen, labels)

    def place_camera(self, screen: Screen) -> None:
        body = screen.body
        self.base.camera.setPosHpr(body.x, body.y, body.eye, body.heading, body.pitch, 0)

    def pointed(self) -> Pointed:
        """What the crosshair rests on (within reach) and the panel row under the mouse."""
        view = self.view
        if view is None or view.ended:
            self.hud.hover(None)
            return Pointed()
        row = self._row_under_mouse()
        self.hud.hover(row)
        prop = None
        if self.picking:
            prop = self.scene.pick(self.base.camera, {p.id for p in view.props if p.interactable})
        if row is not None:
            return Pointed(prop=prop, panel=row[0], row=row[1])
        return Pointed(prop=prop)

    def _row_under_mouse(self) -> tuple[str, int] | None:
        screen = self.screen
        watcher = getattr(self.base, "mouseWatcherNode", None)
        if screen is None or screen.capture or watcher is None or not watcher.hasMouse():
            return None
        mouse = watcher.getMouse()
        return self.hud.row_at(mouse.x * self.base.getAspectRatio(), mouse.y)  # type: ignore[no-any-return]

    def walls(self, view: View) -> Walls:
        """What a walker cannot enter now: the environment, and every prop where it stands."""
        if self._static is None:
            self._static = collide.blocked_cells(self.scene.static, collide.CELL)
        boxes = []
        render = self.base.render
        shown = {p.id for p in view.props}
        for prop_id, prop in self.scene.props.items():
            if prop_id not in shown or prop.placed is None:
                continue  # not standing anywhere yet
            cached = self._boxes.get(prop_id)
            if cached is None or cached[0] != prop.placed:
                box = collide.footprint(prop.node, prop.bounds, render, prop_id)
                doorway = self.scene.front(prop_id)
                if doorway is not None:
                    box = replace(box, front=doorway[1])
                cached = (prop.placed, box)
                self._boxes[prop_id] = cached
            boxes.append(cached[1])
        return Walls(collide.CELL, self._static, tuple(boxes))

    def render(self) -> None:
        self.base.taskMgr.step()

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.base.win.saveScreenshot(Filename.fromOsSpecific(str(path)))

    def close(self) -> None:
        self.hud.destroy()
        self.scene.root.removeNode()
        if self.owns_base:
            self.base.destroy()

    def cue(self) -> None:
        """A short two-tone chime when a card arrives (silent where audio is off)."""
        if self.spec.mode == "offscreen" or not getattr(self.base, "sfxManagerList", None):
            return
        if self.chime is None:
            self.chime = self.base.loader.loadSfx(Filename.fromOsSpecific(str(_chime_file())))
        self.chime.play()

    def camera_pose(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        cam = self.base.camera
        pos = cam.getPos(self.base.render)
        gaze = self.base.render.getRelativeVector(cam, (0, 1, 0))
        return (pos.x, pos.y, pos.z), (gaze.x, gaze.y, gaze.z)


def _chime_file() -> Path:
    """A generated chime (no sound asset needed): two short sine tones, 16-bit mono WAV."""
    import math
    import struct
    import tempfile
    import wave

    path = Path(tempfile.gettempdir()) / "taskforce-chime.wav"
    if not path.exists():
        rate = 22050
        samples = []
        for pitch, start, length in ((880.0, 0.0, 0.12), (1320.0, 0.14, 0.16)):
            for n in range(int(length * rate)):
                fade = min(1.0, n / 200, (length * rate - n) / 400)
                samples.append(int(9000 * fade * math.sin(2 * math.pi * pitch * n / rate)))
            samples += [0] * int(0.02 * rate) if start == 0.0 else []
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path
