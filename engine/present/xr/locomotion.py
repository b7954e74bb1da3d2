"""Teleporting and snap turning in the world the scene built: the arc is thrown from the
right hand, and lands only where a trainee may stand (on the ground, clear of props)."""

from __future__ import annotations

from typing import Any

from engine.present.xr.maths import Box, Rig, arc, snap_turn, standable, teleport


class Locomotion:
    def __init__(self, presenter: Any) -> None:
        self.p = presenter

    def obstacles(self) -> list[Box]:
        render, found = self.p.base.render, []
        for prop in self.p.scene.props.values():
            if prop.node.isStashed():
                continue
            bounds = prop.node.getTightBounds(render)
            if not bounds:
                continue
            lo, hi = bounds
            if hi.z - lo.z > 0.3:  # ankle-high things can be stepped over
                found.append(((lo.x, lo.y, lo.z), (hi.x, hi.y, hi.z)))
        return found

    def aim(self, on: bool) -> None:
        ray = self.p.aim_ray() if on else None
        if ray is None:
            self.p.teleport_target = None
            self.p.pointer.show_arc(None, None, False)
            return
        points, land = arc(ray[0], ray[1])
        allowed = land is not None and standable(land, self.obstacles())
        self.p.teleport_target = land if allowed else None
        self.p.pointer.show_arc(points, land, allowed)

    def teleport(self) -> bool:
        target = self.p.teleport_target
        self.p.pointer.show_arc(None, None, False)
        if target is None:
            return False
        rig: Rig = self.p.rig
        self.p.rig = teleport(rig, self.p.head_local(), target)
        self.p.teleport_target = None
        return True

    def snap(self, direction: int) -> None:
        degrees = direction * self.p.options.snap_degrees
        self.p.rig = snap_turn(self.p.rig, self.p.head_local(), degrees)
