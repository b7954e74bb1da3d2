"""A trainee's machine in a shared session: what stands in for the ``Session`` there.

The frame loop drives a ``RemoteSession`` as it drives a local one: requests and notes go to
the host (numbered, resent until acknowledged), and what comes back is what the loop draws
from: the role's View as the host computed it, the log lines the role may see (their events
become cards), the host's clock, and where the other trainees stand and look, which moves
their figures. The remote session holds no core state, so it knows nothing its role may not.
"""

from __future__ import annotations

import math
import queue
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.core.program import Program, program_for
from engine.core.state import Event, Request
from engine.core.view import PropView, View
from engine.net.link import Link
from engine.net.wireview import view_from_wire
from engine.record.format import NOT_EVENTS, encode_plain
from engine.scenario.loader import LoadedScenario

RECENT_MS = 60_000  # a client that comes (back) is shown the last minute's messages


class Refused(Exception):
    def __init__(self, message: Mapping[str, Any]) -> None:
        super().__init__(str(message.get("reason")))
        self.code = str(message.get("code", "NET000"))
        self.reason = str(message.get("reason", ""))


class RemoteSession:
    def __init__(self, loaded: LoadedScenario, link: Link, *, journal: Path | None = None,
                 ) -> None:
        self.loaded, self.link = loaded, link
        self.program: Program = program_for(loaded)
        self.role = ""
        self.kind = ""
        self.welcome: dict[str, Any] = {}
        self._view: View | None = None
        self._view_t = 0
        self.t_host = 0
        self.running = False
        self.closed: str | None = None
        self.others: dict[str, dict[str, Any]] = {}  # role -> its latest pose
        self.events: list[Event] = []  # shown as cards as they come, not all at the start
        self.joined_at: int | None = None
        self._pending: list[Event] = []
        self.messages: list[dict[str, Any]] = []  # trainees' messages to this role
        self.refusals: list[dict[str, Any]] = []
        self.cseq = 0
        self.seen: set[int] = set()
        self.journal = journal.open("a", encoding="utf-8") if journal else None

    # -- arriving ------------------------------------------------------------------------------

    def wait_welcome(self, timeout: float) -> dict[str, Any]:
        """Block until the host has said welcome (or refused: ``Refused``)."""
        try:
            first = self.link.inbox.get(timeout=timeout)
        except queue.Empty:
            raise Refused({"code": "NET011", "reason": self.link.failed or
                           f"no answer from {self.link.url} within {timeout:.0f} s"}) from None
        if first.get("k") == "refused":
            raise Refused(first)
        self.take(first)
        return first

    def pump(self) -> None:
        """Take in everything the host sent since the last frame."""
        while True:
            try:
                message = self.link.inbox.get_nowait()
            except queue.Empty:
                return
            self.take(message)

    def take(self, message: dict[str, Any]) -> None:  # noqa: C901 - one case per kind
        kind = message.get("k")
        if "h" in message:  # a log line (only log lines carry their hash)
            self._entry(message)
        elif kind == "welcome":
            self.welcome = message
            self.role, self.kind = str(message["role"]), str(message["kind"])
            self.cseq = max(self.cseq, int(message.get("cseq", 0)))
            self.t_host, self.running = int(message["t"]), bool(message["running"])
            if self.joined_at is None:
                self.joined_at = self.t_host
        elif kind == "view":
            data = message["view"]
            self._view = view_from_wire({**data, "t_ms": int(message["t"])})
            self.t_host = max(self.t_host, int(message["t"]))
            self.running = bool(message["running"])
        elif kind == "clock":
            self.t_host = max(self.t_host, int(message["t"]))
            self.running = bool(message["running"])
        elif kind == "poses":
            self.others = {r: p for r, p in dict(message["who"]).items() if r != self.role}
        elif kind == "ack":
            self.link.acked(int(message["cseq"]))
        elif kind == "refused":
            self.refusals.append(message)
            if "cseq" in message:
                self.link.acked(int(message["cseq"]))

    def _entry(self, record: dict[str, Any]) -> None:
        index = int(record["i"])
        if index in self.seen:
            return  # sent again after a reconnect
        self.seen.add(index)
        if self.journal is not None:
            self.journal.write(_line(record))
            self.journal.flush()
        kind = str(record["k"])
        if kind == "closed":
            self.closed = str(record.get("reason", "closed"))
        elif kind == "note" and record.get("note") == "message":
            self.messages.append(record)
        elif kind not in NOT_EVENTS:
            data = {k: v for k, v in record.items() if k not in ("i", "t", "k", "h")}
            event = Event(int(record["t"]), kind, data)
            if event.t_ms >= (self.joined_at or 0) - RECENT_MS:
                self._pending.append(event)  # older ones are in the journal, not on cards
            self.t_host = max(self.t_host, int(record["t"]))

    # -- what the frame loop calls -------------------------------------------------------------

    @property
    def has_view(self) -> bool:
        return self._view is not None

    @property
    def t_ms(self) -> int:
        return self.t_host

    @property
    def ended(self) -> bool:
        return self.closed is not None or (self._view is not None and self._view.ended)

    def advance(self, t_ms: int) -> list[Event]:
        """The host keeps the clock: the events that came since the last frame."""
        events, self._pending = self._pending, []
        return events

    def submit(self, request: Request, t_ms: int,
               origin: Mapping[str, Any] | None = None) -> list[Event]:
        self._send("request", request.to_record())
        return []

    def note(self, t_ms: int, fields: Mapping[str, Any]) -> None:
        if fields.get("note") == "message":  # to another trainee: the host passes it on
            self.say(str(fields["to"]), str(fields["via"]), str(fields["text"]))
            return
        self._send("note", fields)

    def say(self, to: str, via: str, text: str) -> None:
        self._send("say", {"role": self.role, "to": to, "via": via, "text": text})

    def _send(self, kind: str, fields: Mapping[str, Any]) -> None:
        self.cseq += 1
        self.link.send({"k": kind, "cseq": self.cseq, **fields})

    def hold(self, until: int | None) -> None:
        """A scripted client's next step (None: it has none left); said again on reconnect."""
        self.link.hello.pop("until", None)
        self.link.hello.pop("finished", None)
        self.link.hello.update({"finished": True} if until is None else {"until": until})
        self.link.send({"k": "hold", **({} if until is None else {"until": until})})

    def pose(self, t_ms: int, position: Sequence[float], gaze: Sequence[float]) -> None:
        self.link.pose({"p": [round(float(v), 3) for v in position],
                        "g": [round(float(v), 3) for v in gaze]})

    def view(self, role: str) -> View:
        """The role's View as the host last sent it, with the other trainees' figures where
        those trainees stand, facing where they look."""
        shown = self._view
        assert shown is not None, "no View yet: wait for the welcome"
        if not self.others:
            return shown
        props = tuple(self._placed(p) for p in shown.props)
        return replace(shown, props=props)

    def _placed(self, prop: PropView) -> PropView:
        pose = self.others.get(prop.role or "")
        if pose is None:
            return prop
        (x, y, _), (gx, gy, _) = pose["p"], pose["g"]
        heading = math.degrees(math.atan2(-gx, gy)) if math.hypot(gx, gy) > 1e-6 else 0.0
        return replace(prop, position=(float(x), float(y), 0.0),
                       rotation=(heading, 0.0, 0.0), move=None)

    def unacknowledged(self) -> int:
        return len(self.link.unacked)

    def close(self, reason: str) -> None:
        self.link.send({"k": "bye"})
        self.link.close()
        if self.journal is not None:
            self.journal.close()


def _line(record: Mapping[str, Any]) -> str:
    return encode_plain(record).decode("utf-8")
