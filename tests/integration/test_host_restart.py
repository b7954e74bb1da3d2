"""The host killed with -9 mid-session and started again on its log: the trainees' machines
reconnect by themselves, nothing they had acknowledged is lost or done twice, and the log
verifies, replays and grades like one machine's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def taskforce(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "engine", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=90)


def test_a_host_killed_mid_session_restarts_from_its_log(tmp_path: Path) -> None:
    log = tmp_path / "session.jsonl"
    host = HostProcess(log, "--speed", "20", "--seed", "1").start()
    customs = join(host, CUSTOMS, tmp_path)
    police = join(host, POLICE, tmp_path)
    try:
        wait_for(lambda: logged(log, k="decided", decision="search_site"), 90, "the decision")
        host.kill9()
        before = records(log)
        assert before[-1]["k"] != "closed"
        host.restart()
        assert "resumed container-search" in host.output()
        for machine in (customs, police):
            assert machine.wait(150) == 0
        host.wait(60)
    finally:
        for machine in (customs, police):
            if machine.poll() is None:
                machine.kill()
        host.stop()
    played = tmp_path / "play.jsonl"
    assert taskforce("play", str(SCENARIO), "--plan", str(REFERENCE), "--log",
                     str(played)).returncode == 0
    assert decided(log) == decided(played)
    assert len(logged(log, k="note", note="host_restarted")) == 1
    assert [r["note"] for r in records(log) if r.get("note") == "joined"].count("joined") == 4
    assert ": intact: closed and signed by this station" in taskforce("verify", str(log)).stdout
    assert "replay matches" in taskforce("replay", str(log), "--check").stdout
    graded = taskforce("grade", str(log), "--format", "json")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    report = json.loads(graded.stdout)
    assert report["overall"]["rating"] == "P"
    roles = {row["role"]: row for row in report["roles"]}  # graded per role and for the team
    assert {CUSTOMS, POLICE, "team"} <= set(roles)
    assert roles[POLICE]["rating"] == "P" and roles[POLICE]["met"] >= 3
    assert roles[POLICE]["played"] == f"played by {POLICE}"
