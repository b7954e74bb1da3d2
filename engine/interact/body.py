"""Where the trainee stands and looks, and walking that keeps them out of walls and props.

The world is flat ground (z = 0). What blocks a walker is given as data: cells of a grid
that the environment's walls, stacks, fences and poles cross at body height, and the
footprints of the props where they stand now. The walker is a circle; a step that would
enter something slides along it instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from engine.interact.intents import Look, Move

RADIUS = 0.3  # metres: a person with some room to spare
WALK, RUN = 1.6, 4.5  # metres a second
PITCH_LIMIT = 80.0


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned footprint on the ground, in metres."""

    x0: float
    y0: float
    x1: float
    y1: float
    owner: str = ""  # the prop standing there, if any
    bottom: float = 0.0  # metres above the ground
    top: float = 0.0
    blocks: bool = True  # False: too low or too high to stop a walker (still aimed at)
    front: float | None = None  # the bearing (radians) its doors open toward, if it has doors

    def distance(self, x: float, y: float) -> float:
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.y0 - y, 0.0, y - self.y1)
        return math.hypot(dx, dy)


@dataclass(frozen=True)
class Walls:
    """What a walker cannot enter: blocked grid cells (``cell`` metres square, cell (i, j)
    spanning x in [i*cell, (i+1)*cell)) and prop footprints."""

    cell: float = 0.25
    blocked: frozenset[tuple[int, int]] = frozenset()
    boxes: tuple[Box, ...] = ()

    def with_boxes(self, boxes: Iterable[Box]) -> Walls:
        return replace(self, boxes=tuple(boxes))

    def free(self, x: float, y: float, radius: float = RADIUS) -> bool:
        """Whether a walker of ``radius`` can stand with its centre at (x, y)."""
        if any(box.blocks and box.distance(x, y) < radius for box in self.boxes):
            return False
        if not self.blocked:
            return True
        c = self.cell
        for i in range(math.floor((x - radius) / c), math.floor((x + radius) / c) + 1):
            for j in range(math.floor((y - radius) / c), math.floor((y + radius) / c) + 1):
                if (i, j) in self.blocked and Box(i * c, j * c, (i + 1) * c,
                                                  (j + 1) * c).distance(x, y) < radius:
                    return False
        return True

    def nearest_free(self, x: float, y: float, radius: float = RADIUS,
                     reach: float = 30.0) -> tuple[float, float]:
        """The free spot nearest (x, y), searched on rings 0.25 m apart; (x, y) itself when
        nothing within ``reach`` is free."""
        if self.free(x, y, radius):
            return x, y
        ring = 0.25
        while ring <= reach:
            steps = max(8, int(2 * math.pi * ring / 0.25))
            for n in range(steps):
                angle = 2 * math.pi * n / steps
                cx, cy = x + ring * math.cos(angle), y + ring * math.sin(angle)
                if self.free(cx, cy, radius):
                    return cx, cy
            ring += 0.25
        return x, y


@dataclass(frozen=True, slots=True)
class Body:
    """A standing trainee: feet at (x, y); ``heading`` in degrees, 0 looking along +y and
    positive turning left (Panda3D's H); ``pitch`` in degrees, positive looking up."""

    x: float = 0.0
    y: float = 0.0
    heading: float = 0.0
    pitch: float = -5.0
    eye: float = 1.7  # metres: where the eyes are above the ground

    def facing(self) -> tuple[float, float]:
        h = math.radians(self.heading)
        return -math.sin(h), math.cos(h)

    def looked(self, look: Look) -> Body:
        pitch = max(-PITCH_LIMIT, min(PITCH_LIMIT, self.pitch + look.pitch))
        return replace(self, heading=(self.heading + look.yaw) % 360.0, pitch=pitch)

    def turned(self, degrees: float) -> Body:
        return replace(self, heading=(self.heading + degrees) % 360.0)

    def walked(self, move: Move, walls: Walls) -> Body:
        """After walking as ``move`` says, sliding along whatever is in the way."""
        length = math.hypot(move.forward, move.right)
        if length == 0 or move.seconds <= 0:
            return self
        metres = (RUN if move.run else WALK) * move.seconds
        fx, fy = self.facing()
        rx, ry = fy, -fx  # the right hand side
        scale = metres / max(1.0, length)
        return self.stepped((fx * move.forward + rx * move.right) * scale,
                            (fy * move.forward + ry * move.right) * scale, walls)

    def stepped(self, dx: float, dy: float, walls: Walls) -> Body:
        """Moved by (dx, dy) in short steps, each sliding along an obstacle it meets."""
        parts = max(1, math.ceil(math.hypot(dx, dy) / (walls.cell / 2)))
        x, y = self.x, self.y
        stuck = not walls.free(x, y)  # already inside something: let them walk out
        for _ in range(parts):
            sx, sy = dx / parts, dy / parts
            for tx, ty in ((x + sx, y + sy), (x + sx, y), (x, y + sy)):
                if stuck or walls.free(tx, ty):
                    x, y = tx, ty
                    break
            stuck = stuck and not walls.free(x, y)
        return replace(self, x=x, y=y)

    def placed(self, x: float, y: float) -> Body:
        return replace(self, x=x, y=y)

    def facing_point(self, x: float, y: float, z: float, eye: float | None = None) -> Body:
        """Turned to look at (x, y, z) from eye height ``eye`` (its own by default)."""
        dx, dy = x - self.x, y - self.y
        heading = math.degrees(math.atan2(-dx, dy)) % 360.0
        pitch = math.degrees(math.atan2(z - (self.eye if eye is None else eye),
                                        math.hypot(dx, dy)))
        return replace(self, heading=heading, pitch=max(-PITCH_LIMIT, min(PITCH_LIMIT, pitch)))
