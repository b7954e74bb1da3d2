"""The headset's keyboard drawn under a decision panel that asks for a rationale.

Its keys are pointable rows like the panel's options (``plates.row``), so the laser, the
hover highlight and the trigger work on them unchanged; ``keys.Typing`` keeps the text. Done is
greyed while a required rationale is blank, and pressing it then says what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.present.xr.keys import DONE, SPECIAL, Typing, layout
from engine.present.xr.plates import AMBER, BODY, row, text

GAP = 0.008  # metres between keys
FIELD_TEXT, NOTICE_TEXT = (0.05, 0.05, 0.08, 1), (0.6, 0.1, 0.05, 1)
KEY_TEXT, KEY_GREYED = (1, 1, 1, 1), (0.5, 0.52, 0.56, 1)
Rect = tuple[Any, float, float, float, float]  # plate, left, right, bottom, top


class Keyboard:
    def __init__(self, required: bool, names: Callable[[str], str], needed: str = "") -> None:
        """``names``: the shown word of a special key (space, backspace, done), by its id;
        ``needed``: what the field says when Done is pressed before a required reason."""
        self.typing = Typing(required)
        self.names = names
        self.needed = needed
        self.field: Any = None
        self.done_label: Any = None

    def draw(self, parent: Any, font: Any, prompt: str, x0: float, x1: float,
             top: float) -> tuple[list[tuple[str, Rect]], float]:
        """The prompt, the text typed so far and the keys, from ``top`` down; returns the keys
        with their rectangles, and the bottom edge."""
        heading = text(parent, font, prompt, BODY, AMBER, wrap=(x1 - x0) / BODY)
        heading.setPos(x0, -0.002, top - BODY)
        top -= BODY * 1.25 * heading.node().getNumRows() + 0.01
        field, self.field, top = row(parent, font, self.shown(), x0, x1, top, BODY)
        field.setColor(0.85, 0.87, 0.9, 1)
        self.field.node().setTextColor(*FIELD_TEXT)
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
            card, label, low = row(parent, font, word, left, right, upper, BODY, pad=0.018,
                                   centred=True)
            if key.name == DONE:
                self.done_label = label
            keys.append((key.name, (card, left, right, low, upper)))
            bottom = min(bottom, low)
        self._grey_done()
        return keys, bottom

    def shown(self) -> str:
        """The typed text with a caret; its last 34 characters, so the field never wraps."""
        return (self.typing.text + "_")[-34:]

    def press(self, key: str) -> str | None:
        """Type ``key``; the rationale to hand over when it was an accepted DONE."""
        finished = self.typing.press(key)
        if self.field is not None:
            refused = key == DONE and not finished and bool(self.needed)
            self.field.node().setText(self.needed if refused else self.shown())
            self.field.node().setTextColor(*(NOTICE_TEXT if refused else FIELD_TEXT))
        self._grey_done()
        return self.typing.reason if finished and key == DONE else None

    def _grey_done(self) -> None:
        if self.done_label is not None:
            ready = self.typing.can_finish
            self.done_label.node().setTextColor(*(KEY_TEXT if ready else KEY_GREYED))
