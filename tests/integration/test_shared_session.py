"""A shared session with real processes on loopback: a host and two trainees' machines, each
driven through the interface by the container search's two-role reference walkthrough, play
to the events one machine's `play` gives; the police machine killed with -9 comes back and
loses nothing; an observer joining after 3:00 gets the host's state."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.core.program import program_for
from engine.core.runtime import start, step
from engine.core.state import request_from_record
from engine.net.wireview import state_digest
from engine.scenario.loader import load_scenario
from tests.net_support import (
    CUSTOMS,
    POLICE,
    REFERENCE,
    ROOT,
    SCENARIO,
    HostProcess,
    decided,
    join,
    logged,
    records,
    wait_for,
)


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("team")
    log = folder / "session.jsonl"
    host = HostProcess(log, "--speed", "20", "--seed", "1").start()
    customs = join(host, CUSTOMS, folder)
    police = join(host, POLICE, folder)
    try:
        wait_for(lambda: logged(log, k="request", do="police_don_ppe"), 90, "police's first step")
        police.kill()  # -9: the machine is gone, mid-session
        police.wait(10)
        killed_at = max(r["t"] for r in records(log)[1:])
        again = join(host, POLICE, folder, name="police-again")
        wait_for(lambda: any(r["t"] >= 180_000 for r in records(log)[1:]), 90, "3:00")
        observer = join(host, "observer", folder, "--role", CUSTOMS, name="observer")
        for process in (customs, again, observer):
            process.wait(120)
        host.wait(60)
        yield {"folder": folder, "log": log, "host": host, "killed_at": killed_at}
    finally:
        for process in (customs, police):
            if process.poll() is None:
                process.kill()
        host.stop()


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    log = tmp_path_factory.mktemp("play") / "play.jsonl"
    result = subprocess.run([sys.executable, "-m", "engine", "play", str(SCENARIO), "--plan",
                             str(REFERENCE), "--log", str(log)], cwd=ROOT, capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stdout
    return log


def test_two_machines_play_to_the_events_one_machine_gives(team: dict[str, Any],
                                                           played: Path) -> None:
    assert decided(team["log"]) == decided(played)
    requests = [r for r in records(team["log"]) if r["k"] == "request"]
    assert {r["role"] for r in requests} == {CUSTOMS, POLICE}
    assert all(r["client"] and r["cseq"] >= 1 for r in requests)


def test_the_log_verifies_replays_and_grades(team: dict[str, Any]) -> None:
    def taskforce(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT,
                                capture_output=True, text=True, check=False, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    log = str(team["log"])
    assert ": intact: closed and signed by this station" in taskforce("verify", log)
    assert "replay matches" in taskforce("replay", log, "--check")
    graded = taskforce("grade", log)
    assert "passed" in graded.lower() or " P" in graded
    who = graded.splitlines()[1]
    assert who.startswith("shared session: ") and "as customs_officer" in who \
        and "as police_officer" in who, who


def test_a_machine_killed_mid_session_comes_back_and_loses_nothing(team: dict[str, Any],
                                                                  ) -> None:
    log, folder = team["log"], team["folder"]
    police_requests = [r["do"] for r in records(log) if r["k"] == "request"
                       and r["role"] == POLICE]
    assert police_requests == ["police_don_ppe", "cordon_area", "photograph_labels",
                               "record_evidence"]  # the first once, the rest after coming back
    joins = logged(log, k="note", note="joined", role=POLICE)
    assert len(joins) == 2 and joins[1]["again"] is True
    assert not logged(log, k="note", note="left", role=POLICE)  # back within the time to live
    assert not logged(log, k="request", seat=POLICE)  # the engine never took the role over
    again = (folder / "police-again.out").read_text()
    assert "left the session (ended) at 9:20" in again


def test_each_machine_is_sent_only_what_its_role_may_see(team: dict[str, Any]) -> None:
    folder = team["folder"]
    customs = records(folder / f"{CUSTOMS}.jsonl")
    police = records(folder / "police-again.jsonl")
    assert all(r.get("role") == CUSTOMS for r in customs if r["k"] == "request")
    assert all(r.get("role") == POLICE for r in police if r["k"] == "request")
    fired = {r["inject"]: r for r in police if r["k"] == "inject_fired"}
    assert "examination_request" not in fired  # the targeting centre tells customs alone
    assert any(r["k"] == "inject_fired" for r in customs)
    assert not [r for r in customs + police if r["k"] in ("started", "header", "poses")]
    program = program_for(load_scenario(SCENARIO))
    hidden = {v for v, spec in program.variables.items() if not spec.shown}
    assert hidden and not [r for r in customs + police
                           if r["k"] == "variable_changed" and r["var"] in hidden]


def test_an_observer_joining_after_3_00_gets_the_hosts_state(team: dict[str, Any]) -> None:
    said = (team["folder"] / "observer.out").read_text()
    found = re.search(r"joined container-search as observer of customs_officer at "
                      r"(\d+):(\d\d) \(state ([0-9a-f]{64})\)", said)
    assert found, said
    t_ms = (int(found.group(1)) * 60 + int(found.group(2))) * 1000
    assert t_ms >= 180_000
    # the host's state when the observer came: the core run afresh over the logged requests
    program = program_for(load_scenario(SCENARIO))
    logged_lines = records(team["log"])
    came = next(r for r in logged_lines if r["k"] == "note" and r["note"] == "observing")
    state, _ = start(program, 1, logged_lines[0]["people"])
    for record in logged_lines[1:]:
        if record["i"] >= came["i"]:
            break
        if record["k"] == "request":
            state, _ = step(program, state, None, record["t"])
            state, _ = step(program, state, request_from_record(record), record["t"])
    state, _ = step(program, state, None, came["t"])
    assert state_digest(state) == found.group(3)
