"""The drawing parts every headset panel is built from: text on dark plates, sized by the
visual angle it subtends (DESIGN.md: body text about 1 degree of cap height, headings 1.5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from panda3d.core import CardMaker, TextNode, TransparencyAttrib

from engine.present.xr.maths import angular_size_m

PANEL_AT = 1.4  # metres from the eyes
CAP = 0.7  # cap height per unit of Panda3D text scale
BODY = angular_size_m(1.0, PANEL_AT) / CAP  # ~0.035 m a line
HEAD = angular_size_m(1.5, PANEL_AT) / CAP
SMALL = angular_size_m(0.85, 0.5) / CAP  # the wrist, read at half a metre
PLATE = (0.03, 0.04, 0.06, 0.88)
ROW, ROW_HOVER = (0.16, 0.22, 0.32, 0.95), (0.3, 0.42, 0.6, 1)
AMBER = (1.0, 0.82, 0.3, 1)


def text(parent: Any, font: Any, words: str, scale: float,
         colour: Sequence[float] = (1, 1, 1, 1), wrap: float | None = None) -> Any:
    node = TextNode("text")
    if font is not None:
        node.setFont(font)
    node.setText(words)
    node.setTextColor(*colour)
    if wrap:
        node.setWordwrap(wrap)
    path = parent.attachNewNode(node)
    path.setScale(scale)
    path.setY(-0.002)  # just in front of its plate
    return path


def plate(parent: Any, left: float, right: float, bottom: float, top: float,
          colour: Sequence[float] = PLATE) -> Any:
    maker = CardMaker("plate")
    maker.setFrame(left, right, bottom, top)
    card = parent.attachNewNode(maker.generate())
    card.setColor(*colour)
    card.setTransparency(TransparencyAttrib.MAlpha)
    return card


def row(parent: Any, font: Any, words: str, x0: float, x1: float, top: float,
        scale: float = BODY, pad: float = 0.02, centred: bool = False) -> tuple[Any, Any, float]:
    """A pointable row: a plate from ``x0`` to ``x1`` hanging from ``top`` with ``words`` on
    it; returns the plate, the text and the bottom edge. Option rows and keyboard keys are these."""
    label = text(parent, font, words, scale, wrap=None if centred else (x1 - x0 - 2 * pad) / scale)
    bottom = top - scale * 1.2 * label.node().getNumRows() - pad
    card = plate(parent, x0, x1, bottom, top, ROW)
    card.setY(-0.001)
    if centred:
        label.node().setAlign(TextNode.ACenter)
        label.setPos((x0 + x1) / 2, -0.003, top - scale * 1.0)
    else:
        label.setPos(x0 + pad, -0.003, top - scale * 1.0)
    return card, label, bottom
