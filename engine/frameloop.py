"""The frame loop: input -> interaction controller -> core -> view -> presenter, each frame.

Every frame the input's intents go to the controller with what the pointer rested on; the
session applies the requests they make (and logs the notes); the controller takes in the
new view and the core's events; the presenter draws the screen; the input is shown what
was drawn. Live, scenario time follows the wall clock from the first frame on screen. Driven
by a walkthrough's pilot, the clock moves in fixed steps and waits at each step's time until
the pilot has done it, so the log is the one `taskforce play` writes.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from engine.core.program import program_for
from engine.core.state import Event, Request
from engine.core.view import View
from engine.input.base import Drawn
from engine.interact.controller import Controller, Pointed
from engine.session import Session

SETTLE_FRAMES = 4  # frames a screenshot waits for what an event set moving
SETTLE_DT = 0.3
POSE_EVERY_MS = 100
NOTABLE = frozenset({"inject_fired", "decision_opened", "decided", "decision_timed_out",
                     "ended", "hazard_threshold"})


class FrameLoop:
    def __init__(self, session: Session, presenter: Any, controller: Controller, source: Any,
                 *, screenshots: Path | None = None, every_s: float = 60.0) -> None:
        self.session, self.presenter, self.controller, self.source = (session, presenter,
                                                                     controller, source)
        self.program = program_for(session.loaded)
        self.role = controller.role
        self.folder = screenshots
        self.every_ms = round(every_s * 1000)
        self.next_periodic_ms = 0
        self.shots: list[Path] = []
        self.last_pose_ms = -POSE_EVERY_MS
        self.pointed = Pointed()
        self.view: View = session.view(self.role)
        controller.observe(self.view, session.events, 0.0)

    # -- one frame -----------------------------------------------------------------------------

    def frame(self, dt: float, advance_to: int | None, *, stop_at_notable: bool = False,
              others: Sequence[tuple[int, Request]] = (), listen: bool = True,
              ) -> tuple[list[Event], list[Request]]:
        """One frame; ``advance_to``: the scenario time to move the clock to (None holds it);
        ``listen``: take the input's intents (not while a screenshot waits to be taken).
        Returns the core's events and the requests made, for screenshots."""
        session, controller = self.session, self.controller
        handled = controller.handle(self.source.poll(dt) if listen else [], self.pointed)
        events: list[Event] = []
        if advance_to is not None and not controller.paused and not session.ended:
            events += self._advance(advance_to, stop_at_notable)
        requested: list[Request] = []
        for at, request in others:
            if not session.ended:
                events += session.submit(request, max(at, session.t_ms))
                requested.append(request)
        for request in handled.requests:
            events += session.submit(request, session.t_ms)
            requested.append(request)
        for note in handled.notes:
            session.note(session.t_ms, note)
        self.view = session.view(self.role)
        controller.observe(self.view, events, dt)
        screen = controller.screen()
        self.presenter.draw(self.view, screen, dt)
        walls = self.presenter.walls(self.view)  # where the props now stand
        controller.walls = walls
        self.presenter.render()
        self.pointed = self.presenter.pointed()
        self.source.feedback(Drawn(screen, self.view, self.pointed, session.t_ms,
                                   tuple(requested), walls))
        t = session.t_ms
        if t - self.last_pose_ms >= POSE_EVERY_MS and not session.ended:
            session.pose(t, *self.presenter.camera_pose())
            self.last_pose_ms = t
        return events, requested

    def _advance(self, target: int, stop_at_notable: bool) -> list[Event]:
        """Move the clock to ``target``; with ``stop_at_notable``, tick by tick, stopping at
        the first tick where something notable happens (its screenshot is taken then)."""
        session = self.session
        if not stop_at_notable:
            return session.advance(max(target, session.t_ms))
        events: list[Event] = []
        tick = self.program.tick_ms
        while session.t_ms < target and not session.ended:
            events += session.advance(min(target, (session.t_ms // tick + 1) * tick))
            if any(e.kind in NOTABLE for e in events):
                break
        return events

    # -- screenshots ---------------------------------------------------------------------------

    def shoot(self, labels: Sequence[str]) -> None:
        """One picture per label, all of this moment, named by the scenario time and label."""
        if self.folder is None:
            return
        t = self.session.t_ms // 1000
        for label in labels:
            name = f"{len(self.shots):03d}-{t // 60:02d}m{t % 60:02d}s-{label}.png"
            path = self.folder / name
            self.presenter.screenshot(path)
            self.shots.append(path)

    # -- driven by a walkthrough ---------------------------------------------------------------

    def run_plan(self, pilot: Any, stop_ms: int, step_ms: int) -> str:
        session = self.session
        self.frame(0.0, None)
        self.shoot(["start"])
        while not session.ended and session.t_ms < stop_ms:
            holds = [t for t in (pilot.hold_until(), pilot.next_other(), stop_ms)
                     if t is not None]
            target = max(session.t_ms, min(session.t_ms + step_ms, *holds))
            others = pilot.others_due(target) if not session.ended else []
            events, requested = self.frame(min(0.5, step_ms / 1000), target,
                                           stop_at_notable=self.folder is not None,
                                           others=others)
            labels = [_event_label(e) for e in events if e.kind in NOTABLE]
            labels += [_request_label(r) for r in requested]
            if labels:
                self._settle(labels)
            elif self.folder is not None and session.t_ms >= self.next_periodic_ms:
                self.shoot(["periodic"])
                self.next_periodic_ms = session.t_ms + self.every_ms
            if pilot.finished and not pilot.others and session.t_ms >= stop_ms:
                break
        if session.ended:
            self._settle(["end"])
        return "ended" if session.ended else "plan_finished"

    def _settle(self, labels: list[str]) -> None:
        """Hold the clock for a few frames, so what just happened shows, then take its
        pictures at that same scenario time."""
        if self.folder is None:
            return
        for _ in range(SETTLE_FRAMES):
            self.frame(SETTLE_DT, None, listen=False)
        self.shoot(labels)

    # -- live at a desktop or in a headset -----------------------------------------------------

    def run_live(self) -> str:
        stopped: list[str] = []

        def stop(_signal: int, _frame: object) -> None:
            stopped.append("terminated")
            self.controller.quit = True

        previous = signal.signal(signal.SIGTERM, stop)  # close the log cleanly when killed
        try:
            self.frame(0.0, None)  # the first frame is on screen before the clock starts
            last = time.perf_counter()
            while not self.controller.quit and not getattr(self.presenter, "exit", False):
                now = time.perf_counter()
                dt = min(1.0, now - last)  # the clock keeps up with a slow renderer, not a stall
                last = now
                holding = not getattr(self.presenter, "focused", True)
                advance = None if holding else self.session.t_ms + round(dt * 1000)
                self.frame(min(dt, 0.25), advance)
        finally:
            signal.signal(signal.SIGTERM, previous)
        return stopped[0] if stopped else "window_closed"


def _event_label(event: Event) -> str:
    data = event.data
    name = data.get("inject") or data.get("decision") or data.get("hazard") or "end"
    return f"{event.kind.split('_')[0]}-{name}"


def _request_label(request: Request) -> str:
    record = request.to_record()
    if "do" in record:
        return str(record["do"])
    return f"{record.get('choose')}-{record.get('option')}"
