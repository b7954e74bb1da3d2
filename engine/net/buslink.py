"""A client's connection to a session over NATS JetStream, on its own thread, as ``Link`` is
for WebSocket: the same ``send``/``pose``/``inbox`` for the frame loop (see ``engine.net.bus``
for the subjects).

Requests, notes and messages go into the session's JetStream stream with the id
``<client>:<cseq>``, so the server stores a resent one once; they stay unacknowledged until the
host says it applied them, and are sent again whenever the connection comes back. Poses (latest
wins, 20 Hz) and a heartbeat each second go by plain NATS.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from typing import Any

from engine.net.bus import FIRST_CONNECT_S, connect, parse_bus, subjects
from engine.net.link import POSE_EVERY_S, Link
from engine.net.protocol import encode
from engine.record.lines import DECODER

HEARTBEAT_S = 1.0


class NatsLink(Link):
    def __init__(self, address: str, hello: Mapping[str, Any], *, give_up_s: float = 120.0,
                 ) -> None:
        super().__init__(address, hello, give_up_s=give_up_s)
        self.server, name = parse_bus(address)
        self.url = address
        self.subject = subjects(name)
        self.client = str(hello["client"])
        self._hellos = 0
        self._nc: Any = None
        self._js: Any = None
        self.thread.name = "taskforce-bus"

    def _post(self, message: Mapping[str, Any]) -> None:
        self._call(self._publish(message))

    def close(self) -> None:
        self._stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=3.0)

    def _call(self, coroutine: Any) -> None:
        loop = self._loop
        if loop is None:
            coroutine.close()
            return
        with contextlib.suppress(RuntimeError):
            asyncio.run_coroutine_threadsafe(coroutine, loop)

    # -- the network thread ------------------------------------------------------------------

    async def _connect_loop(self) -> None:
        try:
            self._nc = await asyncio.wait_for(connect(
                self.server, reconnected_cb=self._reconnected,
                disconnected_cb=self._disconnected), FIRST_CONNECT_S)
        except Exception as exc:  # noqa: BLE001 - no server there: say so, once
            self.failed = f"the NATS server at {self.server} cannot be reached ({exc})"
            return
        self._js = self._nc.jetstream()
        await self._nc.subscribe(f"{self.subject['out']}.{self.client}", cb=self._incoming)
        await self._say_hello()
        beats = asyncio.create_task(self._live())
        while not self._stop.is_set() and self.refused is None:
            await asyncio.sleep(0.05)
        beats.cancel()
        with contextlib.suppress(Exception):
            await self._publish({"k": "bye"})
            await self._nc.drain()

    async def _incoming(self, msg: Any) -> None:
        message = DECODER.decode(msg.data.decode("utf-8"))
        kind = message.get("k")
        if kind == "refused" and not self.connected.is_set():
            self.refused = message
        elif kind == "welcome":
            self.connected.set()
            with self._lock:
                again = [self.unacked[c] for c in sorted(self.unacked)]
            for pending in again:
                await self._publish(pending)
        if "h" in message:
            self.last = max(self.last, int(message["i"]))
        self.inbox.put(message)

    async def _say_hello(self) -> None:
        self._hellos += 1
        await self._publish({**self.hello, "last": self.last})

    async def _reconnected(self) -> None:
        """The server came back: say hello again; the host sends what was missed."""
        await self._say_hello()

    async def _disconnected(self) -> None:
        self.connected.clear()

    async def _publish(self, message: Mapping[str, Any]) -> None:
        data = encode(message).encode("utf-8")
        subject = f"{self.subject['in']}.{self.client}"
        ident = (f"{self.client}:{message['cseq']}" if "cseq" in message
                 else f"{self.client}:{message['k']}:{self._hellos}:{self.last}")
        with contextlib.suppress(Exception):  # the server is away: sent again on reconnect
            await self._js.publish(subject, data, headers={"Nats-Msg-Id": ident}, timeout=2.0)

    async def _live(self) -> None:
        subject = f"{self.subject['live']}.{self.client}"
        sent: dict[str, Any] | None = None
        beat = 0.0
        while True:
            await asyncio.sleep(POSE_EVERY_S)
            beat += POSE_EVERY_S
            pose = self._pose
            with contextlib.suppress(Exception):
                if pose is not None and pose is not sent:
                    await self._nc.publish(subject, encode({"k": "pose", **pose}).encode())
                    sent, beat = pose, 0.0
                elif beat >= HEARTBEAT_S:
                    await self._nc.publish(subject, encode({"k": "ack", "i": self.last}).encode())
                    beat = 0.0
