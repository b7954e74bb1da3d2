"""A walkthrough played through the interface, the way a trainee at a desktop plays it.

For each of its own steps the pilot walks to the prop that offers the action, turns until
the crosshair rests on it, presses E and picks the row; it opens the radio for calls; it
answers a decision by picking the option and typing the reason. It reads only what was
drawn (the screen, the view, what the crosshair rests on) and speaks only in intents.
Steps of other roles are handed to the frame loop to submit as those roles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from engine.core.plan import planned_requests
from engine.core.state import Ask, Choose, Fire, Perform, Request, Seat
from engine.input.base import Drawn
from engine.interact import intents as i
from engine.interact.body import Body, Box, Walls
from engine.interact.panels import action_key
from engine.scenario.walkthrough import Walkthrough

EYE = 1.7
TURN_PER_FRAME = 40.0  # degrees: a quick but visible turn
STAND_OFF = 1.6  # metres from a prop's footprint
GIVE_UP_FRAMES = 60


@dataclass
class _Stand:
    x: float
    y: float
    tries: int = 0


class Pilot:
    def __init__(self, plan: Walkthrough, role: str,
                 people: frozenset[str] | set[str] | None = None) -> None:
        """``people``: the roles people play; other roles' steps are left to the engine."""
        everything = list(planned_requests(plan))
        self.role = role
        self.steps = [(t, r) for t, r in everything if r.role == role]
        self.others = [(t, r) for t, r in everything
                       if r.role != role and (people is None or r.role in people)]
        self.index = 0
        self.drawn: Drawn | None = None
        self.stand: _Stand | None = None
        self.frames_on_step = 0
        self.acted = False
        self.skipped: list[str] = []

    # -- the frame loop's side ---------------------------------------------------------------

    def hold_until(self) -> int | None:
        """Scenario time the clock must not pass before the next own step is done."""
        return self.steps[self.index][0] if self.index < len(self.steps) else None

    def others_due(self, t_ms: int) -> list[tuple[int, Request]]:
        """Other roles' steps due by ``t_ms``, in order (removed from the plan)."""
        due = [(t, r) for t, r in self.others if t <= t_ms]
        self.others = self.others[len(due):]
        return due

    def next_other(self) -> int | None:
        return self.others[0][0] if self.others else None

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    # -- the InputSource interface -----------------------------------------------------------

    def feedback(self, drawn: Drawn) -> None:
        self.drawn = drawn
        if self.finished:
            return
        _, wanted = self.steps[self.index]
        if any(_same(wanted, made) for made in drawn.requested):
            self._next()

    def close(self) -> None:
        """Nothing to release."""

    def poll(self, dt: float) -> list[i.Intent]:
        drawn = self.drawn
        if drawn is None or self.finished or drawn.view.ended:
            return []
        self.frames_on_step += 1
        due, request = self.steps[self.index]
        if drawn.t_ms >= due and self.frames_on_step > GIVE_UP_FRAMES:
            self.skipped.append(f"{request.to_record()} at {due / 1000:.0f} s")
            self._next()
            return []
        if isinstance(request, Choose):
            return self._choose(drawn, request, drawn.t_ms >= due)
        if isinstance(request, Seat | Fire):  # never a walkthrough step: the host's alone
            return []
        return self._perform(drawn, request, dt, drawn.t_ms >= due)

    def _next(self) -> None:
        self.index += 1
        self.stand, self.frames_on_step, self.acted = None, 0, False

    # -- doing an action -----------------------------------------------------------------------

    def _perform(self, drawn: Drawn, request: Perform | Ask, dt: float,
                 due: bool) -> list[i.Intent]:
        screen, view = drawn.screen, drawn.view
        key = f"ask:{request.partner}:{request.via}:{request.action}" \
            if isinstance(request, Ask) else f"do:{request.action}"
        if screen.panel is not None:
            row = next((r for r in screen.panel.rows if r.key == key), None)
            if row is not None and due:
                return [i.Pick(row.number)]
            if not self.acted or row is None:
                return [i.Back()]
        if screen.typing:
            return [i.Back()]
        if any(action_key(a) == key for a in view.at_hand):
            return [i.Radio()] if due else []
        prop = next((p for p, acts in view.interactables.items()
                     if any(action_key(a) == key for a in acts)), None)
        if prop is None:
            return []  # not offered (yet): wait, as a trainee would, until it is or time's up
        box = _box_of(drawn.walls, prop)
        walls = drawn.walls or Walls()
        shown = view.prop(prop)
        if self.stand is None:
            self.stand = self._stand_for(screen.body, box, shown, walls)
        body = screen.body
        distance = math.hypot(self.stand.x - body.x, self.stand.y - body.y)
        if distance > 0.4:
            return self._walk_to(body, self.stand, dt)
        target = _aim_point(box, shown)
        turn = _turn_toward(body, target)
        if turn is not None:
            return [turn]
        if drawn.pointed.prop != prop:
            self._try_elsewhere(body, box, shown, walls)
            return []
        if not due:
            return []
        self.acted = True
        return [i.Act()]

    def _stand_for(self, body: Body, box: Box | None, prop: object, walls: Walls) -> _Stand:
        spots = _stand_spots(body, box, prop, walls)
        return _Stand(*spots[0]) if spots else _Stand(body.x, body.y)

    def _try_elsewhere(self, body: Body, box: Box | None, prop: object, walls: Walls) -> None:
        """The crosshair rests on something else: stand at the next spot around the prop."""
        assert self.stand is not None
        tries = self.stand.tries + 1
        spots = _stand_spots(body, box, prop, walls)
        if spots:
            x, y = spots[tries % len(spots)]
            self.stand = _Stand(x, y, tries)

    def _walk_to(self, body: Body, stand: _Stand, dt: float) -> list[i.Intent]:
        turn = _turn_toward(body, (stand.x, stand.y, EYE), pitch=False)
        if turn is not None:
            return [turn]
        distance = math.hypot(stand.x - body.x, stand.y - body.y)
        seconds = max(dt, 0.25)
        if self.frames_on_step > 25:  # blocked: a trainee in a headset would teleport
            return [i.Teleport(stand.x, stand.y)]
        return [i.Move(1.0, 0.0, min(seconds, distance / 4.5), run=True)]

    # -- answering a decision ------------------------------------------------------------------

    def _choose(self, drawn: Drawn, request: Choose, due: bool) -> list[i.Intent]:
        screen = drawn.screen
        if screen.panel is not None:
            return [i.Back()]
        shown = screen.decision
        if shown is None or shown.key != f"decision:{request.decision}":
            if any(r.decision == request.decision for r in screen.reminders):
                return [i.Recall()]
            return []
        if not due:
            return []
        if screen.typing and shown.entry is not None:
            typed = shown.entry.text
            wanted = request.rationale or ""
            if typed != wanted:
                return [*([i.Erase()] * len(typed)), i.Type(wanted)] if wanted else \
                    [i.Erase()] * len(typed)
            return [i.Submit()]
        row = next((r for r in shown.rows if r.key == f"option:{request.option}"), None)
        return [i.Pick(row.number)] if row is not None else []


