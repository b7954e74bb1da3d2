"""A radio message from one trainee to another through a real host: typed in the customs
officer's interaction controller (the one the desktop and headset drive), sent by that
machine, logged once by the host and delivered to the police officer's machine."""

from __future__ import annotations

import json
import time
from typing import Any

from engine.core.program import program_for
from engine.interact import intents as i
from engine.interact.controller import Controller, Pointed
from engine.net.client import RemoteSession
from engine.net.link import Link
from engine.scenario.loader import load_scenario
from tests.net_support import (
    CUSTOMS,
    POLICE,
    SCENARIO,
    HostProcess,
    exchange,
    logged,
    protocol_client,
    wait_for,
)


def _said(ws: Any, timeout: float) -> dict[str, Any] | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reply = json.loads(ws.recv(timeout=0.2))
        except TimeoutError:
            continue
        if reply.get("k") == "note" and reply.get("note") == "message":
            return reply  # type: ignore[no-any-return]
    return None


def test_a_message_typed_on_one_machine_reaches_the_other(host: HostProcess) -> None:
    loaded = load_scenario(SCENARIO)
    link = Link(host.address, {"k": "hello", "code": host.codes[CUSTOMS], "client": "amal",
                               "trainee": "Officer Amal"})
    link.start()
    customs = RemoteSession(loaded, link)
    try:
        customs.wait_welcome(10)
        wait_for(lambda: (customs.pump(), customs.has_view)[1], 10, "the customs View")
        controller = Controller(program_for(loaded), CUSTOMS)
        with protocol_client(host) as police:
            exchange(police, {"k": "hello", "code": host.codes[POLICE], "client": "ruiz",
                              "trainee": "PC Ruiz"}, "welcome")
            police.send('{"k":"pose","p":[3.0,4.0,1.7],"g":[1.0,0.0,0.0]}')
            wait_for(lambda: (customs.pump(), POLICE in customs.others)[1], 10,
                     "the police officer to be seen")
            controller.people = frozenset(customs.others)
            controller.observe(customs.view(CUSTOMS), [], 0.0)
            controller.handle([i.Radio()], Pointed())
            controller.observe(customs.view(CUSTOMS), [], 0.1)
            panel = controller.screen().panel
            assert panel is not None
            row = next(r for r in panel.rows if r.key == f"say:{POLICE}")
            handled = controller.handle([i.Pick(row.number), i.Type("Cordon the lane"),
                                         i.Submit()], Pointed())
            assert handled.requests == []
            for note in handled.notes:
                customs.note(customs.t_ms, note)
            said = _said(police, 10)
        assert said is not None, "the police machine never got the message"
        assert (said["role"], said["to"], said["text"]) == (CUSTOMS, POLICE, "Cordon the lane")
    finally:
        customs.close("left")
    host.stop()
    (line,) = logged(host.log, k="note", note="message")
    assert (line["role"], line["to"], line["via"]) == (CUSTOMS, POLICE, "radio")
