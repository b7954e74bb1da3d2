"""Shared sessions: 30 clients on loopback, embedded and over NATS JetStream (issue: network).

Targets: a trainee's intent reaches every client as a log entry in p99 ≤ 20 ms embedded and
≤ 30 ms over JetStream; 30 clients sending poses at 20 Hz keep the host under 25 % of one core.

A real ``taskforce host`` process serves a generated scenario with 30 playable roles; 30
protocol clients (one asyncio loop in this process, one connection each) join, one per role.
Client 0 then performs a counting action again and again; the count is a value every role is
shown, so each intent gives one ``variable_changed`` line that all 30 clients are sent. The
figure is the time from sending the intent to the 30th client having that line. Same-run
baseline: the same 30 connections to a bare broadcast server (WebSocket, or plain NATS
subjects), one message fanned out, no core or log. Then every client streams its pose at
20 Hz for a while; the host's CPU time (from /proc) over that window is its share of one core,
beside the same window with the clients joined and still.

    python bench/bench_net.py [--roles 30] [--intents 200] [--seconds 10] [--no-nats]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import percentile  # noqa: E402

TARGET_EMBEDDED_MS, TARGET_NATS_MS, TARGET_CPU = 20.0, 30.0, 0.25
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


def scenario(folder: Path, roles: int) -> Path:
    path = folder / "crowd" / "scenario.yaml"
    path.parent.mkdir(parents=True)
    ids = [f"officer{n}" for n in range(roles)]
    lines = [
        "id: crowd", 'version: "1"', "title: Many officers", "summary: Generated for a bench",
        "objectives: [{id: o, text: Count}]", "levels: [tactical]", "duration_minutes: 60",
        "time_limit: 3600", "roles:",
        *[f"  - {{id: {r}, name: Officer {n}, agency: customs, playable: true}}"
          for n, r in enumerate(ids)],
        "variables:", "  - {id: count, type: int, initial: 0, shown: true}",
        "actions:",
        "  - {id: tally, verb: record, label: Count one, roles: [" + ", ".join(ids) + "], "
        "repeatable: true, effects: {add: {count: 1}}}",
        "endings:", "  - {id: late, outcome: timeout, trigger: {at: 3600}, message: Late}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Host:
    def __init__(self, path: Path, folder: Path, bus: str) -> None:
        self.out = folder / f"host-{bus.split(':')[0]}.out"
        command = [sys.executable, "-m", "engine", "host", str(path), "--bind", "127.0.0.1:0",
                   "--log", str(folder / f"{bus.split(':')[0]}.jsonl"), "--bus", bus,
                   "--start", "instructor", "--ttl", "600"]
        self.proc = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=self.out.open("w"),
                                     stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while "session log " not in self.out.read_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the host did not start: {self.out.read_text()}")
            time.sleep(0.05)
        text = self.out.read_text()
        self.port = int(re.findall(r"on 127\.0\.0\.1:(\d+)", text)[0])
        self.codes = {role: code for code, role in re.findall(r"join code (\S+)  (\w+)", text)}
        self.token = re.findall(r"instructor http://\S+/#(\S+)", text)[0]
        self.bus = (re.findall(r"taskforce join (nats://\S+)", text) or [""])[0]

    def stop(self) -> None:
        self.proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(20)
        if self.proc.poll() is None:
            self.proc.kill()


class Crowd:
    """``n`` clients, each with a send and a queue of what it was sent."""

    def __init__(self) -> None:
        self.sends: list[Callable[[str], Awaitable[None]]] = []
        self.poses: list[Callable[[str], Awaitable[None]]] = []
        self.got: list[asyncio.Queue[dict[str, Any]]] = []
        self.closers: list[Callable[[], Awaitable[None]]] = []
        self.tasks: list[asyncio.Task[None]] = []

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        for close in self.closers:
            with contextlib.suppress(Exception):
                await close()


async def ws_crowd(url: str, hellos: list[dict[str, Any]]) -> Crowd:
    from websockets.asyncio.client import connect

    crowd = Crowd()
    for hello in hellos:
        ws = await connect(url, max_size=1 << 22, compression=None)
        inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        async def read(ws: Any = ws, inbox: asyncio.Queue[dict[str, Any]] = inbox) -> None:
            async for data in ws:
                inbox.put_nowait(json.loads(data))

        crowd.tasks.append(asyncio.create_task(read()))
        crowd.sends.append(ws.send)
        crowd.poses.append(ws.send)
        crowd.got.append(inbox)
        crowd.closers.append(ws.close)
        if hello:
            await ws.send(json.dumps(hello))
    return crowd


async def nats_crowd(bus: str, hellos: list[dict[str, Any]]) -> Crowd:
    import nats

    from engine.net.bus import parse_bus, subjects

    server, name = parse_bus(bus)
    s = subjects(name)
    crowd = Crowd()
    for n, hello in enumerate(hellos):
        nc = await nats.connect(server)
        js = nc.jetstream()
        inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        client = str(hello.get("client", f"c{n}"))

        async def take(msg: Any, inbox: asyncio.Queue[dict[str, Any]] = inbox) -> None:
            inbox.put_nowait(json.loads(msg.data))

        await nc.subscribe(f"{s['out']}.{client}", cb=take)

        async def send(text: str, js: Any = js, client: str = client) -> None:
            message = json.loads(text)
            ident = f"{client}:{message.get('cseq', message['k'])}"
            await js.publish(f"{s['in']}.{client}", text.encode(), headers={"Nats-Msg-Id": ident})

        async def live(text: str, nc: Any = nc, client: str = client) -> None:
            await nc.publish(f"{s['live']}.{client}", text.encode())

        async def beat(live: Callable[[str], Awaitable[None]] = live) -> None:
            while True:
                await asyncio.sleep(1.0)
                await live('{"k":"ack","i":0}')

        crowd.sends.append(send)
        crowd.poses.append(live)
        crowd.got.append(inbox)
        crowd.closers.append(nc.close)
        crowd.tasks.append(asyncio.create_task(beat()))
        await send(json.dumps(hello))
    return crowd


async def until(inbox: asyncio.Queue[dict[str, Any]], test: Callable[[dict[str, Any]], bool],
                timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        message = await asyncio.wait_for(inbox.get(), max(0.01, deadline - time.monotonic()))
        if test(message):
            return message


async def fan_out_ms(crowd: Crowd, intents: int) -> list[float]:
    """Client 0 counts; the ms until every client has the line with the new count."""
    for inbox in crowd.got:
        while not inbox.empty():
            inbox.get_nowait()
    found = []
    for n in range(1, intents + 1):
        sent = time.perf_counter()
        await crowd.sends[0](json.dumps({"k": "request", "cseq": n, "do": "tally",
                                         "role": "officer0"}))

        async def seen(inbox: asyncio.Queue[dict[str, Any]]) -> None:
            await until(inbox, lambda m: m.get("k") == "variable_changed")

        await asyncio.gather(*(seen(inbox) for inbox in crowd.got))
        found.append((time.perf_counter() - sent) * 1000)
        await asyncio.sleep(0.005)
    return found


async def host_cpu(host: Host, crowd: Crowd, seconds: float, poses: bool) -> float:
    """The host's share of one core over ``seconds``, with every client streaming its pose
    at 20 Hz (or still)."""
    async def stream(n: int) -> None:
        step = 0
        while True:
            step += 1
            await crowd.poses[n](f'{{"k":"pose","p":[{n % 7}.0,{step % 50 / 10:.1f},1.7],'
                                 f'"g":[0.0,1.0,0.0]}}')
            await asyncio.sleep(0.05)

    streams = [asyncio.create_task(stream(n)) for n in range(len(crowd.poses))] if poses else []
    await asyncio.sleep(1.0)
    before, start = cpu_seconds(host.proc.pid), time.perf_counter()
    await asyncio.sleep(seconds)
    share = (cpu_seconds(host.proc.pid) - before) / (time.perf_counter() - start)
    for task in streams:
        task.cancel()
    return share


async def join_all(host: Host, roles: int, over: str) -> Crowd:
    hellos = [{"k": "hello", "code": host.codes[f"officer{n}"], "client": f"c{n}",
               "trainee": f"Officer {n}"} for n in range(roles)]
    crowd = (await ws_crowd(f"ws://127.0.0.1:{host.port}/", hellos) if over == "ws"
             else await nats_crowd(host.bus, hellos))
    for inbox in crowd.got:
        await until(inbox, lambda m: m.get("k") == "welcome")
    station = await ws_crowd(f"ws://127.0.0.1:{host.port}/", [{"k": "hello",
                                                                "token": host.token}])
    await station.sends[0]('{"k":"start"}')
    await until(station.got[0], lambda m: m.get("k") == "done")
    await station.close()
    return crowd


async def bare_ws_ms(roles: int, intents: int) -> list[float]:
    """The same fan-out through a bare WebSocket broadcast server, in this process."""
    from websockets.asyncio.server import broadcast, serve

    port = free_port()
    peers: set[Any] = set()

    async def handler(ws: Any) -> None:
        peers.add(ws)
        async for data in ws:
            broadcast(peers, data)

    async with serve(handler, "127.0.0.1", port, compression=None):
        crowd = await ws_crowd(f"ws://127.0.0.1:{port}/", [{}] * roles)
        while len(peers) < roles:
            await asyncio.sleep(0.01)
        found = await bare_rounds(crowd, intents)
        await crowd.close()
    return found


async def bare_nats_ms(server: str, roles: int, intents: int) -> list[float]:
    """The same fan-out through plain NATS: one subject, ``roles`` subscribers."""
    import nats

    crowd = Crowd()
    for _ in range(roles):
        nc = await nats.connect(server)
        inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        async def take(msg: Any, inbox: asyncio.Queue[dict[str, Any]] = inbox) -> None:
            inbox.put_nowait(json.loads(msg.data))

        await nc.subscribe("bench.fanout", cb=take)

        async def send(text: str, nc: Any = nc) -> None:
            await nc.publish("bench.fanout", text.encode())

        crowd.sends.append(send)
        crowd.got.append(inbox)
        crowd.closers.append(nc.close)
    await asyncio.sleep(0.2)
    found = await bare_rounds(crowd, intents)
    await crowd.close()
    return found


async def bare_rounds(crowd: Crowd, intents: int) -> list[float]:
    found = []
    for n in range(intents):
        sent = time.perf_counter()
        await crowd.sends[0](json.dumps({"k": "variable_changed", "var": "count", "value": n}))
        await asyncio.gather(*(until(inbox, lambda m: True) for inbox in crowd.got))
        found.append((time.perf_counter() - sent) * 1000)
        await asyncio.sleep(0.005)
    return found


def line(label: str, values: list[float], base: list[float], target: float) -> str:
    p50, p99 = percentile(values, 50), percentile(values, 99)
    b50, b99 = percentile(base, 50), percentile(base, 99)
    mark = "ok" if p99 <= target else "OVER"
    return (f"{label:<28} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  (target p99 <= {target:.0f}: "
            f"{mark}); bare fan-out p50 {b50:.2f} p99 {b99:.2f} ms: {p99 / b99:.1f}x")


async def run_bus(path: Path, folder: Path, args: argparse.Namespace, bus: str,
                  server: str | None) -> list[str]:
    host = Host(path, folder, bus)
    over = "ws" if bus == "embedded" else "nats"
    try:
        crowd = await join_all(host, args.roles, over)
        ms = await fan_out_ms(crowd, args.intents)
        base = (await bare_ws_ms(args.roles, args.intents) if server is None
                else await bare_nats_ms(server, args.roles, args.intents))
        still = await host_cpu(host, crowd, args.seconds, poses=False)
        moving = await host_cpu(host, crowd, args.seconds, poses=True)
        await crowd.close()
    finally:
        host.stop()
    label = "embedded (WebSocket)" if server is None else "NATS JetStream"
    target = TARGET_EMBEDDED_MS if server is None else TARGET_NATS_MS
    mark = "ok" if moving <= TARGET_CPU else "OVER"
    return [line(f"intent -> {args.roles} clients, {label}", ms, base, target),
            f"{'':<28} host CPU with {args.roles} x 20 Hz poses {moving:.1%} of one core "
            f"(target < {TARGET_CPU:.0%}: {mark}); joined and still {still:.1%}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=30)
    parser.add_argument("--intents", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--no-nats", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["TASKFORCE_HOME"] = ENV["TASKFORCE_HOME"] = str(folder / "station")
        path = scenario(folder, args.roles)
        report = asyncio.run(run_bus(path, folder, args, "embedded", None))
        server = shutil.which("nats-server")
        if not args.no_nats and server is not None:
            port = free_port()
            nats = subprocess.Popen([server, "-js", "-sd", str(folder / "js"), "-a",
                                     "127.0.0.1", "-p", str(port)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                time.sleep(0.5)
                url = f"nats://127.0.0.1:{port}"
                report += asyncio.run(run_bus(path, folder, args, url, url))
            finally:
                nats.terminate()
                nats.wait(10)
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
