"""The authoritative shared session: clients' messages in, one log, ordered lines out.

The host's transport (WebSocket, or NATS JetStream) hands every message to a ``Room`` and
sends what the room gives each ``Peer``. The room orders trainees' requests, steps the one
core through the ``Session``, appends to the one log and sends each client the log lines its
role may see, the role's View, and everyone's poses. It refuses anything a client may not do,
says why, and logs the refusal. It reads no clock: the host passes the time in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.core.program import Program, program_for
from engine.core.state import Request, request_from_record
from engine.core.state import Seat as SeatRequest
from engine.net.protocol import Refusal, encode
from engine.net.seats import OBSERVER, Keys, Seat, same
from engine.net.visibility import EVERYONE, visible
from engine.net.wireview import state_digest, to_wire
from engine.record.format import NOTE, POSES, SIGNED_PREFIX, pose_fields
from engine.record.lines import DECODER
from engine.session import Session

QUIET = frozenset({POSES, NOTE})  # lines that change no one's View
POSE_LOG_MS = 100  # poses go to the log at 10 Hz per role, ten samples a line
VIEW_EVERY_S = 0.2  # a View that changed only with time is sent at most this often
STATION_EVERY_S = 1.0  # the instructor's map and checklist status, at most this often


@dataclass(eq=False, repr=False)
class Peer:
    """One connection: a trainee's client, an observer, or the instructor station."""

    send: Callable[[str], None]
    kind: str = "new"  # new, trainee, observer, instructor
    role: str | None = None  # the role it plays or watches; EVERYONE for the instructor
    client: str | None = None
    sent_view: str = ""
    sent_view_at: float = -1.0


