"""Name and agency tags and zone names in the headset: the desktop's labels, stood in the
world over what they name instead of drawn flat on a screen.

Each tag turns to the eye drawing it and is scaled by its distance, so its capitals subtend
``TAG_DEGREES`` of visual angle near and far (the desktop's flat labels do the same by
keeping one size on the screen). Which labels show is the scene's choice
(``Scene.labels_on_screen``: in view, within reach, not hidden behind a prop).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from panda3d.core import TextNode, TransparencyAttrib

from engine.present.panda.markings import Label
from engine.present.xr.maths import angular_size_m
from engine.present.xr.plates import CAP

TAG_DEGREES = 1.2  # cap height: a little above the panels' body text, like the desktop's
NEAREST_M = 1.0  # closer than this a tag keeps its size at a metre


def tag_scale(distance: float) -> float:
    """The text scale giving ``TAG_DEGREES`` of cap height at ``distance`` metres."""
    return angular_size_m(TAG_DEGREES, max(NEAREST_M, distance)) / CAP


class WorldTags:
    def __init__(self, render: Any, font: Any) -> None:
        self.render, self.font = render, font
        self.root = render.attachNewNode("xr-tags")
        self.root.setShaderOff(10)
        self.root.setLightOff(10)
        self.root.setBin("fixed", 5)
        self.root.setDepthTest(False)  # readable over the scene; hidden ones are left out
        self.root.setDepthWrite(False)
        self.root.setTransparency(TransparencyAttrib.MAlpha)
        self.nodes: dict[str, Any] = {}

    def show(self, found: Sequence[tuple[Label, float]]) -> None:
        """Show these (label, metres from the eyes) and hide the others; nearest drawn last."""
        seen = set()
        for label, distance in sorted(found, key=lambda each: -each[1]):
            seen.add(label.key)
            node = self.nodes.get(label.key) or self._make(label)
            scale = tag_scale(distance)
            rows = node.node().getNumRows()
            anchor = label.anchor.getPos(self.render)
            node.setPos(anchor.x, anchor.y, anchor.z + scale * (rows - 0.6))
            node.setScale(scale)
            node.show()
            node.reparentTo(self.root)  # the latest drawn goes on top
        for key, node in self.nodes.items():
            if key not in seen:
                node.hide()

    def _make(self, label: Label) -> Any:
        r, g, b = label.colour
        text = TextNode(f"tag-{label.key}")
        if self.font is not None:
            text.setFont(self.font)
        text.setText(label.text)
        text.setAlign(TextNode.ACenter)
        text.setWordwrap(16)
        text.setTextColor(1, 1, 1, 1)
        text.setCardColor(r * 0.3, g * 0.3, b * 0.3, 0.88)
        text.setCardAsMargin(0.35, 0.35, 0.15, 0.1)
        text.setCardDecal(True)
        node = self.root.attachNewNode(text)
        node.setBillboardPointEye()
        self.nodes[label.key] = node
        return node

    def destroy(self) -> None:
        self.root.removeNode()
        self.nodes = {}
