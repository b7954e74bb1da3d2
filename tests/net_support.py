"""Real processes on loopback for the shared-session tests: a host, trainees' machines driven
by walkthroughs, and a plain protocol client that says exactly what a test wants it to."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "container-search"
REFERENCE = SCENARIO / "walkthroughs" / "reference.yaml"
CUSTOMS, POLICE = "customs_officer", "police_officer"


def env() -> dict[str, str]:
    """The environment of a process a test starts: this tree's code, the test's station."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


class HostProcess:
    def __init__(self, log: Path, *args: str, scenario: Path = SCENARIO) -> None:
        self.log, self.args, self.scenario = log, args, scenario
        self.out = log.with_suffix(".host.out")
        self.proc: subprocess.Popen[str] | None = None
        self.codes: dict[str, str] = {}
        self.token = self.bus = ""
        self.port = 0
        self.started = 1  # how many times it has printed its codes

    def start(self, port: int = 0, timeout: float = 30.0) -> HostProcess:
        command = [sys.executable, "-m", "engine", "host", str(self.scenario), "--bind",
                   f"127.0.0.1:{port or self.port}", "--log", str(self.log), *self.args]
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env(), text=True,
                                     stdout=self.out.open("a"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.out.read_text() if self.out.exists() else ""
            if text.count("session log ") >= self.started:
                break
            if self.proc.poll() is not None:
                raise AssertionError(f"the host stopped: {text}")
            time.sleep(0.05)
        else:
            raise AssertionError(f"the host did not start: {self.out.read_text()}")
        text = self.out.read_text().split("session log ")[-2]
        self.port = int(re.findall(r"on 127\.0\.0\.1:(\d+)", text)[-1])
        self.codes = {role: code for code, role in
                      re.findall(r"join code (\S+)  (\w+)", text)}
        self.codes["observer"] = re.findall(r"join code (\S+)  \(observer", text)[-1]
        self.token = re.findall(r"instructor http://\S+/#(\S+)", text)[-1]
        self.bus = (re.findall(r"taskforce join (nats://\S+)", text) or [""])[-1]
        return self

    def restart(self) -> HostProcess:
        self.started += 1
        return self.start(self.port)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def wait(self, timeout: float = 120.0) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)

    def output(self) -> str:
        return self.out.read_text()


def join(host: HostProcess, role: str, folder: Path, *extra: str,
         plan: Path | None = REFERENCE, name: str | None = None, via: str | None = None,
         ) -> subprocess.Popen[str]:
    """A trainee's machine joining ``host`` (over WebSocket, or the bus address ``via``)."""
    label = name or role
    command = [sys.executable, "-m", "engine", "join", via or host.address, "--code",
               host.codes[role], "--display", "offscreen", "--size", "160x96",
               "--log", str(folder / f"{label}.jsonl"), *extra]
    if plan is not None:
        command += ["--plan", str(plan)]
    out = (folder / f"{label}.out").open("a")
    return subprocess.Popen(command, cwd=ROOT, env=env(), text=True, stdout=out,
                            stderr=subprocess.STDOUT)


def records(log: Path) -> list[dict[str, Any]]:
    """The log's lines, without the signatures that stand outside its chain."""
    return [record for line in log.read_text(encoding="utf-8").splitlines()
            if line.strip() and (record := json.loads(line)).get("k") != "signed"]


def decided(log: Path) -> list[dict[str, Any]]:
    """What the core was asked and what it did, without who sent it, notes, poses, the
    header, the closing line and the hash chain: the same for one machine and many."""
    found = []
    for record in records(log)[1:]:
        if record["k"] in ("poses", "note", "closed"):
            continue
        found.append({k: v for k, v in record.items() if k not in ("i", "h", "client", "cseq")})
    return found


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def logged(log: Path, **fields: Any) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if all(record.get(k) == v for k, v in fields.items()):
            found.append(record)
    return found


@contextmanager
def protocol_client(host: HostProcess) -> Iterator[Any]:
    """A plain WebSocket client on the host's port: it sends what the test says."""
    from websockets.sync.client import connect

    with connect(f"ws://{host.address}/", open_timeout=5, max_size=1 << 22) as ws:
        yield ws


def exchange(ws: Any, message: dict[str, Any] | str, until: str, timeout: float = 5.0,
             ) -> list[dict[str, Any]]:
    """Send ``message``; every message back until one of kind ``until`` (included)."""
    ws.send(message if isinstance(message, str) else json.dumps(message))
    got = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
        got.append(reply)
        if reply.get("k") == until:
            return got
    raise AssertionError(f"no '{until}' in {got}")
