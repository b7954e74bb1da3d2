"""What a host refuses, with a real host process on loopback and a plain WebSocket client:
each refusal says why, the host keeps running, and the log gains nothing but the refusal."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.net_support import (
    CUSTOMS,
    POLICE,
    REFERENCE,
    ROOT,
    SCENARIO,
    HostProcess,
    env,
    exchange,
    protocol_client,
    records,
)


def hello(host: HostProcess, role: str, client: str) -> dict[str, object]:
    return {"k": "hello", "code": host.codes[role], "client": client}


def added(host: HostProcess, before: int) -> list[dict[str, object]]:
    return [r for r in records(host.log)[before:] if r["k"] != "poses"]


def test_a_wrong_code_is_refused_and_the_host_keeps_running(host: HostProcess) -> None:
    before = len(records(host.log))
    with protocol_client(host) as ws:
        (reply,) = exchange(ws, {"k": "hello", "code": "ZZZZ-ZZZZ", "client": "x"}, "refused")
    assert reply["code"] == "NET005" and "join code" in str(reply["reason"])
    (note,) = added(host, before)
    assert note["note"] == "refused" and note["code"] == "NET005"
    with protocol_client(host) as ws:
        assert exchange(ws, hello(host, CUSTOMS, "c1"), "welcome")[-1]["role"] == CUSTOMS


def test_malformed_oversized_and_out_of_turn_messages_are_refused(host: HostProcess) -> None:
    with protocol_client(host) as ws:
        assert exchange(ws, "{not json", "refused")[-1]["code"] == "NET001"
    with protocol_client(host) as ws:
        first = exchange(ws, {"k": "request", "cseq": 1, "do": "don_ppe", "role": CUSTOMS},
                         "refused")
        assert first[-1]["code"] == "NET017"
    with protocol_client(host) as ws:
        exchange(ws, hello(host, CUSTOMS, "c1"), "view")
        before = len(records(host.log))
        big = json.dumps({"k": "note", "cseq": 1, "note": "read", "role": CUSTOMS,
                          "prop": "x" * 40_000})
        assert exchange(ws, big, "refused")[-1]["code"] == "NET002"
        assert exchange(ws, "[]", "refused")[-1]["code"] == "NET001"
        assert exchange(ws, {"k": "teleport"}, "refused")[-1]["code"] == "NET003"
        assert exchange(ws, {"k": "fire", "inject": "smoke_seen"}, "refused")[-1]["code"] \
            == "NET009"
        codes = [r["code"] for r in added(host, before)]
        assert codes == ["NET002", "NET001", "NET003", "NET009"]  # refusals, nothing else
        assert exchange(ws, {"k": "hold"}, "clock")  # and it still listens


def test_an_instructors_action_needs_the_instructors_token(host: HostProcess) -> None:
    with protocol_client(host) as ws:
        reply = exchange(ws, {"k": "hello", "token": host.codes[CUSTOMS]}, "refused")[-1]
    assert reply["code"] == "NET009"
    with protocol_client(host) as ws:
        assert exchange(ws, {"k": "hello", "token": host.token}, "welcome")[-1]["kind"] \
            == "instructor"


def test_acting_as_another_role_is_refused_and_logged(host: HostProcess) -> None:
    with protocol_client(host) as station:
        exchange(station, {"k": "hello", "token": host.token}, "welcome")
        exchange(station, {"k": "start"}, "done")
        with protocol_client(host) as ws:
            exchange(ws, hello(host, CUSTOMS, "c1"), "view")
            reply = exchange(ws, {"k": "request", "cseq": 1, "do": "cordon_area",
                                  "role": POLICE}, "refused")[-1]
            assert reply["code"] == "NET008" and POLICE in str(reply["reason"])
            assert exchange(ws, {"k": "request", "cseq": 2, "do": "don_ppe",
                                 "role": CUSTOMS}, "ack")[-1]["cseq"] == 2
    logged = records(host.log)
    refusal = next(r for r in logged if r.get("code") == "NET008")
    assert refusal["role"] == CUSTOMS and refusal["cseq"] == 1
    assert [r["do"] for r in logged if r["k"] == "request" and "do" in r] == ["don_ppe"]


def test_a_code_is_worth_nothing_once_the_session_has_ended(host: HostProcess) -> None:
    with protocol_client(host) as station:
        exchange(station, {"k": "hello", "token": host.token}, "welcome")
        exchange(station, {"k": "end"}, "done")
        with protocol_client(host) as ws:
            reply = exchange(ws, hello(host, POLICE, "late"), "refused")[-1]
    assert reply["code"] == "NET010"
    assert records(host.log)[-1]["k"] == "closed"
    restarted = subprocess.run(
        [sys.executable, "-m", "engine", "host", str(SCENARIO), "--log", str(host.log),
         "--bind", "127.0.0.1:0"], cwd=ROOT, env=env(), capture_output=True, text=True,
        timeout=60, check=False)
    assert restarted.returncode == 1 and "error NET010" in restarted.stdout


def taskforce(*args: str, using: dict[str, str] | None = None,
              ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT, env=using or env(),
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(("args", "code"), [
    (["host", str(SCENARIO), "--bind", "localhost"], "CLI040"),
    (["host", str(SCENARIO), "--bus", "carrier-pigeon"], "CLI041"),
    (["host", str(SCENARIO), "--speed", "0"], "CLI042"),
    (["host", str(SCENARIO), "--ttl", "-1"], "CLI042"),
    (["host", str(SCENARIO), "--players", "customs_officer,fire_officer"], "CLI044"),
    (["join", "nowhere", "--code", "AAAA-BBBB"], "CLI043"),
    (["join", "nats://127.0.0.1:4222", "--code", "AAAA-BBBB"], "CLI043"),  # which session?
    (["host", str(SCENARIO), "--bus", "nats://127.0.0.1"], "CLI041"),
])
def test_command_line_mistakes_are_one_line_each(args: list[str], code: str) -> None:
    result = taskforce(*args)
    assert result.returncode == 2 and f"error {code}" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr


def test_a_host_that_cannot_listen_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = taskforce("host", str(SCENARIO), "--bind", f"127.0.0.1:{port}", "--log",
                           str(tmp_path / "s.jsonl"))
    assert result.returncode == 1 and "error NET019" in result.stdout


def test_only_an_unfinished_shared_session_resumes(tmp_path: Path) -> None:
    solo = tmp_path / "solo.jsonl"
    assert taskforce("play", str(SCENARIO), "--plan", str(REFERENCE), "--log",
                     str(solo)).returncode == 0
    result = taskforce("host", str(SCENARIO), "--log", str(solo), "--bind", "127.0.0.1:0")
    assert "error NET010" in result.stdout  # it ended; and it was never shared
    lines = solo.read_text().splitlines()
    closing = next(n for n, line in enumerate(lines) if '"k":"closed"' in line)
    solo.write_text("\n".join(lines[:closing]) + "\n")  # as if it had crashed
    result = taskforce("host", str(SCENARIO), "--log", str(solo), "--bind", "127.0.0.1:0")
    assert result.returncode == 1 and "error NET018" in result.stdout


def test_joining_a_host_that_is_not_there_or_whose_scenario_is_not_here(
        host: HostProcess, tmp_path: Path) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = taskforce("join", f"127.0.0.1:{port}", "--code", "AAAA-BBBB", "--display",
                       "offscreen", "--plan", str(REFERENCE), "--wait", "1")
    assert result.returncode == 1 and "error NET011" in result.stdout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stranger = {**env(), "TASKFORCE_HOME": str(tmp_path / "station")}
    result = subprocess.run(
        [sys.executable, "-m", "engine", "join", host.address, "--code", host.codes[CUSTOMS],
         "--display", "offscreen", "--plan", str(REFERENCE)], cwd=elsewhere, env=stranger,
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1 and "error NET012" in result.stdout, result.stdout
