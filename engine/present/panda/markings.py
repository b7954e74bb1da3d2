"""Markings on the ground (zones by kind) and the anchors of the labels that name them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from panda3d.core import CardMaker, LineSegs, TransparencyAttrib

from engine.scenario.schema import Zone

ZONE_COLOURS = {
    "populated": (0.95, 0.2, 0.15),
    "isolation": (0.2, 0.85, 0.35),
    "inspection": (1.0, 0.8, 0.1),
    "staging": (0.25, 0.55, 1.0),
    "restricted": (1.0, 0.5, 0.1),
    "other": (0.7, 0.7, 0.7),
}


@dataclass
class Label:
    key: str
    anchor: Any
    text: str
    colour: tuple[float, float, float]
    reach: float  # metres beyond which it is not shown



def unlit(node: Any) -> Any:
    """Drawn as is: no PBR shading (markings, effects)."""
    node.setShaderOff(10)
    node.setLightOff(10)
    return node


def zone_markings(root: Any, zones: Sequence[Zone]) -> tuple[Any, list[tuple[str, Any, Any]]]:
    """Translucent fills with solid edges, flattened into one node; and per zone a label
    anchor (zone id, node, colour) on the ground at the middle of its south edge."""
    fills = unlit(root.attachNewNode("zone-markings"))
    fills.setTransparency(TransparencyAttrib.MAlpha)
    fills.setDepthOffset(2)
    fills.setDepthWrite(False)
    fills.setBin("transparent", 0)
    anchors = []
    for zone in zones:
        (cx, cy), (w, h) = zone.area.center, zone.area.size
        r, g, b = ZONE_COLOURS.get(zone.kind, ZONE_COLOURS["other"])
        cm = CardMaker(f"zone-{zone.id}")
        cm.setFrame(cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2)
        card = fills.attachNewNode(cm.generate())
        card.setP(-90)
        card.setZ(0.04)
        card.setColor(r, g, b, 0.22)
        lines = LineSegs(f"zone-{zone.id}-edge")
        lines.setThickness(4)
        lines.setColor(r, g, b, 0.95)
        corners = [(cx - w / 2, cy - h / 2), (cx + w / 2, cy - h / 2),
                   (cx + w / 2, cy + h / 2), (cx - w / 2, cy + h / 2)]
        lines.moveTo(corners[-1][0], corners[-1][1], 0.06)
        for x, y in corners:
            lines.drawTo(x, y, 0.06)
        fills.attachNewNode(lines.create())
        anchor = root.attachNewNode(f"zone-{zone.id}-label")
        anchor.setPos(cx, cy - h / 2, 0.2)
        anchors.append((zone.id, anchor, (r, g, b)))
    fills.flattenStrong()
    return fills, anchors