@dataclass(repr=False)
class Room:
    session: Session
    keys: Keys
    ttl_s: float = 60.0
    speed: float = 1.0
    started: bool = False
    auto_start: bool = True  # start once every expected player has joined
    holds: set[str] = field(default_factory=set)  # who paused the clock
    peers: list[Peer] = field(default_factory=list)
    applied: dict[tuple[str, int], int] = field(default_factory=dict)  # (client, cseq) -> i
    waiting_for: set[str] = field(default_factory=set)  # roles to rejoin after a restart
    ended_at: float | None = None
    checklist: Any = None  # the checklist beside the scenario, once the station asks
    _target: float = 0.0
    _now: float = 0.0

    def __post_init__(self) -> None:
        self.program: Program = program_for(self.session.loaded)
        self.seats = {role: Seat(role) for role in sorted(self.program.playable)}
        self._target = float(self.session.t_ms)
        self._tap = _Tap(self.session)
        self.header = self._tap.header
        self._station_at = self._status_at = -1.0
        self._status_due = True

    # -- joining -----------------------------------------------------------------------------

    def hello(self, peer: Peer, message: Mapping[str, Any], now: float) -> None:
        """A client's first message: its code (or the instructor's token)."""
        self._now = now
        if self.session.log.closed:
            raise self.refuse(peer, Refusal("NET010", "this session has ended; ask the "
                                             "instructor for the codes of a new one"))
        if "token" in message:
            if not same(str(message["token"]), self.keys.instructor):
                raise self.refuse(peer, Refusal("NET009", "that is not this session's "
                                                 "instructor token"))
            peer.kind, peer.role = "instructor", EVERYONE
        else:
            self._join(peer, message)
        self.peers.append(peer)
        self._welcome(peer, int(message.get("last", 0)))
        self.flush()

    def _join(self, peer: Peer, message: Mapping[str, Any]) -> None:
        code = str(message["code"])
        granted = next((role for known, role in self.keys.codes.items() if same(code, known)),
                       None)
        if granted is None:
            raise self.refuse(peer, Refusal("NET005", "that join code is not one of this "
                                             "session's; check it with the instructor"))
        asked = message.get("role")
        client = str(message["client"])
        if granted == OBSERVER:
            watched = asked or sorted(self.program.playable)[0]
            if watched not in self.seats:
                raise self.refuse(peer, Refusal("NET007", f"there is no playable role "
                                                 f"'{watched}' to watch"))
            peer.kind, peer.role, peer.client = "observer", str(watched), client
            self.session.note(self.session.t_ms, {"note": "observing", "role": watched,
                                                  "client": client})
            return
        if asked is not None and asked != granted:
            raise self.refuse(peer, Refusal("NET007", f"that code is for the role {granted}, "
                                             f"not {asked}"))
        seat = self.seats[granted]
        if seat.peer is not None and seat.client != client:
            raise self.refuse(peer, Refusal("NET006", f"someone is already playing {granted}; "
                                             "each role has one player"))
        if seat.peer is not None and seat.peer is not peer:
            self._forget(seat.peer)
        peer.kind, peer.role, peer.client = "trainee", granted, client
        returning = seat.client is not None
        seat.peer, seat.client, seat.dropped_at = peer, client, None
        seat.trainee = str(message.get("trainee") or seat.trainee or granted)
        seat.scripted = bool(message.get("scripted", False))
        # a scripted client's next step holds the clock; until it says which, the clock waits
        until = message.get("until")
        seat.hold = (None if not seat.scripted or message.get("finished") else
                     int(until) if until is not None else self.session.t_ms)
        self.waiting_for.discard(granted)
        t = self.session.t_ms
        self.session.note(t, {"note": "joined", "role": granted, "trainee": seat.trainee,
                              "client": client, **({"again": True} if returning else {})})
        if self.started and granted not in self.session.state.people:
            self._submit(SeatRequest(granted, "person"), None)

    def _welcome(self, peer: Peer, last: int) -> None:
        state = self.session.state
        header = self._tap.header
        peer.send(encode({
            "k": "welcome", "kind": peer.kind, "role": peer.role, "client": peer.client,
            "session": header.get("session"), "scenario": header.get("scenario"),
            "scenario_hash": header.get("scenario_hash"),
            "scenario_path": header.get("scenario_path"), "t": state.t_ms,
            "state_hash": state_digest(state), "people": sorted(state.people),
            "running": self.running, "started": self.started,
            "done": self._done_by(peer), "cseq": self._last_cseq(peer.client),
        }))
        if peer.kind == "instructor":  # names and the MSEL first, so the log reads well
            from engine.net.station import station

            peer.send(encode(station(self)))
            self._station_at = self._status_at = -1.0
            self._status_due = True
        for record in self._tap.records:
            if record["i"] > last and self._visible(record, peer):
                peer.send(encode(record))
        peer.sent_view = ""
        self._send_view(peer, force=True)

    def _done_by(self, peer: Peer) -> list[dict[str, Any]]:
        """The requests already in the log for the peer's role, in order: a scripted client
        that came back skips the steps it has done."""
        if peer.kind != "trainee":
            return []
        keep = ("do", "choose", "option", "ask", "via", "rationale", "role")
        return [{k: r[k] for k in keep if k in r} for r in self._tap.records
                if r["k"] == "request" and r.get("role") == peer.role and "seat" not in r]

    def _last_cseq(self, client: str | None) -> int:
        return max((cseq for c, cseq in self.applied if c == client), default=0)

    # -- leaving -----------------------------------------------------------------------------

    def drop(self, peer: Peer, now: float) -> None:
        """The connection is gone; a trainee keeps the seat for the time to live."""
        self._now = now
        self._forget(peer)
        seat = self.seats.get(peer.role or "")
        if peer.kind == "trainee" and seat is not None and seat.peer is peer:
            seat.peer, seat.dropped_at = None, now
            if not self.session.log.closed:
                self.session.note(self.session.t_ms, {"note": "dropped", "role": seat.role,
                                                      "client": peer.client})
            self.flush()

    def forget(self, peer: Peer) -> None:
        """A connection replaced by a newer one from the same machine: no note, no drop."""
        self._forget(peer)

    @property
    def lines(self) -> list[dict[str, Any]]:
        """Every line of the log after the header, as the file holds it."""
        return self._tap.records

    def _forget(self, peer: Peer) -> None:
        if peer in self.peers:
            self.peers.remove(peer)

    def _expire(self) -> None:
        for seat in self.seats.values():
            if seat.dropped_at is not None and self._now - seat.dropped_at >= self.ttl_s:
                role = seat.role
                seat.free()
                self.session.note(self.session.t_ms, {"note": "left", "role": role})
                self.waiting_for.discard(role)
                if self.started and role in self.session.state.people:
                    self._submit(SeatRequest(role, "engine"), None)

    # -- messages ------------------------------------------------------------------------------

    def receive(self, peer: Peer, message: Mapping[str, Any], now: float) -> None:
        self._now = now
        kind = message["k"]
        if peer.kind == "instructor":
            self._instruct(peer, kind, message)
        elif kind == "ack" or kind == "bye":
            pass
        elif kind == "pose":
            self._pose(peer, message)
        elif peer.kind != "trainee":
            raise self.refuse(peer, Refusal("NET008", "an observer watches; it cannot act"))
        elif message.get("role", peer.role) != peer.role:
            raise self.refuse(peer, Refusal(
                "NET008", f"your code lets you act as {peer.role}, not {message.get('role')}"),
                cseq=message.get("cseq"), role=message.get("role"))
        elif kind == "hold":
            self.seats[str(peer.role)].hold = message.get("until")
        elif kind in ("request", "note", "say"):
            self._act(peer, kind, message)
        self.flush()

    def _act(self, peer: Peer, kind: str, message: Mapping[str, Any]) -> None:
        client, cseq = str(peer.client), int(message["cseq"])
        done = self.applied.get((client, cseq))
        if done is not None:  # sent again after a reconnect: applied once
            peer.send(encode({"k": "ack", "cseq": cseq, "i": done}))
            return
        fields = {k: v for k, v in message.items() if k not in ("k", "cseq")}
        origin = {"client": client, "cseq": cseq}
        if kind == "request":
            if not self.started:
                raise self.refuse(peer, Refusal("NET014", "the exercise has not started yet"),
                                  cseq=cseq)
            index = self._submit(request_from_record(fields), origin)
        elif kind == "say":
            if fields["to"] not in {r.id for r in self.program.scenario.roles}:
                raise self.refuse(peer, Refusal("NET015", f"there is no role '{fields['to']}'"),
                                  cseq=cseq)
            index = self._note({"note": "message", **fields, **origin})
        else:
            index = self._note({**fields, **origin})
            if fields["note"] in ("paused", "resumed"):
                (self.holds.add if fields["note"] == "paused" else self.holds.discard)(
                    str(peer.role))
        self.applied[(client, cseq)] = index
        peer.send(encode({"k": "ack", "cseq": cseq, "i": index}))

    def _submit(self, request: Request, origin: dict[str, Any] | None) -> int:
        self.session.submit(request, self.session.t_ms, origin)
        return self.session.log.last_index

    def _note(self, fields: dict[str, Any]) -> int:
        self.session.note(self.session.t_ms, fields)
        self.session.log.sync()
        return self.session.log.last_index

    def _pose(self, peer: Peer, message: Mapping[str, Any]) -> None:
        seat = self.seats.get(peer.role or "")
        if peer.kind != "trainee" or seat is None:
            return
        pose = {k: message[k] for k in ("p", "g", "l", "r") if k in message}
        seat.pose, seat.pose_changed = pose, True
        t = self.session.t_ms
        if not seat.samples or t - seat.samples[-1][0] >= POSE_LOG_MS:
            seat.samples.append((t, pose["p"], pose["g"]))
        if len(seat.samples) >= 10:
            self._log_poses(seat)

    def _log_poses(self, seat: Seat) -> None:
        if not seat.samples or self.session.log.closed:
            return
        self.session.log.append(POSES, seat.samples[0][0],
                                {"role": seat.role, **pose_fields(seat.samples)})
        seat.samples = []

    # -- the instructor ----------------------------------------------------------------------

    def _instruct(self, peer: Peer, kind: str, message: Mapping[str, Any]) -> None:
        from engine.net.instructing import instruct

        instruct(self, peer, kind, message)

    def start(self) -> None:
        """The exercise starts: a role nobody has joined is played by the engine."""
        if self.started:
            return
        self.started = True
        self.session.note(self.session.t_ms, {"note": "started", "by": "instructor"})
        for role, seat in self.seats.items():
            if not seat.held and role in self.session.state.people:
                self._submit(SeatRequest(role, "engine"), None)

    # -- time ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return (self.started and not self.holds and not self.waiting_for
                and not self.session.ended and not self.session.log.closed)

    def hold_at(self) -> int | None:
        """The earliest step a scripted client is waiting to play: the clock stops there."""
        holds = [s.hold for s in self.seats.values() if s.held and s.scripted
                 and s.hold is not None]
        return min(holds) if holds else None

    def tick(self, now: float, dt: float) -> None:
        """Let ``dt`` seconds of the host's time pass."""
        self._now = now
        if self.session.log.closed:
            return
        self._expire()
        if not self.started and self.auto_start and all(s.peer is not None
                                                     for s in self.seats.values()
                                                     if s.role in self.session.state.people):
            self.start()
        if self.running:
            self._target += dt * 1000 * self.speed
            cap = self.hold_at()
            if cap is not None:
                self._target = min(self._target, float(max(cap, self.session.t_ms)))
            target = int(self._target)
            if target > self.session.t_ms:
                self.session.advance(target)
        else:
            self._target = float(self.session.t_ms)
        if self.session.ended and self.ended_at is None:
            self.ended_at = now
        self.flush()

    # -- what goes out ---------------------------------------------------------------------

    def flush(self) -> None:
        """Send every new log line to the peers that may see it, then changed Views."""
        fresh = self._tap.take()
        if fresh:
            state = self.session.state
            texts = [encode(record) for record in fresh]
            for peer in self.peers:
                for record, text in zip(fresh, texts, strict=True):
                    if self._visible(record, peer, state):
                        peer.send(text)
        changed = any(r["k"] not in QUIET for r in fresh)  # the state may have moved
        for peer in self.peers:
            self._send_view(peer, force=changed)
        self._status_due = self._status_due or any(r["k"] != POSES for r in fresh)
        self._to_station()

    def _to_station(self) -> None:
        """The instructor's map each second, and the checklist's status once lines came."""
        stations = [p for p in self.peers if p.kind == "instructor"]
        if not stations:
            return
        from engine.net.station import map_message, status_message

        if self._now - self._station_at >= STATION_EVERY_S:
            self._station_at = self._now
            text = encode(map_message(self))
            for peer in stations:
                peer.send(text)
        if self._status_due and self._now - self._status_at >= STATION_EVERY_S:
            self._status_at, self._status_due = self._now, False
            status = status_message(self, self._tap.records)
            if status is not None:
                text = encode(status)
                for peer in stations:
                    peer.send(text)

    def _visible(self, record: Mapping[str, Any], peer: Peer, state: Any = None) -> bool:
        if peer.role is None:
            return False
        return visible(self.program, state or self.session.state, record, peer.role)

    def _send_view(self, peer: Peer, force: bool) -> None:
        if peer.role is None or peer.role == EVERYONE:
            return
        if not force and self._now - peer.sent_view_at < VIEW_EVERY_S:
            return
        shown = to_wire(self.session.view(peer.role))
        t = shown.pop("t_ms")
        text = encode(shown)
        peer.sent_view_at = self._now  # looked at: not again until the next change or a while
        if text != peer.sent_view:
            running = "true" if self.running else "false"
            peer.send(f'{{"k":"view","t":{t},"running":{running},"view":{text}}}')
            peer.sent_view = text

    def clock_message(self) -> str:
        return encode({"k": "clock", "t": self.session.t_ms, "running": self.running,
                       "holds": sorted(self.holds), "waiting": sorted(self.waiting_for),
                       "started": self.started})

    def poses_message(self) -> str | None:
        """Everyone's latest pose, if any changed since the last time."""
        if not any(s.pose_changed for s in self.seats.values()):
            return None
        for seat in self.seats.values():
            seat.pose_changed = False
        who = {s.role: s.pose for s in self.seats.values() if s.pose is not None and s.held}
        return encode({"k": "poses", "t": self.session.t_ms, "who": who})

    def refuse(self, peer: Peer, refusal: Refusal, **extra: Any) -> Refusal:
        """Log the refusal (nothing else is written), tell the peer; the caller raises it."""
        if not self.session.log.closed:
            who = ({"role": peer.role} if peer.role in self.seats else
                   {"by": "instructor"} if peer.kind == "instructor" else {})
            fields = {"note": "refused", "code": refusal.code, "reason": refusal.reason, **who,
                      **({"client": peer.client} if peer.client else {})}
            fields.update({k: v for k, v in extra.items() if v is not None and k != "role"})
            self.session.note(self.session.t_ms, fields)
            self.session.log.sync()
        peer.send(encode(refusal.message(**{k: v for k, v in extra.items() if v is not None})))
        return refusal

    def close(self, reason: str) -> None:
        for seat in self.seats.values():
            self._log_poses(seat)
        if not self.session.log.closed:
            self.session.close(reason)
        self.flush()


class _Tap:
    """Every line the session appends, as the log holds it, for the room to send on."""

    def __init__(self, session: Session) -> None:
        lines = session.log.path.read_bytes().splitlines()  # written or verified just now
        self.header: dict[str, Any] = DECODER.decode(lines[0].decode("utf-8"))
        self.records: list[dict[str, Any]] = [
            DECODER.decode(line.decode("utf-8")) for line in lines[1:]
            if not line.startswith(SIGNED_PREFIX)]  # signatures stand outside the chain
        self._sent = len(self.records)
        log = session.log
        append = log.append

        def tapped(kind: str, t_ms: int, fields: Mapping[str, Any] | None = None, *,
                   durable: bool = False, seal: bool = False) -> int:
            index = append(kind, t_ms, fields, durable=durable, seal=seal)
            self.records.append({"i": index, "t": t_ms, "k": kind, **(fields or {}),
                                 "h": log.last_hash})
            return index

        log.append = tapped  # type: ignore[method-assign]

    def take(self) -> list[dict[str, Any]]:
        fresh = self.records[self._sent:]
        self._sent = len(self.records)
        return fresh

