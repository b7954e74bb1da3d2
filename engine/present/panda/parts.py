"""The pieces a flat HUD is built from: text blocks and plates, measured as they are made.

Every part is built with its top-left corner at its origin, extending right (+x) and down
(-z), so that the layout can place it by that corner once its size is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from panda3d.core import CardMaker, NodePath, TextNode, TransparencyAttrib

BODY = 0.05
SMALL = 0.042
HEAD = 0.06
PAD = 0.03
PLATE = (0.03, 0.04, 0.06, 0.84)
ROW, ROW_HOVER = (0.16, 0.22, 0.32, 0.95), (0.3, 0.42, 0.6, 1)
WHITE = (1.0, 1.0, 1.0, 1.0)
DIM = (1.0, 1.0, 1.0, 0.68)
AMBER = (1.0, 0.82, 0.3, 1.0)
TONES = {"message": AMBER, "done": (0.5, 0.95, 0.55, 1.0), "refused": (1.0, 0.45, 0.4, 1.0),
         "notice": (0.55, 0.8, 1.0, 1.0)}


@dataclass
class Built:
    """A part as built: its node, and its width and height in aspect2d units."""

    node: Any
    width: float
    height: float
    rows: list[tuple[int, float, float, float, float, Any]]  # number, l, r, bottom, top, plate
    refresh: Any = None  # new value -> whether it was redrawn in place (same shape)


def text(parent: Any, font: Any, words: str, scale: float, x: float, top: float, *,
         colour: Sequence[float] = WHITE, wrap: float | None = None,
         align: int = TextNode.ALeft) -> tuple[Any, float, float]:
    """A block of text whose first line's top sits at ``top``; (node, width, height)."""
    node = TextNode("text")
    if font is not None:
        node.setFont(font)
    node.setAlign(align)
    if wrap:
        node.setWordwrap(wrap)
    node.setText(words)
    node.setTextColor(*colour)
    path = parent.attachNewNode(node)
    path.setScale(scale)
    rows = max(1, node.getNumRows())
    line = node.getLineHeight() * scale
    path.setPos(x, 0, top - scale * 0.82)
    return path, node.getWidth() * scale, line * rows


def plate(parent: Any, left: float, right: float, bottom: float, top: float,
          colour: Sequence[float] = PLATE, name: str = "plate") -> Any:
    maker = CardMaker(name)
    maker.setFrame(left, right, bottom, top)
    card = parent.attachNewNode(maker.generate())
    card.setColor(*colour)
    card.setTransparency(TransparencyAttrib.MAlpha)
    return card


def holder(root: Any, name: str) -> Any:
    node = root.attachNewNode(name)
    node.hide()
    return node


def boxed(node: Any, width: float, height: float, colour: Sequence[float] = PLATE,
          rows: list[tuple[int, float, float, float, float, Any]] | None = None) -> Built:
    """Put a plate of ``width`` x ``height`` under everything drawn in ``node``."""
    back = plate(node, 0, width, -height, 0, colour)
    back.reparentTo(node, -10)  # drawn first: under the words and rows
    return Built(node, width, height, rows or [])


def fresh(root: Any, name: str) -> Any:
    path = NodePath(name)
    path.reparentTo(root)
    return path
