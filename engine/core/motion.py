"""Things moving over visible time: props and figures travel between their places, and crowds
grow and thin, instead of jumping.

The core tracks where each moving thing set off for, and when, on every tick and after every
request, so its position is a pure function of the state and the scenario time: every
presenter, a replay and a shared session show the same. Nothing here changes what happens.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.core.program import CrowdSpec, Program, PropSpec
    from engine.scenario.expressions import EvalContext

Vec3 = tuple[float, float, float]
HIDDEN, OWN = -2, -1  # a move's spot: hidden, its own position, else a placement's index
WALK = 1.4  # metres per second a crowd member walks


@dataclass(frozen=True, slots=True)
class Move:
    """A prop's way from where it was to where it is going: it stands at ``end`` once
    ``end_ms`` has passed."""

    spot: int
    start: Vec3
    start_turn: Vec3
    end: Vec3
    end_turn: Vec3
    start_ms: int
    end_ms: int

    def at(self, t_ms: int, faces_travel: bool = False) -> tuple[Vec3, Vec3]:
        """Position and rotation at ``t_ms``; a figure faces the way it walks."""
        if t_ms >= self.end_ms or self.end_ms <= self.start_ms:
            return self.end, self.end_turn
        f = max(0.0, (t_ms - self.start_ms) / (self.end_ms - self.start_ms))
        here = _lerp(self.start, self.end, f)
        dx, dy = self.end[0] - self.start[0], self.end[1] - self.start[1]
        if faces_travel and math.hypot(dx, dy) > 0.01:
            heading = math.degrees(math.atan2(-dx, dy))  # a figure faces +y at heading 0
            return here, (heading, 0.0, 0.0)
        turn = (_angle(self.start_turn[0], self.end_turn[0], f),
                *_lerp(self.start_turn, self.end_turn, f)[1:])
        return here, (turn[0], turn[1], turn[2])

    def moving(self, t_ms: int) -> bool:
        return self.start_ms <= t_ms < self.end_ms


@dataclass(frozen=True, slots=True)
class Flow:
    """A crowd's change of size: from ``start`` members to ``end`` over the given times."""

    start: int
    end: int
    start_ms: int
    end_ms: int

    def count(self, t_ms: int) -> float:
        if t_ms >= self.end_ms or self.end_ms <= self.start_ms:
            return float(self.end)
        f = max(0.0, (t_ms - self.start_ms) / (self.end_ms - self.start_ms))
        return self.start + (self.end - self.start) * f


def _lerp(a: Vec3, b: Vec3, f: float) -> Vec3:
    return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)


def _angle(a: float, b: float, f: float) -> float:
    return a + math.remainder(b - a, 360.0) * f


def place(spec: PropSpec, ctx: EvalContext) -> tuple[int, Vec3, Vec3]:
    """Where the scenario puts a prop now: (spot, position, rotation)."""
    if spec.shown_when is not None and not spec.shown_when(ctx):
        return HIDDEN, spec.position, spec.rotation
    for n, (when, where, turn, _travel) in enumerate(spec.placements):
        if when(ctx):
            return n, where, turn
    return OWN, spec.position, spec.rotation


def track(program: Program, ctx: EvalContext, moves: dict[str, Move], flows: dict[str, Flow],
          t_ms: int) -> None:
    """Start a move for each prop whose place changed, and a flow for each crowd whose size
    changed, at ``t_ms``."""
    for spec in program.movers:
        spot, target, turn = place(spec, ctx)
        old = moves.get(spec.id)
        if old is not None and old.spot == spot:
            continue
        if old is None:
            moves[spec.id] = Move(spot, target, turn, target, turn, t_ms, t_ms)
            continue
        here, facing = old.at(t_ms)
        if spot == HIDDEN:
            moves[spec.id] = Move(HIDDEN, here, facing, here, facing, t_ms, t_ms)
            continue
        if old.spot == HIDDEN:
            here, facing = (spec.enter_from or target), turn
        travel = spec.placements[spot][3] if spot >= 0 else None
        seconds = travel if travel is not None else math.dist(here, target) / spec.speed
        moves[spec.id] = Move(spot, here, facing, target, turn, t_ms, t_ms + round(seconds * 1000))
    for crowd in program.crowds:
        size = next((n for when, n in crowd.sizes if when(ctx)), crowd.count)
        flow = flows.get(crowd.id)
        if flow is None:
            flows[crowd.id] = Flow(size, size, t_ms, t_ms)
        elif size != flow.end:
            flows[crowd.id] = Flow(round(flow.count(t_ms)), size, t_ms, t_ms + crowd.change_ms)


def members(crowd: CrowdSpec, flow: Flow | None, t_ms: int) -> Iterator[tuple[Vec3, float, bool]]:
    """The members of a crowd at ``t_ms``: (position, heading, walking). Members join or
    leave one after another over the change, walking from or to the crowd's exit."""
    spots = crowd.spots
    start, end = (flow.start, flow.end) if flow else (crowd.count, crowd.count)
    span = (flow.end_ms - flow.start_ms) if flow else 0
    for n, (x, y) in enumerate(spots[: max(start, end)]):
        if n < min(start, end):
            yield (x, y, 0.0), crowd.heading, False
            continue
        assert flow is not None
        growing = end > start
        order = (n - start) if growing else (start - 1 - n)
        leaves = flow.start_ms + round(span * order / max(1, abs(end - start)))
        walk_ms = round(math.dist((x, y), crowd.exit) / WALK * 1000)
        f = (t_ms - leaves) / walk_ms if walk_ms else 1.0
        if f >= 1.0:
            if growing:
                yield (x, y, 0.0), crowd.heading, False
            continue
        if f < 0.0:
            if not growing:
                yield (x, y, 0.0), crowd.heading, False
            continue
        (ax, ay), (bx, by) = ((crowd.exit, (x, y)) if growing else ((x, y), crowd.exit))
        heading = math.degrees(math.atan2(-(bx - ax), by - ay))
        yield (ax + (bx - ax) * f, ay + (by - ay) * f, 0.0), heading, True


def crowd_spots(crowd_id: str, count: int, center: tuple[float, float],
                size: tuple[float, float], layout: str) -> tuple[tuple[float, float], ...]:
    """Where each member stands, the same every time for the same crowd: in two files along
    the area's long side (a queue), or spread over it."""
    rng = zlib.crc32(crowd_id.encode("utf-8"))

    def unit() -> float:
        nonlocal rng
        rng = (rng * 1103515245 + 12345) & 0x7FFFFFFF
        return rng / 0x7FFFFFFF

    (cx, cy), (w, h) = center, size
    long_x = w >= h
    found: list[tuple[float, float]] = []
    if layout == "queue":
        files = 2
        length = min(w if long_x else h, 1.3 * math.ceil(count / files))
        for n in range(count):
            along = -length / 2 + 1.3 * (n // files) + (unit() - 0.5) * 0.3
            across = (n % files - 0.5) * 1.2 + (unit() - 0.5) * 0.3
            found.append((cx + along, cy + across) if long_x else (cx + across, cy + along))
        return tuple(found)
    for _ in range(count):
        best = (cx, cy)
        for _try in range(20):
            best = (cx + (unit() - 0.5) * w * 0.9, cy + (unit() - 0.5) * h * 0.9)
            if all(math.dist(best, other) >= 1.0 for other in found):
                break
        found.append(best)
    return tuple(found)
