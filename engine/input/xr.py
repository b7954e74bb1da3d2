"""Tracked controllers in a headset: the same core requests as the desktop's mouse and keys.

What a press means is not decided here: like ``DesktopInput``, this source calls the
presenter's own ``act``, ``read``, ``radio``, ``toggle_briefing`` and panel ``choose``, which
turn intents into core requests in one place for every input. This module only turns
controller states into those intents (``Gestures``, pure and unit-tested) and moves the
trainee (teleport, snap turn).

Right trigger: act on what the laser points at, or pick the panel row it points at (an
option, or a key of the keyboard that a decision asking for a rationale opens).
Left trigger: radio and phone. Either grip: read the documents of what is pointed at
(again: put them down). Menu: briefing; held a second: pause. Right thumbstick forward:
aim a teleport, release to go; left/right: snap turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.core.state import Request

STICK_ON, STICK_OFF = 0.7, 0.3
HOLD_S = 1.0
VIGNETTE_S = 0.25


@dataclass
class Gestures:
    """Controller states in, intents out; edges and holds are tracked between frames."""

    held: dict[str, bool] = field(default_factory=dict)
    menu_for: float = 0.0
    menu_long: bool = False
    aiming: bool = False
    turned: bool = False

    def step(self, buttons: dict[str, bool], stick: tuple[float, float], dt: float) -> list[str]:
        """``buttons``: right_select, left_select, grab, menu; ``stick``: the right hand's.
        Returns intents: act, radio, read, briefing, pause, aim, teleport, cancel, turn_left,
        turn_right."""
        out: list[str] = []
        for name, intent in (("right_select", "act"), ("left_select", "radio"),
                             ("grab", "read")):
            if buttons.get(name) and not self.held.get(name):
                out.append(intent)
        if buttons.get("menu"):
            self.menu_for += dt
            if self.menu_for >= HOLD_S and not self.menu_long:
                self.menu_long = True
                out.append("pause")
        elif self.held.get("menu"):
            if not self.menu_long:
                out.append("briefing")
            self.menu_for, self.menu_long = 0.0, False
        self.held = dict(buttons)
        x, y = stick
        if not self.aiming and y >= STICK_ON and abs(x) < STICK_ON:
            self.aiming = True
            out.append("aim")
        elif self.aiming and y < STICK_OFF:
            self.aiming = False
            out.append("teleport" if y > -STICK_ON else "cancel")
        if not self.aiming:
            if not self.turned and abs(x) >= STICK_ON:
                self.turned = True
                out.append("turn_right" if x > 0 else "turn_left")
            elif self.turned and abs(x) < STICK_OFF:
                self.turned = False
        return out


class XrInput:
    """Drives an ``XrPresenter`` from its tracked controllers; ``poll`` hands over requests."""

    def __init__(self, presenter: Any, role: str) -> None:
        self.presenter, self.role = presenter, role
        self.queue: list[Request] = []
        self.gestures = Gestures()
        self.paused_by_trainee = False
        self.vignette = 0.0
        self.stopped = False
        presenter.on_request = self.queue.append
        if presenter.view is not None and presenter.view.props:
            first = presenter.view.props[0].position
            presenter.look((first[0] - 6, first[1] - 12), (first[0], first[1]))

    @property
    def paused(self) -> bool:
        """The scenario clock holds while the trainee paused or the headset lost focus."""
        return self.paused_by_trainee or not self.presenter.focused

    @property
    def quit(self) -> bool:
        """The runtime ended the session (its menu, or the trainee took the headset off and
        quit), or the run was stopped."""
        return self.stopped or bool(self.presenter.exit)

    @quit.setter
    def quit(self, value: bool) -> None:
        self.stopped = value

    def poll(self) -> list[Request]:
        found, self.queue[:] = list(self.queue), []
        return found

    def update(self, dt: float) -> None:
        from engine.present.xr.locomotion import Locomotion

        p = self.presenter
        hands = p.controls.hands
        buttons = {"right_select": hands["right"].select, "left_select": hands["left"].select,
                   "grab": hands["left"].grab or hands["right"].grab,
                   "menu": hands["left"].menu or hands["right"].menu}
        intents = self.gestures.step(buttons, hands["right"].move, dt) if p.focused else []
        moving = Locomotion(p)
        for intent in intents:
            if intent == "act":
                if p.panels.hovered is not None:  # an option, or a key of the keyboard
                    p.panels.choose(p.panels.hovered)
                elif p.hud.panel is None or p.focus is not None:
                    p.act()
                p.pulse("right")
            elif intent == "radio":
                p.radio()
                p.pulse("left")
            elif intent == "read":
                if p.hud.panel is not None and p.hud.panel.kind == "document":
                    p.close_panel()
                else:
                    p.read()
            elif intent == "briefing":
                p.toggle_briefing()
            elif intent == "pause":
                self.paused_by_trainee = not self.paused_by_trainee
                p.paused = self.paused_by_trainee
            elif intent in ("turn_left", "turn_right"):
                moving.snap(-1 if intent == "turn_right" else 1)
                self.vignette = 1.0
            elif intent == "teleport" and moving.teleport():
                self.vignette = 1.0
        moving.aim(self.gestures.aiming)
        self.vignette = max(0.0, self.vignette - dt / VIGNETTE_S)
        p.pointer.set_vignette(max(self.vignette, 0.6 if self.gestures.aiming else 0.0))
