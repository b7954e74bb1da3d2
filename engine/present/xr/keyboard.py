"""The headset's keyboard drawn under a decision panel that asks for a rationale.

Its keys are pointable rows like the panel's options (``plates.row``), so the laser, the
hover highlight and the trigger work on them unchanged. What has been typed, and whether a
required reason is still missing, come from the screen; Done is greyed until it may be
pressed, and the field says what is missing when it was pressed too early.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.interact.keys import DONE, MAX_CHARS, SPECIAL, layout
from engine.interact.screen import Entry
from engine.present.xr.plates import AMBER, BODY, row, text

GAP = 0.008  # metres between keys
FIELD_TEXT, NOTICE_TEXT = (0.05, 0.05, 0.08, 1), (0.6, 0.1, 0.05, 1)
KEY_TEXT, KEY_GREYED = (1, 1, 1, 1), (0.5, 0.52, 0.56, 1)
Rect = tuple[Any, float, float, float, float]  # plate, left, right, bottom, top


def draw_keyboard(parent: Any, font: Any, entry: Entry, words: Callable[[Any], str],
                  key_name: Callable[[str], str], x0: float, x1: float,
                  top: float) -> tuple[list[tuple[str, Rect]], float, Any, Any]:
    """The prompt, the text typed so far (or the warning) and the keys, from ``top`` down;
    returns the keys with their rectangles, the bottom edge, the field's text and Done's."""
    heading = text(parent, font, words(entry.prompt), BODY, AMBER, wrap=(x1 - x0) / BODY)
    heading.setPos(x0, -0.002, top - BODY)
    top -= BODY * 1.25 * heading.node().getNumRows() + 0.01
    shown = words(entry.warning) if entry.warning is not None else (entry.text + "_")[-34:]
    field, field_text, top = row(parent, font, shown, x0, x1, top, BODY)
    field.setColor(0.85, 0.87, 0.9, 1)
    field_text.node().setTextColor(*(NOTICE_TEXT if entry.warning else FIELD_TEXT))
    field_text.node().clearWordwrap()
    top -= 0.02
    step = (x1 - x0) / 10
    keys: list[tuple[str, Rect]] = []
    bottom, done_label = top, None
    ready = bool(entry.text.strip()) or not entry.required
    full = len(entry.text) >= MAX_CHARS
    for key in layout():
        left = x0 + key.column * step + GAP / 2
        right = left + key.width * step - GAP
        upper = top - key.row * (BODY * 1.2 + 0.04)
        word = key_name(key.name) if key.name in SPECIAL else key.name
        card, label, low = row(parent, font, word, left, right, upper, BODY, pad=0.018,
                               centred=True)
        if key.name == DONE:
            done_label = label
            label.node().setTextColor(*(KEY_TEXT if ready else KEY_GREYED))
        elif full and key.name not in SPECIAL:
            label.node().setTextColor(*KEY_GREYED)
        keys.append((key.name, (card, left, right, low, upper)))
        bottom = min(bottom, low)
    return keys, bottom, field_text, done_label
