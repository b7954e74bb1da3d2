"""``taskforce host``: the session's one core, served over WebSocket and HTTP.

One asyncio loop holds the ``Room``: each connection's messages are checked
(``engine.net.protocol``) and handed to it; what it sends a peer goes out through that
connection's own queue, so a slow client never holds up the others. The loop ticks the
clock, sends everyone's poses at 20 Hz and the clock at 4 Hz, and serves the instructor page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from engine.net.protocol import (
    HELLO_KINDS,
    INSTRUCTOR_KINDS,
    TRAINEE_KINDS,
    Refusal,
    decode,
)
from engine.net.room import Peer, Room

TICK_S = 0.02
POSES_EVERY_S = 0.05
CLOCK_EVERY_S = 0.25
CLOSE_AFTER_S = 1.0  # the ending reaches every screen before the log closes
LINGER_S = 30.0  # then the instructor station may read the last state this long
OUTBOX_LIMIT = 20_000  # messages waiting for one slow client before it is let go
PAGE = Path(__file__).with_name("page")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


def deliver(room: Room, peer: Peer, data: str | bytes, now: float) -> Refusal | None:
    """One message from a connection, checked and handed to the room; the refusal, if any,
    has been said to the peer and logged."""
    kinds = (HELLO_KINDS if peer.kind == "new" else
             INSTRUCTOR_KINDS if peer.kind == "instructor" else TRAINEE_KINDS)
    try:
        try:
            message = decode(data, kinds)
        except Refusal as refusal:
            raise room.refuse(peer, refusal) from None
        if peer.kind == "new":
            room.hello(peer, message, now)
        else:
            room.receive(peer, message, now)
    except Refusal as refusal:
        return refusal
    return None


class Host:
    def __init__(self, room: Room, bind: tuple[str, int], bus: str = "embedded") -> None:
        self.room, self.bind, self.bus = room, bind, bus
        self.bus_address: str | None = None  # where clients join over NATS, once connected
        self.stopping = asyncio.Event()
        self.port = bind[1]
        self.closed_at: float | None = None

    # -- connections -------------------------------------------------------------------------

    async def connection(self, ws: Any) -> None:
        outbox: asyncio.Queue[str | None] = asyncio.Queue()
        lost = asyncio.Event()

        def send(text: str) -> None:
            if outbox.qsize() > OUTBOX_LIMIT:
                lost.set()
                return
            outbox.put_nowait(text)

        peer = Peer(send)
        writer = asyncio.create_task(self._write(ws, outbox, lost))
        try:
            await self._read(ws, peer, lost)
        finally:
            outbox.put_nowait(None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer, 2.0)
            writer.cancel()
            if peer.kind != "new":
                self.room.drop(peer, time.monotonic())

    async def _write(self, ws: Any, outbox: asyncio.Queue[str | None], lost: asyncio.Event,
                     ) -> None:
        while (text := await outbox.get()) is not None:
            if lost.is_set():
                await ws.close(1008, "too far behind")
                return
            try:
                await ws.send(text)
            except Exception:
                return

    async def _read(self, ws: Any, peer: Peer, lost: asyncio.Event) -> None:
        room = self.room
        async for data in ws:
            if lost.is_set():
                return
            refusal = deliver(room, peer, data, time.monotonic())
            if refusal is not None and peer.kind == "new":  # a wrong code: goodbye
                await asyncio.sleep(0.05)
                await ws.close(1008, refusal.reason[:120])
                return

    # -- the clock -------------------------------------------------------------------------------

    async def ticking(self) -> None:
        room = self.room
        last = time.monotonic()
        next_poses = next_clock = last
        while not self.stopping.is_set():
            await asyncio.sleep(TICK_S)
            now = time.monotonic()
            room.tick(now, min(1.0, now - last))
            last = now
            if now >= next_poses:
                next_poses = now + POSES_EVERY_S
                text = room.poses_message()
                if text is not None:
                    for peer in room.peers:
                        peer.send(text)
            self._finish(now)
            if now >= next_clock:
                next_clock = now + CLOCK_EVERY_S
                text = room.clock_message()
                for peer in room.peers:
                    peer.send(text)

    def _finish(self, now: float) -> None:
        """Once the scenario has ended, close the log; once everyone has gone (or a while
        after), stop serving."""
        room = self.room
        if room.ended_at is not None and not room.session.log.closed \
                and now - room.ended_at >= CLOSE_AFTER_S:
            room.close("ended")
            self.closed_at = now
        if room.session.log.closed:
            self.closed_at = self.closed_at or now
            trainees = [p for p in room.peers if p.kind != "instructor"]
            if not trainees and now - self.closed_at >= 1.0 or now - self.closed_at >= LINGER_S:
                self.stopping.set()

    # -- serving -----------------------------------------------------------------------------

    async def run(self, ready: Callable[[int], None] | Callable[[int], Awaitable[None]],
                  ) -> None:
        from websockets.asyncio.server import serve

        logging.getLogger("websockets").setLevel(logging.CRITICAL)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.stopping.set)
        async with serve(self.connection, self.bind[0], self.bind[1], max_size=1 << 20,
                         process_request=self.http, ping_interval=2.0, ping_timeout=6.0,
                         compression=None) as server:
            self.port = next(iter(server.sockets)).getsockname()[1]
            if self.bus != "embedded":
                from engine.net.bus import NatsBus, parse_bus

                nats_bus = NatsBus(self.room, parse_bus(self.bus)[0])
                await nats_bus.start()
                self.bus_address = nats_bus.address
                carrying = asyncio.create_task(nats_bus.run(self.stopping))
            result = ready(self.port)
            if asyncio.iscoroutine(result):
                await result
            ticker = asyncio.create_task(self.ticking())
            await self.stopping.wait()
            ticker.cancel()
            if not self.room.session.log.closed:
                self.room.close("ended" if self.room.session.ended else "host_stopped")
            await asyncio.sleep(0.1)  # let the closing line reach everyone
            if self.bus_address is not None:
                await carrying

    def http(self, connection: Any, request: Any) -> Any:
        """The instructor page and its files; anything that is not a WebSocket upgrade."""
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        from websockets.datastructures import Headers
        from websockets.http11 import Response

        name = request.path.split("?", 1)[0].lstrip("/") or "index.html"
        path = (PAGE / name).resolve()
        if PAGE.resolve() not in path.parents or not path.is_file():
            return Response(404, "Not Found", Headers([("Content-Type", "text/plain")]),
                            b"not found\n")
        headers = Headers([("Content-Type", TYPES.get(path.suffix, "application/octet-stream")),
                           ("Cache-Control", "no-store"),
                           ("Content-Security-Policy", "default-src 'self'; connect-src "
                            "'self' ws: wss:; img-src 'self' data:")])
        return Response(200, "OK", headers, path.read_bytes())

