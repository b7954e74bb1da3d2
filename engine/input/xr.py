"""Tracked controllers in a headset, as intents: the same ones as the desktop's keys and mouse.

What a press means is decided by the interaction controller, as for every input: this
source only turns controller states into intents (``Gestures``, pure and unit-tested).

Right trigger: select what the laser points at (a panel row, a key of the keyboard that a
decision asking for a rationale opens, or a prop to act on). Left trigger: radio and phone.
Either grip: read the documents of what is pointed at (again: put them down). Menu: briefing,
or bring back a decision set aside; held a second: pause. Right thumbstick forward: aim a
teleport, release to go; left/right: snap turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.input.base import Drawn
from engine.interact import intents as i

STICK_ON, STICK_OFF = 0.7, 0.3
HOLD_S = 1.0


@dataclass
class Gestures:
    """Controller states in, gesture names out; edges and holds are tracked between frames."""

    held: dict[str, bool] = field(default_factory=dict)
    menu_for: float = 0.0
    menu_long: bool = False
    aiming: bool = False
    turned: bool = False

    def step(self, buttons: dict[str, bool], stick: tuple[float, float], dt: float) -> list[str]:
        """``buttons``: right_select, left_select, grab, menu; ``stick``: the right hand's.
        Returns gestures: act, radio, read, briefing, pause, aim, teleport, cancel, turn_left,
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
    """Reads the headset's controller states (``Controls``, kept current by the headset
    presenter) and says what the trainee means."""

    def __init__(self, controls: Any, snap_degrees: float = 30.0) -> None:
        self.controls, self.snap = controls, snap_degrees
        self.gestures = Gestures()
        self.reminders = False

    def poll(self, dt: float) -> list[i.Intent]:
        if not self.controls.focused:
            return []
        hands = self.controls.hands
        buttons = {"right_select": hands["right"].select, "left_select": hands["left"].select,
                   "grab": hands["left"].grab or hands["right"].grab,
                   "menu": hands["left"].menu or hands["right"].menu}
        found: list[i.Intent] = []
        for gesture in self.gestures.step(buttons, hands["right"].move, dt):
            if gesture == "act":
                found.append(i.Select())
            elif gesture == "radio":
                found.append(i.Radio())
            elif gesture == "read":
                found.append(i.Read())
            elif gesture == "briefing":
                found.append(i.Recall() if self.reminders else i.Briefing())
            elif gesture == "pause":
                found.append(i.Pause())
            elif gesture == "aim":
                found.append(i.Aim(True))
            elif gesture == "teleport":
                found.append(i.Teleport())
            elif gesture == "cancel":
                found.append(i.Aim(False))
            elif gesture in ("turn_left", "turn_right"):
                found.append(i.Turn(self.snap if gesture == "turn_left" else -self.snap))
        return found

    def feedback(self, drawn: Drawn) -> None:
        self.reminders = bool(drawn.screen.reminders)

    def close(self) -> None:
        """Nothing to release: the headset presenter owns the session."""
