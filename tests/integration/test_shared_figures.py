"""Trainees see each other: what one machine says of where its trainee stands and looks reaches
the other machines through a real host, moves that role's figure there, facing that way, and
goes into the log at 10 Hz."""

from __future__ import annotations

import time

import pytest

from engine.net.client import RemoteSession
from engine.net.link import Link
from engine.scenario.loader import load_scenario
from tests.net_support import (
    CUSTOMS,
    POLICE,
    SCENARIO,
    HostProcess,
    exchange,
    protocol_client,
    records,
    wait_for,
)


def test_another_trainees_figure_stands_and_looks_where_they_do(host: HostProcess) -> None:
    link = Link(host.address, {"k": "hello", "code": host.codes[CUSTOMS], "client": "amal",
                               "trainee": "Officer Amal"})
    link.start()
    customs = RemoteSession(load_scenario(SCENARIO), link)
    try:
        customs.wait_welcome(10)
        wait_for(lambda: (customs.pump(), customs.has_view)[1], 10, "the customs View")
        before = next(p for p in customs.view(CUSTOMS).props if p.role == POLICE)
        with protocol_client(host) as police:
            exchange(police, {"k": "hello", "code": host.codes[POLICE], "client": "ruiz",
                              "trainee": "PC Ruiz"}, "welcome")
            for step in range(15):  # walking east, looking east (+x), 20 times a second
                police.send(f'{{"k":"pose","p":[{3 + step * 0.1:.1f},4.0,1.7],'
                            f'"g":[1.0,0.0,0.0]}}')
                time.sleep(0.05)
            wait_for(lambda: (customs.pump(), customs.others.get(POLICE, {}).get("p", [0])[0]
                              >= 4.4)[1], 10, "the police pose to reach customs")
        figure = next(p for p in customs.view(CUSTOMS).props if p.role == POLICE)
        assert figure.position[:2] == pytest.approx((4.4, 4.0))
        assert figure.rotation[0] == pytest.approx(-90.0)  # heading: facing +x
        assert figure.position != before.position
        assert CUSTOMS not in customs.others  # one's own figure is one's own body
    finally:
        customs.close("left")
    host.stop()  # the clock never started: one sample, logged when the log closes
    (line,) = [r for r in records(host.log) if r["k"] == "poses"]
    assert line["role"] == POLICE and line["p"] == [[3.0, 4.0, 1.7]]
    assert line["g"] == [[1.0, 0.0, 0.0]]
