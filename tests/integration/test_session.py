"""Whole sessions through the command line: play, verify, replay, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from engine.cli import main
from engine.record.log import read_log
from tests.grading_support import signed_log

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "container-search"
REFERENCE = SCENARIO / "walkthroughs" / "reference.yaml"


def taskforce(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_two_runs_differ_only_in_session_id_and_start(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(first)]) == 0
    assert main(["play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(second)]) == 0
    a, b = first.read_text().splitlines(), second.read_text().splitlines()
    assert len(a) == len(b) > 50
    chained_a = [line for line in a[1:] if not line.startswith('{"k":"signed"')]
    assert chained_a == [line for line in b[1:] if not line.startswith('{"k":"signed"')]
    assert len(chained_a) == len(a) - 3  # the header and two signatures, at start and close
    head_a, head_b = json.loads(a[0]), json.loads(b[0])
    differing = {k for k in head_a if head_a[k] != head_b.get(k)}
    assert differing <= {"session", "started", "h"}
    assert head_a["session"] != head_b["session"]


def test_play_prints_a_summary_and_where_the_log_is(tmp_path: Path) -> None:
    log = tmp_path / "ref.jsonl"
    result = taskforce("play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(log))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "goods_secured (success)" in result.stdout
    assert f"log: {log}" in result.stdout
    assert "Traceback" not in result.stderr


def test_verify_and_replay_accept_an_untouched_log(tmp_path: Path) -> None:
    log = tmp_path / "ref.jsonl"
    assert main(["play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(log)]) == 0
    verified = taskforce("verify", str(log))
    assert verified.returncode == 0 and "intact" in verified.stdout
    replayed = taskforce("replay", str(log), "--check")
    assert replayed.returncode == 0 and "replay matches" in replayed.stdout, replayed.stdout


def test_verify_says_a_log_that_lost_its_end_is_truncated(tmp_path: Path) -> None:
    log = tmp_path / "ref.jsonl"
    assert main(["play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(log)]) == 0
    verified = taskforce("verify", str(log))
    assert verified.stdout.startswith(f"{log}: intact: closed and signed by this station")
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:-2]))  # the closing line and its signature are gone
    verified = taskforce("verify", str(log))
    assert verified.returncode == 1
    assert f"error LOG009: the log is truncated after line {len(lines) - 2}" in verified.stdout


def test_an_edited_decision_is_caught_by_verify_and_replay(tmp_path: Path) -> None:
    log = tmp_path / "ref.jsonl"
    assert main(["play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(log)]) == 0
    lines = log.read_text().splitlines(keepends=True)
    target = next(
        n
        for n, line in enumerate(lines)
        if '"option":"isolation_bay"' in line and '"k":"decided"' in line
    )
    lines[target] = lines[target].replace("isolation_bay", "examine_here")
    log.write_text("".join(lines))
    verified = taskforce("verify", str(log))
    assert verified.returncode == 1
    assert f"{log}:{target + 1}:1: error LOG003:" in verified.stdout
    replayed = taskforce("replay", str(log), "--check")
    assert replayed.returncode == 1 and "not replaying" in replayed.stdout


def test_replay_notices_a_changed_scenario(tmp_path: Path) -> None:
    log = tmp_path / "ref.jsonl"
    assert main(["play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(log)]) == 0
    changed = tmp_path / "container-search"
    (tmp_path / "assets").symlink_to(ROOT / "assets")
    changed.mkdir()
    text = (SCENARIO / "scenario.yaml").read_text().replace("rate: 0.02", "rate: 0.5")
    (changed / "scenario.yaml").write_text(text)
    result = taskforce("replay", str(log), "--check", "--scenario", str(changed))
    assert result.returncode == 1 and "LOG007" in result.stdout


def long_plan(path: Path, steps: int) -> Path:
    lines = ["id: long", "title: Many scans", "role: customs_officer", f"until: {steps}",
             "steps:"]
    lines += [f"  - {{at: {n / 10:.1f}, do: thermal_scan}}" for n in range(steps)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_kill_9_loses_no_acknowledged_decision(tmp_path: Path) -> None:
    plan = long_plan(SCENARIO / "walkthroughs" / "zz-long-tmp.yaml", 3000)
    try:
        for attempt, stop_after in enumerate((5, 60, 400)):
            log = tmp_path / f"crash{attempt}.jsonl"
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "engine",
                    "play",
                    str(SCENARIO),
                    "--plan",
                    str(plan),
                    "--log",
                    str(log),
                    "--ack",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert process.stdout is not None
            acknowledged: list[int] = []
            for line in process.stdout:
                if line.startswith("ack "):
                    acknowledged.append(int(line.split()[1]))
                if len(acknowledged) >= stop_after:
                    os.kill(process.pid, signal.SIGKILL)
                    break
            process.wait(timeout=30)
            assert process.returncode == -signal.SIGKILL, "the session ended before the kill"
            contents = read_log(log)
            assert [p.code for p in contents.problems] in ([], ["LOG005"])
            present = {r["i"] for r in contents.records}
            assert set(acknowledged) <= present
            scans = [r for r in contents.records if r["k"] == "performed"]
            assert len(scans) >= len(acknowledged)
    finally:
        plan.unlink()


def test_replay_catches_events_the_core_would_not_produce(tmp_path: Path) -> None:
    """Even a log its station signed after changing it (only the key's holder can) must
    replay to the same events."""
    log = tmp_path / "ref.jsonl"
    assert main(["play", str(SCENARIO), "--plan", str(REFERENCE), "--log", str(log)]) == 0
    records = [json.loads(line) for line in log.read_text().splitlines()]
    records = [r for r in records if r["k"] != "signed"]
    for record in records:
        record.pop("h")
        record.pop("i")
        if record["k"] == "inject_fired" and record["inject"] == "gate_traffic":
            record["t"] += 1000
    header = {k: v for k, v in records[0].items() if k not in ("k", "format")}
    header["session"] += "-changed"
    signed_log(log, header, records[1:])
    changed = next(n for n, line in enumerate(log.read_text().splitlines(), 1)
                   if '"gate_traffic"' in line)
    assert taskforce("verify", str(log)).returncode == 0
    result = taskforce("replay", str(log), "--check")
    assert result.returncode == 1
    assert f"{log}:{changed}:1: error LOG008: replay differs at line {changed}" in result.stdout


def test_usage_errors_are_one_clear_line(tmp_path: Path) -> None:
    empty = taskforce("validate", str(tmp_path))
    assert empty.returncode == 2 and empty.stdout.startswith("error CLI001:")
    role = taskforce(
        "play",
        str(SCENARIO),
        "--plan",
        str(REFERENCE),
        "--role",
        "fire_officer",
        "--log",
        str(tmp_path / "x.jsonl"),
    )
    assert role.returncode == 2 and role.stdout.startswith("error CLI002:"), role.stdout
    assert "customs_officer, police_officer" in role.stdout
    assert "Traceback" not in empty.stderr + role.stderr


def test_head_poses_are_written_ten_to_a_line_and_before_later_events(tmp_path: Path) -> None:
    from engine.core.state import Perform
    from engine.scenario.loader import load_scenario
    from engine.session import Session

    loaded = load_scenario(SCENARIO)
    session = Session.begin(loaded, role="customs_officer", seed=1, trainee="t",
                            log_path=tmp_path / "poses.jsonl")
    for n in range(25):
        session.pose(n * 100, (n * 0.1, -12.0, 1.7), (0.0, 1.0, 0.0))
    session.submit(Perform("don_ppe", "customs_officer"), 2_600)
    session.close("quit")
    records = read_log(tmp_path / "poses.jsonl").records
    batches = [r for r in records if r["k"] == "poses"]
    assert [len(b["p"]) for b in batches] == [10, 10, 5]
    assert batches[1]["t"] == 1_000 and batches[1]["dt"] == list(range(0, 1000, 100))
    kinds = [r["k"] for r in records]
    assert kinds.index("request") > max(n for n, k in enumerate(kinds) if k == "poses")
    assert taskforce("replay", str(tmp_path / "poses.jsonl"), "--check").returncode == 0
