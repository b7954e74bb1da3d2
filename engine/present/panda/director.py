"""The camera of a watched walkthrough: it walks to whatever the next request is about,
and stands where nothing blocks the view."""

from __future__ import annotations

import math
from typing import Any

from engine.core.state import Perform, Request
from engine.core.view import View

EYE = 1.7
STAND_OFF = 6.5
BEARINGS = 16


class Director:
    def __init__(self, presenter: Any) -> None:
        self.presenter = presenter
        self.pos = [0.0, -20.0, EYE]
        self.look = [0.0, -6.0, 1.2]
        self.goal_pos = list(self.pos)
        self.goal_look = list(self.look)

    def start(self, view: View) -> None:
        first = view.props[0] if view.props else None
        if first is not None:
            self._frame(view, first.id, overview=True)
            self.pos, self.look = list(self.goal_pos), list(self.goal_look)
        self.presenter.look(self.pos, self.look)

    def aim(self, view: View, request: Request) -> None:
        """Look at the prop the next request acts on, if it is one in view."""
        if isinstance(request, Perform):
            prop_id = view.prop_of_action(request.action)
            if prop_id is not None:
                self._frame(view, prop_id)

    def _frame(self, view: View, prop_id: str, overview: bool = False) -> None:
        prop = view.prop(prop_id)
        if prop is None:
            return
        x, y, z = prop.position
        radius = self.presenter.scene.radius(prop_id)
        away = max(STAND_OFF, radius * 1.2 + 2.5) * (1.6 if overview else 1.0)
        others = [(p.position[0], p.position[1], self.presenter.scene.radius(p.id))
                  for p in view.props if p.id != prop_id]
        current = math.atan2(self.pos[1] - y, self.pos[0] - x)
        front = self.presenter.scene.front(prop_id)
        arc = math.pi
        if front is not None and not overview:  # a doorway: stand in front of it, at an angle
            (x, y, z), facing = front
            current, away, radius, arc = facing + 0.4, STAND_OFF + 1.5, 1.5, 1.0
        best: tuple[float, float, float] | None = None
        for n in range(BEARINGS):
            bearing = 2 * math.pi * n / BEARINGS
            if abs(math.remainder(bearing - current, 2 * math.pi)) > arc:
                continue
            cx, cy = x + math.cos(bearing) * away, y + math.sin(bearing) * away
            cost = abs(math.remainder(bearing - current, 2 * math.pi))  # stay near where we are
            for ox, oy, oradius in others:
                gap = _segment_distance(ox, oy, cx, cy, x, y) - min(oradius, 3.0)
                if gap < 0.8:
                    cost += 3.0 if math.hypot(ox - cx, oy - cy) < oradius + 1.5 else 1.5
            if best is None or cost < best[0]:
                best = (cost, cx, cy)
        assert best is not None
        self.goal_pos = [best[1], best[2], EYE]
        self.goal_look = [x, y, z + min(0.9, radius)]

    def update(self, dt: float) -> None:
        blend = 1.0 - math.exp(-4.0 * max(dt, 0.05))
        for now, goal in ((self.pos, self.goal_pos), (self.look, self.goal_look)):
            for i in range(3):
                now[i] += (goal[i] - now[i]) * blend
        self.presenter.look(self.pos, self.look)


def _segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    """How far point p is from the line of sight a-b."""
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / span))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))