def _same(wanted: Request, made: Request) -> bool:
    return wanted.to_record() == made.to_record()


def _box_of(walls: Walls | None, prop: str) -> Box | None:
    return next((b for b in walls.boxes if b.owner == prop), None) if walls else None


def _aim_point(box: Box | None, prop: object) -> tuple[float, float, float]:
    if box is not None:
        middle = (box.bottom + box.top) / 2 if box.top - box.bottom < 2.0 else 1.3
        return ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, middle)
    position = getattr(prop, "position", (0.0, 0.0, 0.0))
    return (position[0], position[1], position[2] + 0.5)


def _stand_spots(body: Body, box: Box | None, prop: object,
                 walls: Walls) -> list[tuple[float, float]]:
    """Free places around the prop to act on it from, nearest to where the body is first."""
    cx, cy, _ = _aim_point(box, prop)
    half = 0.5 if box is None else max(box.x1 - box.x0, box.y1 - box.y0) / 2
    near = max(STAND_OFF, 1.4 * (box.top - box.bottom)) if box is not None else STAND_OFF
    found: list[tuple[float, float, float]] = []
    for ring in (near, near + 1.5, near + 3.5):
        for n in range(16):
            angle = 2 * math.pi * n / 16
            reach = half + ring if box is None else ring + _extent(box, angle)
            x, y = cx + math.cos(angle) * reach, cy + math.sin(angle) * reach
            if walls.free(x, y):
                cost = math.hypot(x - body.x, y - body.y) + ring * 2
                if box is not None and box.front is not None:  # in front of its doors
                    cost += 12.0 * abs(math.remainder(angle - box.front, 2 * math.pi))
                found.append((cost, x, y))
        if found:
            break
    return [(x, y) for _, x, y in sorted(found)]


def _extent(box: Box, angle: float) -> float:
    """How far the box reaches from its centre along ``angle``."""
    hx, hy = (box.x1 - box.x0) / 2, (box.y1 - box.y0) / 2
    c, s = abs(math.cos(angle)), abs(math.sin(angle))
    return min(hx / c if c > 1e-6 else math.inf, hy / s if s > 1e-6 else math.inf)


def _turn_toward(body: Body, target: tuple[float, float, float],
                 pitch: bool = True) -> i.Look | None:
    wanted = body.facing_point(*target, EYE)
    yaw = (wanted.heading - body.heading + 180) % 360 - 180
    tilt = (wanted.pitch - body.pitch) if pitch else 0.0
    if abs(yaw) < 1.0 and abs(tilt) < 1.0:
        return None
    limit = TURN_PER_FRAME
    return i.Look(max(-limit, min(limit, yaw)), max(-limit, min(limit, tilt)))


def pilot_notes(pilot: Pilot) -> Sequence[str]:
    return tuple(pilot.skipped)
