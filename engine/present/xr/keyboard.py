"""The headset's keyboard drawn under a decision panel that asks for a rationale.

Its keys are pointable rows like the panel's options (``plates.row``), so the laser, the
hover highlight and the trigger work on them unchanged; ``keys.Typing`` keeps the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.present.xr.keys import DONE, SPECIAL, Typing, layout
from engine.present.xr.plates import AMBER, BODY, row, text

GAP = 0.008  # metres between keys
Rect = tuple[Any, float, float, float, float]  # plate, left, right, bottom, top


class Keyboard:
    def __init__(self, required: bool, names: Callable[[str], str]) -> None:
        """``names``: the shown word of a special key (space, backspace, done), by its id."""
        self.typing = Typing(required)
        self.names = names
        self.field: Any = None

    def draw(self, parent: Any, font: Any, prompt: str, x0: float, x1: float,
             top: float) -> tuple[list[tuple[str, Rect]], float]:
        """The prompt, the text typed so far and the keys, from ``top`` down; returns the keys
        with their rectangles, and the bottom edge."""
        heading = text(parent, font, prompt, BODY, AMBER, wrap=(x1 - x0) / BODY)
        heading.setPos(x0, -0.002, top - BODY)
        top -= BODY * 1.25 * heading.node().getNumRows() + 0.01
        field, self.field, top = row(parent, font, self.shown(), x0, x1, top, BODY)
        field.setColor(0.85, 0.87, 0.9, 1)
        self.field.node().setTextColor(0.05, 0.05, 0.08, 1)
        self.field.node().clearWordwrap()
        top -= 0.02
        step = (x1 - x0) / 10
        keys: list[tuple[str, Rect]] = []
        bottom = top
        for key in layout():
            left = x0 + key.column * step + GAP / 2
            right = left + key.width * step - GAP
            upper = top - key.row * (BODY * 1.2 + 0.04)
            word = self.names(key.name) if key.name in SPECIAL else key.name
            card, _, low = row(parent, font, word, left, right, upper, BODY, pad=0.018,
                            centred=True)
            keys.append((key.name, (card, left, right, low, upper)))
            bottom = min(bottom, low)
        return keys, bottom

    def shown(self) -> str:
        """The typed text with a caret; its last 34 characters, so the field never wraps."""
        return (self.typing.text + "_")[-34:]

    def press(self, key: str) -> str | None:
        """Type ``key``; the rationale to hand over when it was an accepted DONE."""
        finished = self.typing.press(key)
        if self.field is not None:
            self.field.node().setText(self.shown())
        return self.typing.reason if finished and key == DONE else None
