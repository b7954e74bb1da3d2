"""Mouse and keyboard at a desktop: walking, looking, and requests picked in the HUD.

WASD walks, the mouse looks once captured (click; Esc releases), E or a click acts on what
the crosshair rests on, F reads its documents, R opens the radio and phone, 1-9 pick in a
panel, Tab shows the briefing, T the thermal camera, P pauses.
"""

from __future__ import annotations

import math
from typing import Any

from engine.core.state import Request

WALK, RUN = 3.0, 7.0  # metres per second
LOOK = 0.15  # degrees per pixel
EYE = 1.7
MOVES = {"w": (0, 1), "s": (0, -1), "a": (-1, 0), "d": (1, 0),
         "arrow_up": (0, 1), "arrow_down": (0, -1), "arrow_left": (-1, 0), "arrow_right": (1, 0)}


class DesktopInput:
    def __init__(self, presenter: Any, role: str) -> None:
        self.presenter, self.role = presenter, role
        self.base = presenter.base
        self.queue: list[Request] = []
        self.held: set[str] = set()
        self.paused = False
        self.quit = False
        self.captured = False
        self.heading, self.pitch = 0.0, -5.0
        self.events: list[str] = []
        presenter.on_request = self.queue.append
        for key in MOVES:
            self._accept(key, self.held.add, [key])
            self._accept(f"{key}-up", self.held.discard, [key])
        self._accept("shift", self.held.add, ["shift"])
        self._accept("shift-up", self.held.discard, ["shift"])
        keys = {"e": presenter.act, "f": presenter.read, "r": presenter.radio,
                "t": presenter.toggle_thermal, "tab": presenter.toggle_briefing,
                "p": self._pause, "escape": self._escape, "mouse1": self._click}
        for key, handler in keys.items():
            self._accept(key, self._guarded, [handler, key])
        for n in range(1, 10):
            self._accept(str(n), self._guarded, [lambda n=n: presenter.hud.choose(n), str(n)])
        if hasattr(self.base.win, "setCloseRequestEvent"):  # a window, not an offscreen buffer
            self.base.win.setCloseRequestEvent("taskforce-window-close")
            self._accept("taskforce-window-close", self._close, [])
        self._start_pose()

    def _start_pose(self) -> None:
        view = self.presenter.view
        first = view.props[0].position if view is not None and view.props else (0.0, 0.0, 0.0)
        self.base.camera.setPos(first[0] - 6, first[1] - 12, EYE)
        self.base.camera.lookAt(first[0], first[1], 1.2)
        self.heading, self.pitch = self.base.camera.getH(), self.base.camera.getP()

    def _typing(self) -> bool:
        entry = self.presenter.hud.entry
        return entry is not None and bool(entry["focus"])

    def _guarded(self, handler: Any, key: str) -> None:
        if self._typing() and key != "escape":
            return
        handler()

    def _pause(self) -> None:
        self.paused = not self.paused

    def _close(self) -> None:
        self.quit = True

    def _escape(self) -> None:
        if not self.presenter.close_panel():
            self._capture(False)

    def _click(self) -> None:
        if self.presenter.hud.panel is not None:
            return  # the panel's own buttons take the click
        if self.captured:
            self.presenter.act()
        else:
            self._capture(True)

    def _capture(self, on: bool) -> None:
        from panda3d.core import WindowProperties

        if not hasattr(self.base.win, "requestProperties"):
            return  # offscreen: there is no pointer to capture
        props = WindowProperties()
        props.setCursorHidden(on)
        props.setMouseMode(WindowProperties.M_relative if on else WindowProperties.M_absolute)
        self.base.win.requestProperties(props)
        self.captured = on
        self.presenter.mouse_captured = on
        if on:
            self._recentre()

    def _recentre(self) -> None:
        win = self.base.win
        if hasattr(win, "movePointer"):
            win.movePointer(0, win.getXSize() // 2, win.getYSize() // 2)

    def detach(self) -> None:
        """Stop listening (the presenter outlives this input, e.g. in tests)."""
        for event in self.events:
            self.base.ignore(event)
        self.presenter.on_request = None

    def _accept(self, event: str, handler: Any, args: list[Any]) -> None:
        self.base.accept(event, handler, args)
        self.events.append(event)

    def poll(self) -> list[Request]:
        """The requests picked since the last poll."""
        found, self.queue[:] = list(self.queue), []
        return found

    def update(self, dt: float) -> None:
        if self.captured and self.presenter.hud.panel is not None:
            self._capture(False)  # a panel needs the pointer
        if self.captured:
            pointer = self.base.win.getPointer(0)
            cx, cy = self.base.win.getXSize() // 2, self.base.win.getYSize() // 2
            self.heading -= (pointer.getX() - cx) * LOOK
            self.pitch = max(-80.0, min(80.0, self.pitch - (pointer.getY() - cy) * LOOK))
            self._recentre()
        camera = self.base.camera
        camera.setHpr(self.heading, self.pitch, 0)
        if self._typing() or self.paused:
            return
        dx = sum(MOVES[k][0] for k in self.held if k in MOVES)
        dy = sum(MOVES[k][1] for k in self.held if k in MOVES)
        if dx or dy:
            speed = (RUN if "shift" in self.held else WALK) * dt / math.hypot(dx, dy)
            h = math.radians(self.heading)
            forward, right = (-math.sin(h), math.cos(h)), (math.cos(h), math.sin(h))
            x = camera.getX() + (forward[0] * dy + right[0] * dx) * speed
            y = camera.getY() + (forward[1] * dy + right[1] * dx) * speed
            camera.setPos(x, y, EYE)
