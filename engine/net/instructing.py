"""What the instructor station may do: start, pause and resume the clock for everyone, fire
any inject now, write a note into the log, and end the exercise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from engine.core.state import Fire
from engine.net.protocol import Refusal, encode

if TYPE_CHECKING:
    from engine.net.room import Peer, Room

INSTRUCTOR = "instructor"


def instruct(room: Room, peer: Peer, kind: str, message: Mapping[str, Any]) -> None:
    session = room.session
    t = session.t_ms
    if kind == "start":
        room.start()
    elif kind == "pause":
        room.holds.add(INSTRUCTOR)
        session.note(t, {"note": "paused", "by": INSTRUCTOR})
    elif kind == "resume":
        if not room.started:
            room.start()
        room.holds.clear()  # the instructor's resume lifts every trainee's pause too
        session.note(t, {"note": "resumed", "by": INSTRUCTOR})
    elif kind == "remark":
        text = str(message["text"]).strip()
        if not text:
            raise room.refuse(peer, Refusal("NET004", "a note needs some text"))
        session.note(t, {"note": "instructor", "text": text})
    elif kind == "fire":
        inject = str(message["inject"])
        if inject not in room.program.inject_index:
            raise room.refuse(peer, Refusal("NET016", f"there is no inject '{inject}'"))
        if inject in session.state.fired:
            raise room.refuse(peer, Refusal("NET016", f"the inject '{inject}' has fired"))
        if not room.started:
            room.start()
        session.submit(Fire(inject), t)
    elif kind == "end":
        room.close("ended_by_instructor")
    session.log.sync() if not session.log.closed else None
    peer.send(encode({"k": "done", "what": kind}))

