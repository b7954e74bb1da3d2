"""What the trainee's hands show: the laser pointer with its hit dot, the teleport arc with
its landing marker (green where one may stand, red where not), and the comfort vignette
that narrows the view while teleporting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from panda3d.core import CardMaker, LineSegs, NodePath, TransparencyAttrib

from engine.present.xr.maths import Vec3

LASER_REACH = 14.0
GO, STOP = (0.2, 1.0, 0.45, 1), (1.0, 0.25, 0.2, 1)


def _flat(node: Any) -> Any:
    node.setShaderOff(10)
    node.setLightOff(10)
    node.setTransparency(TransparencyAttrib.MAlpha)
    return node


def _ring(colour: Sequence[float], radius: float = 0.35, n: int = 24) -> Any:
    import math

    segs = LineSegs("ring")
    segs.setThickness(4)
    segs.setColor(*colour)
    for i in range(n + 1):
        a = 2 * math.pi * i / n
        (segs.drawTo if i else segs.moveTo)(radius * math.cos(a), radius * math.sin(a), 0.02)
    return NodePath(segs.create())


class Pointer:
    def __init__(self, render: Any, aim: Any, head: Any) -> None:
        self.aim = aim
        segs = LineSegs("laser")
        segs.setThickness(3)
        segs.setColor(0.55, 0.85, 1.0, 0.9)
        segs.moveTo(0, 0, 0)
        segs.drawTo(0, 1, 0)
        self.laser = _flat(aim.attachNewNode(segs.create()))
        self.laser.setScale(1, LASER_REACH, 1)
        maker = CardMaker("dot")
        maker.setFrame(-0.015, 0.015, -0.015, 0.015)
        self.dot = _flat(render.attachNewNode(maker.generate()))
        self.dot.setBillboardPointEye()
        self.dot.setColor(1, 0.85, 0.3, 1)
        self.dot.hide()
        self.arc = _flat(render.attachNewNode("arc"))
        self.marker = _flat(render.attachNewNode("marker"))
        self.go, self.stop = _ring(GO), _ring(STOP)
        self.go.reparentTo(self.marker)
        self.stop.reparentTo(self.marker)
        self.marker.hide()
        self.vignette = _flat(head.attachNewNode(self._vignette()))
        self.vignette.setBin("fixed", 50)
        self.vignette.setDepthTest(False)
        self.vignette.setDepthWrite(False)
        self.vignette.setAlphaScale(0.0)
        self.vignette.hide()

    @staticmethod
    def _vignette() -> Any:
        """A dark frame around a clear centre, 0.3 m in front of the eyes."""
        root = NodePath("vignette")
        for left, right, bottom, top in ((-1, -0.12, -1, 1), (0.12, 1, -1, 1),
                                         (-0.12, 0.12, 0.1, 1), (-0.12, 0.12, -1, -0.1)):
            maker = CardMaker("shade")
            maker.setFrame(left, right, bottom, top)
            card = root.attachNewNode(maker.generate())
            card.setColor(0, 0, 0, 1)
        root.setY(0.3)
        return root.node()

    def show_laser(self, length: float | None, hit: Vec3 | None) -> None:
        self.laser.setScale(1, length or LASER_REACH, 1)
        if hit is None:
            self.dot.hide()
        else:
            self.dot.show()
            self.dot.setPos(*hit)

    def show_arc(self, points: list[Vec3] | None, land: Vec3 | None, allowed: bool) -> None:
        for child in self.arc.getChildren():
            child.removeNode()
        if not points:
            self.marker.hide()
            return
        segs = LineSegs("arc-line")
        segs.setThickness(3)
        segs.setColor(*(GO if allowed else STOP))
        segs.moveTo(*points[0])
        for p in points[1:]:
            segs.drawTo(*p)
        self.arc.attachNewNode(segs.create())
        if land is None:
            self.marker.hide()
            return
        self.marker.show()
        self.marker.setPos(*land)
        (self.go.show if allowed else self.go.hide)()
        (self.stop.hide if allowed else self.stop.show)()

    def set_vignette(self, strength: float) -> None:
        if strength <= 0.01:
            self.vignette.hide()
            return
        self.vignette.show()
        self.vignette.setAlphaScale(min(1.0, strength) * 0.85)

    def destroy(self) -> None:
        for node in (self.laser, self.dot, self.arc, self.marker, self.vignette):
            node.removeNode()
