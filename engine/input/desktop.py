"""Mouse and keyboard at a desktop, as intents.

Movement keys are read as held buttons each frame, whatever modifiers are down (so Shift+W
runs); other keys and clicks become one intent each. Typed characters are passed on as
``Type`` intents too: the controller decides whether a key types or acts. The pointer is
captured for looking (hidden and re-centred every frame) whenever the screen says so.
"""

from __future__ import annotations

from typing import Any

from engine.input.base import Drawn
from engine.interact import intents as i

LOOK = 0.15  # degrees per pixel
MOVES = {"w": (1, 0), "s": (-1, 0), "a": (0, -1), "d": (0, 1), "arrow_up": (1, 0),
         "arrow_down": (-1, 0), "arrow_left": (0, -1), "arrow_right": (0, 1)}
KEYS: dict[str, i.Intent] = {
    "e": i.Act(), "f": i.Read(), "r": i.Radio(), "tab": i.Briefing(), "t": i.Thermal(),
    "p": i.Pause(), "escape": i.Back(), "q": i.Recall(), "enter": i.Submit(),
    "backspace": i.Erase(), "f3": i.FrameRate(), "mouse1": i.Select(),
    **{str(n): i.Pick(n) for n in range(1, 10)},
}
CLOSE = "taskforce-window-close"
KEYSTROKE = "taskforce-keystroke"


class DesktopInput:
    def __init__(self, base: Any) -> None:
        """``base``: the ShowBase whose window the trainee types and clicks in."""
        from panda3d.core import KeyboardButton, ModifierButtons

        self.base = base
        self.queue: list[i.Intent] = []
        self.captured = False
        self.settling = False  # the first pointer reading after capture is not a look
        self.events: list[str] = []
        self.buttons = {key: KeyboardButton.asciiKey(key) if len(key) == 1 else
                        getattr(KeyboardButton, key.replace("arrow_", ""))()
                        for key in MOVES}
        self.shift = (KeyboardButton.shift(), KeyboardButton.lshift(), KeyboardButton.rshift())
        for thrower in getattr(base, "buttonThrowers", None) or []:
            thrower.node().setModifierButtons(ModifierButtons())  # "e" even with Shift down
            thrower.node().setKeystrokeEvent(KEYSTROKE)
        for key, intent in KEYS.items():
            self._accept(key, intent)
        self.base.accept(KEYSTROKE, self._typed)
        self.events.append(KEYSTROKE)
        if hasattr(base.win, "setCloseRequestEvent"):  # a window, not an offscreen buffer
            base.win.setCloseRequestEvent(CLOSE)
            self._accept(CLOSE, i.Quit())

    def _accept(self, event: str, intent: i.Intent) -> None:
        self.base.accept(event, self.queue.append, [intent])
        self.events.append(event)

    def _typed(self, character: str) -> None:
        if character.isprintable() and character not in "\t\r\n\b":
            self.queue.append(i.Type(character))

    def poll(self, dt: float) -> list[i.Intent]:
        found = list(self.queue)
        self.queue.clear()
        watcher = getattr(self.base, "mouseWatcherNode", None)
        if watcher is not None:
            forward = sum(f for key, (f, _) in MOVES.items()
                          if watcher.isButtonDown(self.buttons[key]))
            right = sum(r for key, (_, r) in MOVES.items()
                        if watcher.isButtonDown(self.buttons[key]))
            if forward or right:
                run = any(watcher.isButtonDown(b) for b in self.shift)
                found.append(i.Move(max(-1, min(1, forward)), max(-1, min(1, right)), dt, run))
        if self.captured and hasattr(self.base.win, "getPointer"):
            pointer = self.base.win.getPointer(0)
            cx, cy = self.base.win.getXSize() // 2, self.base.win.getYSize() // 2
            dx, dy = pointer.getX() - cx, pointer.getY() - cy
            if (dx or dy) and not self.settling:
                found.append(i.Look(-dx * LOOK, -dy * LOOK))
            self.settling = False
            self._recentre()
        return found

    def feedback(self, drawn: Drawn) -> None:
        if drawn.screen.capture != self.captured:
            self._capture(drawn.screen.capture)

    def _capture(self, on: bool) -> None:
        from panda3d.core import WindowProperties

        self.captured = on
        if not hasattr(self.base.win, "requestProperties"):
            return  # offscreen: there is no pointer to hold
        props = WindowProperties()
        props.setCursorHidden(on)
        props.setMouseMode(WindowProperties.M_confined if on else WindowProperties.M_absolute)
        self.base.win.requestProperties(props)
        if on:
            self.settling = True
            self._recentre()

    def _recentre(self) -> None:
        win = self.base.win
        if hasattr(win, "movePointer"):
            win.movePointer(0, win.getXSize() // 2, win.getYSize() // 2)

    def close(self) -> None:
        for event in self.events:
            self.base.ignore(event)
        self.events.clear()
