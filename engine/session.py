"""A live session: the pure core driven by requests, with every request and event logged.

Whatever drives it (a walkthrough, the desktop, a headset) calls ``advance`` as scenario time
passes and ``submit`` for each trainee request. ``submit`` returns only after the request and
its consequences are on disk, so an acknowledged decision survives a crash.
"""

from __future__ import annotations

import datetime as _dt
import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import __version__
from engine.core.program import program_for
from engine.core.runtime import start, step
from engine.core.state import Event, Request, State
from engine.core.view import View, view
from engine.record.format import CLOSED, pose_fields
from engine.record.log import SessionLog
from engine.record.station import Signer, station_signer
from engine.record.store import keep_versions
from engine.scenario.files import display
from engine.scenario.loader import LoadedScenario

POSES_PER_LINE = 10


def default_log_path(scenario_id: str, session_id: str) -> Path:
    return Path("runs") / scenario_id / f"{session_id}.jsonl"


@dataclass
class Session:
    loaded: LoadedScenario
    role: str
    log: SessionLog
    state: State
    events: list[Event] = field(default_factory=list)
    _poses: list[tuple[int, list[float], list[float]]] = field(default_factory=list)

    @classmethod
    def begin(
        cls,
        loaded: LoadedScenario,
        *,
        role: str,
        seed: int,
        trainee: str,
        log_path: Path | None = None,
        extra: dict[str, Any] | None = None,
        people: Iterable[str] | None = None,
        signer: Signer | None = None,
    ) -> Session:
        """Start a logged session, signed by ``signer`` (this station's by default). ``people``
        are the roles people play (every playable role when not given); the engine plays every
        other role."""
        session_id = str(uuid.uuid4())
        path = log_path or default_log_path(loaded.scenario.id, session_id)
        program = program_for(loaded)
        played = sorted(program.playable if people is None else {role, *people})
        header = {
            "scenario": loaded.scenario.id,
            "scenario_version": loaded.scenario.version,
            "scenario_hash": loaded.content_hash,
            "scenario_path": display(loaded.path),
            **keep_versions(loaded.path, loaded.content_hash),
            "trainee": trainee,
            "role": role,
            "people": played,
            "seed": seed,
            "engine": __version__,
            **(extra or {}),
            "started": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "session": session_id,
        }
        log = SessionLog.create(path, header, signer=signer or station_signer())
        state, events = start(program, seed, played)
        session = cls(loaded, role, log, state)
        session._record(events, durable=True)
        return session

    @classmethod
    def resume(cls, loaded: LoadedScenario, path: Path, *, role: str,
               signer: Signer | None = None) -> Session:
        """Go on with a session whose host stopped (a crash, a power cut): the log is reopened
        (a torn last line set aside), signed again by ``signer`` (this station's by default)
        and the state rebuilt by replaying its requests."""
        from engine.record.log import read_log
        from engine.record.replay import rerun

        log = SessionLog.resume(path, signer=signer or station_signer())
        try:
            contents = read_log(path)
            people = contents.header.get("people")
            state, _ = rerun(program_for(loaded), int(contents.header["seed"]), contents.records,
                             people if isinstance(people, list) else None)
        except BaseException:
            log.close()
            raise
        return cls(loaded, role, log, state)

    def view(self, role: str) -> View:
        """What ``role`` sees now."""
        return view(program_for(self.loaded), self.state, role)

    @property
    def t_ms(self) -> int:
        return self.state.t_ms

    @property
    def ended(self) -> bool:
        return self.state.ended is not None

    def _record(self, events: Sequence[Event], *, durable: bool) -> None:
        if events:
            self._flush_poses()
        for n, event in enumerate(events):
            fields = dict(event.data)
            last = n == len(events) - 1
            self.log.append(event.kind, event.t_ms, fields, durable=durable and last)
        self.events.extend(events)

    def advance(self, t_ms: int) -> list[Event]:
        """Let scenario time pass; injects and hazards that fall due are logged."""
        self.state, events = step(program_for(self.loaded), self.state, None, t_ms)
        self._record(events, durable=bool(events))
        return events

    def submit(self, request: Request, t_ms: int,
               origin: Mapping[str, Any] | None = None) -> list[Event]:
        """Apply a trainee's request at ``t_ms``; returns once it is durably logged.
        ``origin`` is logged with the request (in a shared session: which client sent it)."""
        events = self.advance(t_ms)
        self._flush_poses()
        self.log.append("request", t_ms, {**request.to_record(), **(origin or {})})
        self.state, outcome = step(program_for(self.loaded), self.state, request, t_ms)
        if outcome:
            self._record(outcome, durable=True)
        else:
            self.log.sync()
        return events + outcome

    def note(self, t_ms: int, fields: dict[str, Any]) -> None:
        """Something the trainee did that does not change the scenario (read a document,
        opened the briefing, paused): logged for the debrief, skipped by replay."""
        self._flush_poses()
        self.log.append("note", t_ms, fields)

    def pose(self, t_ms: int, position: Sequence[float], gaze: Sequence[float]) -> None:
        """A head position and gaze sample. Samples are written ten to a line (about a second
        at 10 Hz), never fsynced on their own: a crash loses at most the unwritten second.
        A sample that is not three finite numbers each (a tracking glitch) is left out."""
        sample = [*position, *gaze]
        if len(sample) != 6 or not all(
            isinstance(v, int | float) and math.isfinite(v) for v in sample
        ):
            return
        self._poses.append((t_ms, list(position), list(gaze)))
        if len(self._poses) >= POSES_PER_LINE:
            self._flush_poses()

    def _flush_poses(self) -> None:
        if not self._poses:
            return
        fields = pose_fields(self._poses)
        first = self._poses[0][0]
        self._poses.clear()
        self.log.append("poses", first, fields)

    def close(self, reason: str) -> None:
        """Write the closing line and its signature; a ledger that could not take the last
        head is reported (``TaskforceError``) once the log itself is complete."""
        self._flush_poses()
        self.log.append(CLOSED, self.state.t_ms, {"reason": reason}, durable=True, seal=True)
        self.log.close()
        if self.log.ledger_problem is not None:
            raise self.log.ledger_problem
